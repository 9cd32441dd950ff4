type TypedArrayOf<T> = T extends 'i32' ? Int32Array : Float64Array;

/** An append-only typed column that doubles its capacity as it fills. */
export class GrowableInt32 {
  data: Int32Array;
  length = 0;
  constructor(initialCapacity = 1024) {
    this.data = new Int32Array(Math.max(16, initialCapacity));
  }
  push(value: number): number {
    if (this.length === this.data.length) this.grow(this.length + 1);
    this.data[this.length] = value;
    return this.length++;
  }
  grow(minCapacity: number): void {
    const next = new Int32Array(Math.max(minCapacity, this.data.length * 2));
    next.set(this.data);
    this.data = next;
  }
  /** A right-sized copy, so the spare capacity is freed. */
  toArray(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

export class GrowableFloat64 {
  data: Float64Array;
  length = 0;
  constructor(initialCapacity = 1024) {
    this.data = new Float64Array(Math.max(16, initialCapacity));
  }
  push(value: number): number {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length] = value;
    return this.length++;
  }
  toArray(): Float64Array {
    return this.data.slice(0, this.length);
  }
}

export type { TypedArrayOf };
