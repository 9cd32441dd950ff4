import type { AllocationGuard } from './growable.js';

/**
 * An open-addressing hash map from a pair of int32 keys to an int32 value in 0 .. 2^31-2.
 * Building prefix trees does millions of (parent, child) look-ups; a JS Map keyed by a combined
 * number is several times slower and allocates per entry. Each slot keeps its two keys and its
 * value side by side, so a probe touches one cache line; values are stored plus one, so a
 * freshly zeroed array is an empty table with no fill pass.
 */
export class IntPairMap {
  private slots: Int32Array;
  private mask: number;
  size = 0;

  constructor(
    expectedSize = 1024,
    private readonly guard?: AllocationGuard,
  ) {
    let capacity = 16;
    while (capacity * 0.6 < expectedSize) capacity *= 2;
    guard?.charge(capacity * 16);
    this.slots = IntPairMap.emptySlots(capacity);
    this.mask = capacity - 1;
  }

  private static emptySlots(capacity: number): Int32Array {
    return new Int32Array(capacity * 4);
  }

  private static hash(a: number, b: number): number {
    let h = Math.imul(a, 0x9e3779b1) ^ b;
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    return h ^ (h >>> 16);
  }

  /** The value stored for (a, b), or -1. */
  get(a: number, b: number): number {
    const slots = this.slots;
    for (let slot = IntPairMap.hash(a, b) & this.mask; ; slot = (slot + 1) & this.mask) {
      const at = slot << 2;
      const stored = slots[at + 2];
      if (stored === 0) return -1;
      if (slots[at] === a && slots[at + 1] === b) return stored - 1;
    }
  }

  /** Stores value for (a, b) unless present; returns the value now stored. */
  getOrInsert(a: number, b: number, value: number): number {
    const slots = this.slots;
    let slot = IntPairMap.hash(a, b) & this.mask;
    for (; ; slot = (slot + 1) & this.mask) {
      const at = slot << 2;
      const stored = slots[at + 2];
      if (stored === 0) break;
      if (slots[at] === a && slots[at + 1] === b) return stored - 1;
    }
    const at = slot << 2;
    slots[at] = a;
    slots[at + 1] = b;
    slots[at + 2] = value + 1;
    if (++this.size > (this.mask + 1) * 0.6) this.rehash();
    return value;
  }

  private rehash(): void {
    const old = this.slots;
    const capacity = (this.mask + 1) * 2;
    this.guard?.charge(capacity * 16);
    this.slots = IntPairMap.emptySlots(capacity);
    this.mask = capacity - 1;
    for (let at = 0; at < old.length; at += 4) {
      if (old[at + 2] === 0) continue;
      let slot = IntPairMap.hash(old[at], old[at + 1]) & this.mask;
      while (this.slots[(slot << 2) + 2] !== 0) slot = (slot + 1) & this.mask;
      const to = slot << 2;
      this.slots[to] = old[at];
      this.slots[to + 1] = old[at + 1];
      this.slots[to + 2] = old[at + 2];
    }
  }
}
