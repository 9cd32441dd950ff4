import type { AllocationGuard } from '../model/growable.js';

/**
 * Samples repeat a call path and a label set seen before, byte for byte: their raw bytes are
 * looked up here before any id is decoded or any label compared. The key is a 64-bit hash
 * (two 32-bit lanes over the same words), not the bytes, and the two lanes start from a random
 * 64-bit seed drawn per cache (so per decode): the unseeded hash is cheap to invert, and a
 * crafted profile could plan two paths with one hash and silently move samples between them;
 * without the seed, a collision cannot be planned, and a chance one stays a ~1e-8 event even at
 * millions of distinct paths. Measured on synth-medium's decode (CPU ms, min of 21, 3 runs):
 * seeding costs nothing measurable (77-79 before, 80-82 after); confirming every hit by comparing
 * the bytes cost 40-50% (127-161), as the earlier range is a cache miss away.
 */
export class ByteRangeCache {
  /** Four ints a slot, side by side so a probe touches one cache line: low, high, value+1, hint. */
  private slots: Int32Array;
  private mask: number;
  private size = 0;
  /** The two hash halves of the last `hash` call. */
  low = 0;
  high = 0;
  /** The slot the last `find` or `insert` landed on. */
  private slot = 0;

  private readonly guard: AllocationGuard | undefined;
  private readonly seedLow: number;
  private readonly seedHigh: number;

  /** `seed` is for tests that plan a collision; real callers leave it random. */
  constructor(
    private readonly view: DataView,
    expected: number,
    { seed = randomSeed(), guard }: { seed?: [number, number]; guard?: AllocationGuard } = {},
  ) {
    [this.seedLow, this.seedHigh] = seed;
    this.guard = guard;
    let capacity = 1 << 10;
    while (capacity < expected * 2) capacity *= 2;
    guard?.charge(capacity * 16);
    this.slots = new Int32Array(capacity * 4);
    this.mask = capacity - 1;
  }

  hash(start: number, end: number): void {
    const view = this.view;
    let a = this.seedLow ^ (end - start);
    let b = this.seedHigh ^ Math.imul(end - start, 0x9e3779b1);
    let i = start;
    for (; i + 4 <= end; i += 4) {
      const word = view.getInt32(i, true);
      a = Math.imul(a ^ word, 0x5bd1e995);
      a ^= a >>> 15;
      b = Math.imul(b + word, 0x85ebca6b);
      b ^= b >>> 13;
    }
    for (; i < end; i++) {
      const byte = view.getUint8(i);
      a = Math.imul(a ^ byte, 0x01000193);
      b = Math.imul(b + byte, 0xc2b2ae35);
    }
    this.low = a ^ (a >>> 16);
    this.high = b ^ (b >>> 16);
  }

  /** The value stored under the last hash, or -2. */
  find(): number {
    const slots = this.slots;
    for (let slot = this.low & this.mask; ; slot = (slot + 1) & this.mask) {
      const at = slot << 2;
      const stored = slots[at + 2];
      if (stored === 0) {
        this.slot = slot;
        return -2;
      }
      if (slots[at] === this.low && slots[at + 1] === this.high) {
        this.slot = slot;
        return stored - 2;
      }
    }
  }

  /** Stores value (>= -1) under the last hash, in the slot the failed `find` stopped at. */
  insert(value: number): void {
    if ((this.size + 1) * 2 > this.mask) {
      this.grow();
      this.find();
    }
    const at = this.slot << 2;
    this.slots[at] = this.low;
    this.slots[at + 1] = this.high;
    this.slots[at + 2] = value + 2;
    this.slots[at + 3] = -1;
    this.size++;
  }

  /** A second int kept with the entry the last find/insert touched. */
  get hint(): number {
    return this.slots[(this.slot << 2) + 3];
  }

  set hint(value: number) {
    this.slots[(this.slot << 2) + 3] = value;
  }

  private grow(): void {
    const old = this.slots;
    const capacity = (this.mask + 1) * 2;
    this.guard?.charge(capacity * 16);
    this.slots = new Int32Array(capacity * 4);
    this.mask = capacity - 1;
    for (let at = 0; at < old.length; at += 4) {
      if (old[at + 2] === 0) continue;
      let slot = old[at] & this.mask;
      while (this.slots[(slot << 2) + 2] !== 0) slot = (slot + 1) & this.mask;
      this.slots.set(old.subarray(at, at + 4), slot << 2);
    }
  }
}

function randomSeed(): [number, number] {
  const seed = new Int32Array(2);
  crypto.getRandomValues(seed);
  return [seed[0], seed[1]];
}

/** The seed the hash had before it was randomized (tests plan collisions against it). */
export const PUBLIC_SEED: [number, number] = [0x811c9dc5 | 0, 0x27d4eb2f];
