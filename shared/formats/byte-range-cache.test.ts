import { describe, expect, it } from 'vitest';
import { ByteRangeCache, PUBLIC_SEED } from './byte-range-cache.js';

const fa = (x: number) => {
  const a = Math.imul(x, 0x5bd1e995);
  return (a ^ (a >>> 15)) | 0;
};
const fb = (x: number) => {
  const b = Math.imul(x | 0, 0x85ebca6b);
  return (b ^ (b >>> 13)) | 0;
};

/**
 * Plans a collision of the two 32-bit lanes of the cache's hash over two words, the way an
 * attacker would: after one differing first word, find second words that bring both lanes to
 * the same state (the lanes mix words by xor and by add; x ^ D = x + E is solved bit by bit).
 */
function plannedCollision(): [Uint8Array, Uint8Array] {
  const length = 8;
  const a0 = PUBLIC_SEED[0] ^ length;
  const b0 = PUBLIC_SEED[1] ^ Math.imul(length, 0x9e3779b1);
  let seed = 1;
  const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) | 0) >>> 0;
  for (let attempt = 0; attempt < 5_000_000; attempt++) {
    const x1 = random();
    const y1 = random();
    if (x1 === y1) continue;
    const d = (fa(a0 ^ x1) ^ fa(a0 ^ y1)) >>> 0;
    const e = (fb(b0 + x1) - fb(b0 + y1)) >>> 0;
    // Solve x ^ d === x + e (mod 2^32) for x, low bit first, steering the carry.
    let x = 0;
    let carry = 0;
    let ok = true;
    for (let bit = 0; bit < 32 && ok; bit++) {
      const di = (d >>> bit) & 1;
      const ei = (e >>> bit) & 1;
      if (di !== (ei ^ carry)) ok = false;
      else if (ei === carry) carry = ei;
      else {
        // The carry out equals x's bit: pick the one the next bit needs.
        const next = bit < 31 ? (((d >>> (bit + 1)) & 1) ^ ((e >>> (bit + 1)) & 1)) : 0;
        if (next) x |= 1 << bit;
        carry = next;
      }
    }
    if (!ok) continue;
    const x2 = x >>> 0;
    const y2 = (x2 ^ d) >>> 0;
    const bytes = (w1: number, w2: number) => {
      const out = new Uint8Array(8);
      const view = new DataView(out.buffer);
      view.setUint32(0, w1, true);
      view.setUint32(4, w2, true);
      return out;
    };
    return [bytes(x1, x2), bytes(y1, y2)];
  }
  throw new Error('no collision found');
}

function hashOf(cache: ByteRangeCache, start: number, end: number): [number, number] {
  cache.hash(start, end);
  return [cache.low, cache.high];
}

describe('ByteRangeCache', () => {
  it('keeps two byte strings apart when they were planned to collide', () => {
    const [first, second] = plannedCollision();
    expect(first).not.toEqual(second);
    const buf = new Uint8Array(16);
    buf.set(first, 0);
    buf.set(second, 8);
    const view = new DataView(buf.buffer);
    // Against the seed the plan was made for, the two share all 64 hash bits...
    const known = new ByteRangeCache(view, 16, { seed: PUBLIC_SEED });
    expect(hashOf(known, 0, 8)).toEqual(hashOf(known, 8, 16));
    // ...but every cache draws its own seed, so the second string never finds the first's value.
    for (let trial = 0; trial < 20; trial++) {
      const cache = new ByteRangeCache(view, 16);
      cache.hash(0, 8);
      expect(cache.find()).toBe(-2);
      cache.insert(41);
      cache.hash(8, 16);
      expect(cache.find()).toBe(-2);
      cache.insert(42);
      cache.hash(0, 8);
      expect(cache.find()).toBe(41);
      cache.hash(8, 16);
      expect(cache.find()).toBe(42);
    }
  });

  it('finds equal byte strings at different offsets', () => {
    const buf = new Uint8Array([1, 2, 3, 4, 5, 6, 9, 1, 2, 3, 4, 5, 6]);
    const cache = new ByteRangeCache(new DataView(buf.buffer), 4);
    cache.hash(0, 6);
    expect(cache.find()).toBe(-2);
    cache.insert(7);
    cache.hash(7, 13);
    expect(cache.find()).toBe(7);
    cache.hash(1, 7);
    expect(cache.find()).toBe(-2);
  });
});
