/**
 * An open-addressing hash map from a pair of non-negative-or-(-1) int32 keys to an int32 value.
 * Building prefix trees does tens of millions of (parent, child) look-ups; a JS Map keyed by
 * a combined number is several times slower and allocates per entry.
 */
export class IntPairMap {
  private keysA: Int32Array;
  private keysB: Int32Array;
  private values: Int32Array;
  private mask: number;
  size = 0;

  constructor(expectedSize = 1024) {
    let capacity = 16;
    while (capacity < expectedSize * 2) capacity *= 2;
    this.keysA = new Int32Array(capacity);
    this.keysB = new Int32Array(capacity);
    this.values = new Int32Array(capacity).fill(-1);
    this.mask = capacity - 1;
  }

  private static hash(a: number, b: number): number {
    let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x7f4a7c15, 0xc2b2ae35);
    h ^= h >>> 15;
    return Math.imul(h, 0x27d4eb2f) ^ (h >>> 13);
  }

  /** The value stored for (a, b), or -1. */
  get(a: number, b: number): number {
    let slot = IntPairMap.hash(a, b) & this.mask;
    for (;;) {
      const value = this.values[slot];
      if (value === -1) return -1;
      if (this.keysA[slot] === a && this.keysB[slot] === b) return value;
      slot = (slot + 1) & this.mask;
    }
  }

  /** Stores value for (a, b) unless present; returns the value now stored. */
  getOrInsert(a: number, b: number, value: number): number {
    let slot = IntPairMap.hash(a, b) & this.mask;
    for (;;) {
      const existing = this.values[slot];
      if (existing === -1) break;
      if (this.keysA[slot] === a && this.keysB[slot] === b) return existing;
      slot = (slot + 1) & this.mask;
    }
    this.keysA[slot] = a;
    this.keysB[slot] = b;
    this.values[slot] = value;
    if (++this.size * 2 > this.mask) this.rehash();
    return value;
  }

  private rehash(): void {
    const { keysA, keysB, values } = this;
    const capacity = (this.mask + 1) * 2;
    this.keysA = new Int32Array(capacity);
    this.keysB = new Int32Array(capacity);
    this.values = new Int32Array(capacity).fill(-1);
    this.mask = capacity - 1;
    for (let i = 0; i < values.length; i++) {
      if (values[i] === -1) continue;
      let slot = IntPairMap.hash(keysA[i], keysB[i]) & this.mask;
      while (this.values[slot] !== -1) slot = (slot + 1) & this.mask;
      this.keysA[slot] = keysA[i];
      this.keysB[slot] = keysB[i];
      this.values[slot] = values[i];
    }
  }
}
