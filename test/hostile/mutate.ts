import { ProtoWriter } from '../../shared/formats/proto-writer.js';

/** A seeded random source (mulberry32): the same seed makes the same hostile files. */
export class Random {
  constructor(private state: number) {}
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
}

/** A top-level field of a protobuf message: where it starts, and where its length and payload lie. */
interface Field {
  start: number;
  end: number;
  /** For length-delimited fields: the length varint's [start, end), and the payload's start. */
  lengthStart: number;
  payloadStart: number;
}

/** The fields of the message in bytes[from, to), as far as they parse. */
function fields(bytes: Uint8Array, from = 0, to = bytes.length): Field[] {
  const out: Field[] = [];
  let pos = from;
  const varint = (): number | null => {
    let value = 0;
    for (let shift = 0; shift < 64; shift += 7) {
      if (pos >= to) return null;
      const b = bytes[pos++];
      value += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return value;
    }
    return null;
  };
  while (pos < to) {
    const start = pos;
    const tag = varint();
    if (tag === null) break;
    const wire = tag % 8;
    let lengthStart = -1;
    let payloadStart = -1;
    if (wire === 0) {
      if (varint() === null) break;
    } else if (wire === 2) {
      lengthStart = pos;
      const length = varint();
      if (length === null || pos + length > to) break;
      payloadStart = pos;
      pos += length;
    } else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else break;
    if (pos > to) break;
    out.push({ start, end: pos, lengthStart, payloadStart });
  }
  return out;
}

function encodeVarint(value: number): Uint8Array {
  return new ProtoWriter().varint(value).finish();
}

function splice(bytes: Uint8Array, start: number, end: number, insert: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length - (end - start) + insert.length);
  out.set(bytes.subarray(0, start));
  out.set(insert, start);
  out.set(bytes.subarray(end), start + insert.length);
  return out;
}

const HUGE = [2 ** 31 - 1, 2 ** 31, 2 ** 32 + 5, 2 ** 40, 2 ** 53 - 1, 2 ** 62];

function tamperedLength(random: Random, length: number): number {
  return random.pick([
    () => length + 1 + random.int(8),
    () => Math.max(0, length - 1 - random.int(8)),
    () => length * 2 + 1,
    () => 0,
    () => random.pick(HUGE),
  ])();
}

function withLength(random: Random, bytes: Uint8Array, field: Field): Uint8Array {
  const length = field.end - field.payloadStart;
  return splice(bytes, field.lengthStart, field.payloadStart, encodeVarint(tamperedLength(random, length)));
}

export type Mutation = (bytes: Uint8Array, random: Random) => Uint8Array;

export const MUTATIONS: Record<string, Mutation> = {
  'bit flips': (bytes, random) => {
    const out = bytes.slice();
    for (let i = 1 + random.int(8); i > 0; i--) out[random.int(out.length)] ^= 1 << random.int(8);
    return out;
  },
  'byte inserts': (bytes, random) => {
    const insert = Uint8Array.from({ length: 1 + random.int(16) }, () => random.int(256));
    const at = random.int(bytes.length + 1);
    return splice(bytes, at, at, insert);
  },
  'byte deletes': (bytes, random) => {
    const at = random.int(bytes.length);
    return splice(bytes, at, Math.min(bytes.length, at + 1 + random.int(64)), new Uint8Array());
  },
  'varint tampering': (bytes, random) => {
    const at = random.int(bytes.length);
    const value = random.pick([
      () => encodeVarint(random.pick(HUGE)),
      () => Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]),
      () => Uint8Array.from([0x80, 0x80, 0x80]),
      () => encodeVarint(-1 - random.int(1000)),
    ])();
    return splice(bytes, at, Math.min(bytes.length, at + 1 + random.int(3)), value);
  },
  'length-field tampering': (bytes, random) => {
    const delimited = fields(bytes).filter((f) => f.lengthStart >= 0);
    return delimited.length === 0 ? bytes : withLength(random, bytes, random.pick(delimited));
  },
  'nested length tampering': (bytes, random) => {
    const outer = fields(bytes).filter((f) => f.lengthStart >= 0 && f.end - f.payloadStart > 2);
    if (outer.length === 0) return bytes;
    const parent = random.pick(outer);
    const inner = fields(bytes, parent.payloadStart, parent.end).filter((f) => f.lengthStart >= 0);
    if (inner.length === 0) return bytes;
    const tampered = withLength(random, bytes, random.pick(inner));
    // Half the time the outer length is fixed up, so the message still parses to its end.
    if (random.next() < 0.5) return tampered;
    const grown = parent.end - parent.payloadStart + (tampered.length - bytes.length);
    return splice(tampered, parent.lengthStart, parent.payloadStart, encodeVarint(grown));
  },
  'duplicated fields': (bytes, random) => {
    const all = fields(bytes);
    if (all.length === 0) return bytes;
    const copy = random.pick(all);
    const at = random.pick(all).start;
    return splice(bytes, at, at, bytes.slice(copy.start, copy.end));
  },
  'reordered fields': (bytes, random) => {
    const all = fields(bytes);
    const parsedEnd = all.length > 0 ? all[all.length - 1].end : 0;
    for (let i = all.length - 1; i > 0; i--) {
      const j = random.int(i + 1);
      [all[i], all[j]] = [all[j], all[i]];
    }
    const out = new Uint8Array(bytes.length);
    let at = 0;
    for (const f of all) {
      out.set(bytes.subarray(f.start, f.end), at);
      at += f.end - f.start;
    }
    out.set(bytes.subarray(parsedEnd), at);
    return out;
  },
};
