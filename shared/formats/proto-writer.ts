/** A minimal protobuf writer for the benchmark's generator and the pprof export (both must stay fast at 2M samples). */
export class ProtoWriter {
  buf = new Uint8Array(1 << 16);
  length = 0;

  private ensure(extra: number): void {
    if (this.length + extra <= this.buf.length) return;
    let capacity = this.buf.length * 2;
    while (capacity < this.length + extra) capacity *= 2;
    const next = new Uint8Array(capacity);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }

  varint(value: number): this {
    this.ensure(10);
    if (value >= 0 && value < 0x80000000) {
      // The common case in 32-bit arithmetic (IDs, indices, small values).
      while (value >= 0x80) {
        this.buf[this.length++] = (value & 0x7f) | 0x80;
        value >>>= 7;
      }
      this.buf[this.length++] = value;
      return this;
    }
    if (value < 0) {
      // Negative int64: ten bytes of two's complement.
      let lo = value % 2 ** 32 >>> 0;
      let hi = Math.floor(value / 2 ** 32) >>> 0;
      for (let i = 0; i < 9; i++) {
        this.buf[this.length++] = (lo & 0x7f) | 0x80;
        lo = (lo >>> 7) | ((hi & 0x7f) << 25);
        hi >>>= 7;
      }
      this.buf[this.length++] = lo & 0x01;
      return this;
    }
    while (value >= 0x80) {
      this.buf[this.length++] = (value % 0x80) | 0x80;
      value = Math.floor(value / 0x80);
    }
    this.buf[this.length++] = value;
    return this;
  }

  tag(field: number, wireType: number): this {
    return this.varint(field * 8 + wireType);
  }

  uint(field: number, value: number): this {
    return value === 0 ? this : this.tag(field, 0).varint(value);
  }

  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  bytes(field: number, value: Uint8Array): this {
    this.tag(field, 2).varint(value.length);
    this.ensure(value.length);
    this.buf.set(value, this.length);
    this.length += value.length;
    return this;
  }

  /** Appends bytes already encoded (a cached nested message with its tag). */
  raw(value: Uint8Array): this {
    this.ensure(value.length);
    this.buf.set(value, this.length);
    this.length += value.length;
    return this;
  }

  /** Writes a nested message built by `build` into a scratch writer. */
  message(field: number, scratch: ProtoWriter, build: (w: ProtoWriter) => void): this {
    scratch.length = 0;
    build(scratch);
    return this.bytes(field, scratch.buf.subarray(0, scratch.length));
  }

  packed(field: number, values: ArrayLike<number>, scratch: ProtoWriter): this {
    return this.message(field, scratch, (w) => {
      for (let i = 0; i < values.length; i++) w.varint(values[i]);
    });
  }

  /** A packed repeated varint field of values[0..count), written in place (the export's per-sample path). */
  packedVarints(field: number, values: ArrayLike<number>, count: number): this {
    let size = 0;
    for (let i = 0; i < count; i++) size += varintSize(values[i]);
    this.tag(field, 2).varint(size);
    for (let i = 0; i < count; i++) this.varint(values[i]);
    return this;
  }

  finish(): Uint8Array<ArrayBuffer> {
    return this.buf.slice(0, this.length);
  }
}

function varintSize(value: number): number {
  if (value < 0) return 10;
  let size = 1;
  while (value >= 0x80) {
    value = Math.floor(value / 0x80);
    size++;
  }
  return size;
}
