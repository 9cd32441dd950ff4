/** Told of an allocation before it is made; throws to refuse it (a decode's memory budget). */
export interface AllocationGuard {
  charge(bytes: number): void;
  /** Share of the input read so far (0..1], so a refusal can say what the whole would need. */
  progress: number;
}

/**
 * An append-only typed column that doubles its capacity as it fills. One class per element
 * type rather than one generic class: push() is the decoder's hottest call, and a class that sees
 * one array type stays monomorphic.
 */
export class GrowableInt32 {
  data: Int32Array;
  length = 0;
  constructor(
    initialCapacity = 1024,
    private readonly guard?: AllocationGuard,
  ) {
    const capacity = Math.max(16, initialCapacity);
    guard?.charge(capacity * 4);
    this.data = new Int32Array(capacity);
  }
  push(value: number): number {
    if (this.length === this.data.length) this.grow(this.length + 1);
    this.data[this.length] = value;
    return this.length++;
  }
  grow(minCapacity: number): void {
    const capacity = Math.max(minCapacity, this.data.length * 2);
    this.guard?.charge(capacity * 4);
    const next = new Int32Array(capacity);
    next.set(this.data);
    this.data = next;
  }
  /** A right-sized copy, so the spare capacity is freed. */
  toArray(): Int32Array {
    this.guard?.charge(this.length * 4);
    return this.data.slice(0, this.length);
  }
}

export class GrowableFloat64 {
  data: Float64Array;
  length = 0;
  constructor(
    initialCapacity = 1024,
    private readonly guard?: AllocationGuard,
  ) {
    const capacity = Math.max(16, initialCapacity);
    guard?.charge(capacity * 8);
    this.data = new Float64Array(capacity);
  }
  push(value: number): number {
    if (this.length === this.data.length) {
      this.guard?.charge(this.data.length * 2 * 8);
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length] = value;
    return this.length++;
  }
  toArray(): Float64Array {
    this.guard?.charge(this.length * 8);
    return this.data.slice(0, this.length);
  }
}

