import { GrowableFloat64, GrowableInt32, type AllocationGuard } from '../model/growable.js';

/** Interns distinct label sets; a sample's labels are compared as (key, str, num, unit) tuples. */
export class LabelSetBuilder {
  readonly key: GrowableInt32;
  readonly str: GrowableInt32;
  readonly num: GrowableFloat64;
  readonly unit: GrowableInt32;
  readonly setStart: GrowableInt32;
  readonly setLength: GrowableInt32;
  private readonly byHash = new Map<number, number[]>();
  // The labels of the sample being read.
  pendingKey = new Int32Array(16);
  pendingStr = new Int32Array(16);
  pendingNum = new Float64Array(16);
  pendingUnit = new Int32Array(16);
  pendingCount = 0;

  constructor(private readonly guard?: AllocationGuard) {
    this.key = new GrowableInt32(256, guard);
    this.str = new GrowableInt32(256, guard);
    this.num = new GrowableFloat64(256, guard);
    this.unit = new GrowableInt32(256, guard);
    this.setStart = new GrowableInt32(256, guard);
    this.setLength = new GrowableInt32(256, guard);
    this.setStart.push(0);
    this.setLength.push(0);
  }

  addPending(key: number, str: number, num: number, unit: number): void {
    if (this.pendingCount === this.pendingKey.length) {
      this.guard?.charge(this.pendingKey.length * 2 * 20);
      const grow = <T extends Int32Array | Float64Array>(a: T): T => {
        const next = new (a.constructor as { new (n: number): T })(a.length * 2);
        next.set(a);
        return next;
      };
      this.pendingKey = grow(this.pendingKey);
      this.pendingStr = grow(this.pendingStr);
      this.pendingNum = grow(this.pendingNum);
      this.pendingUnit = grow(this.pendingUnit);
    }
    const i = this.pendingCount++;
    this.pendingKey[i] = key;
    this.pendingStr[i] = str;
    this.pendingNum[i] = num;
    this.pendingUnit[i] = unit;
  }

  /** The row of the set now pending; 0 when it is empty. Clears the pending labels. */
  internPending(): number {
    const n = this.pendingCount;
    this.pendingCount = 0;
    if (n === 0) return 0;
    let h = n;
    for (let i = 0; i < n; i++) {
      h = Math.imul(h ^ this.pendingKey[i], 0x01000193);
      h = Math.imul(h ^ this.pendingStr[i], 0x01000193);
      h = Math.imul(h ^ (this.pendingNum[i] | 0), 0x01000193);
      h = Math.imul(h ^ this.pendingUnit[i], 0x01000193);
    }
    const candidates = this.byHash.get(h);
    if (candidates) {
      for (const set of candidates) if (this.pendingEquals(set, n)) return set;
    }
    const start = this.key.length;
    for (let i = 0; i < n; i++) {
      this.key.push(this.pendingKey[i]);
      this.str.push(this.pendingStr[i]);
      this.num.push(this.pendingNum[i]);
      this.unit.push(this.pendingUnit[i]);
    }
    this.setStart.push(start);
    const set = this.setLength.push(n);
    // The hash map's entry and candidate list.
    this.guard?.charge(64);
    if (candidates) candidates.push(set);
    else this.byHash.set(h, [set]);
    return set;
  }

  private pendingEquals(set: number, n: number): boolean {
    if (this.setLength.data[set] !== n) return false;
    const start = this.setStart.data[set];
    for (let i = 0; i < n; i++) {
      if (
        this.key.data[start + i] !== this.pendingKey[i] ||
        this.str.data[start + i] !== this.pendingStr[i] ||
        this.num.data[start + i] !== this.pendingNum[i] ||
        this.unit.data[start + i] !== this.pendingUnit[i]
      ) {
        return false;
      }
    }
    return true;
  }
}

