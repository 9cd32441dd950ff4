import { ProfileError } from './profile-error.js';

export const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
export const WIRE_BYTES = 2;
const WIRE_FIXED32 = 5;

const TWO_POW_32 = 4294967296;

function truncated(): never {
  throw new ProfileError('truncated', 'the protobuf data ends in the middle of a field (truncated file?)');
}

/**
 * A cursor over protobuf bytes. Numbers come back as JS numbers: ids and values above 2^53
 * lose precision, which no real profile reaches, and in exchange nothing allocates a BigInt.
 */
export class ProtoReader {
  pos: number;
  end: number;
  readonly buf: Uint8Array;

  constructor(buf: Uint8Array, pos = 0, end = buf.length) {
    this.buf = buf;
    this.pos = pos;
    this.end = end;
  }

  atEnd(): boolean {
    return this.pos >= this.end;
  }

  /** Unsigned varint (uint32/uint64 as a number). */
  varint(): number {
    const buf = this.buf;
    const pos = this.pos;
    if (pos < this.end) {
      const b0 = buf[pos];
      if (b0 < 0x80) {
        this.pos = pos + 1;
        return b0;
      }
      if (pos + 1 < this.end) {
        const b1 = buf[pos + 1];
        if (b1 < 0x80) {
          this.pos = pos + 2;
          return (b0 & 0x7f) | (b1 << 7);
        }
      }
    }
    this.readLoHi();
    return (this.hi >>> 0) * TWO_POW_32 + (this.lo >>> 0);
  }

  /** Signed int64 varint (two's complement, 10 bytes when negative). */
  int64(): number {
    const buf = this.buf;
    const pos = this.pos;
    if (pos < this.end && buf[pos] < 0x80) {
      this.pos = pos + 1;
      return buf[pos];
    }
    this.readLoHi();
    const hi = this.hi;
    const lo = this.lo;
    if (hi & 0x80000000) return -((~hi >>> 0) * TWO_POW_32 + (~lo >>> 0) + 1);
    return (hi >>> 0) * TWO_POW_32 + (lo >>> 0);
  }

  private lo = 0;
  private hi = 0;

  private readLoHi(): void {
    const buf = this.buf;
    const end = this.end;
    let pos = this.pos;
    let lo = 0;
    let hi: number;
    let b: number;
    for (let shift = 0; shift < 28; shift += 7) {
      if (pos >= end) truncated();
      b = buf[pos++];
      lo |= (b & 0x7f) << shift;
      if (b < 0x80) {
        this.pos = pos;
        this.lo = lo;
        this.hi = 0;
        return;
      }
    }
    if (pos >= end) truncated();
    b = buf[pos++];
    lo |= (b & 0x7f) << 28;
    hi = (b & 0x7f) >> 4;
    if (b < 0x80) {
      this.pos = pos;
      this.lo = lo;
      this.hi = hi;
      return;
    }
    for (let shift = 3; shift < 32; shift += 7) {
      if (pos >= end) truncated();
      b = buf[pos++];
      hi |= (b & 0x7f) << shift;
      if (b < 0x80) {
        this.pos = pos;
        this.lo = lo;
        this.hi = hi;
        return;
      }
    }
    throw new ProfileError('corrupt', 'a protobuf varint is longer than 10 bytes (corrupt data)');
  }

  /** Reads a length prefix and returns the end offset of the bytes it announces. */
  lengthDelimitedEnd(): number {
    const length = this.varint();
    const end = this.pos + length;
    if (end > this.end) truncated();
    return end;
  }

  skip(wireType: number): void {
    switch (wireType) {
      case WIRE_VARINT:
        this.varint();
        return;
      case WIRE_FIXED64:
        this.pos += 8;
        break;
      case WIRE_BYTES:
        this.pos = this.lengthDelimitedEnd();
        return;
      case WIRE_FIXED32:
        this.pos += 4;
        break;
      default:
        throw new ProfileError('corrupt', `unsupported protobuf wire type ${wireType} (corrupt data or not a profile)`);
    }
    if (this.pos > this.end) truncated();
  }
}
