import { gzipSync } from 'node:zlib';
import { ProtoWriter } from '../../shared/formats/proto-writer.js';

/**
 * Hand-made pprof bytes for hostile and pathological cases, written field by field so a test
 * can say exactly which count or length lies.
 */
export class ProfileWriter {
  readonly out = new ProtoWriter();
  private readonly scratch = new ProtoWriter();
  private readonly inner = new ProtoWriter();
  private readonly strings = new Map<string, number>([['', 0]]);
  private readonly stringList = [''];

  str(s: string): number {
    let i = this.strings.get(s);
    if (i === undefined) {
      i = this.stringList.length;
      this.strings.set(s, i);
      this.stringList.push(s);
    }
    return i;
  }

  sampleType(type: string, unit: string): this {
    const t = this.str(type);
    const u = this.str(unit);
    this.out.message(1, this.scratch, (w) => w.uint(1, t).uint(2, u));
    return this;
  }

  sample(locationIds: ArrayLike<number>, values: ArrayLike<number>, labels: { key: string; str?: string; num?: number }[] = []): this {
    const resolved = labels.map((l) => ({ key: this.str(l.key), str: l.str === undefined ? 0 : this.str(l.str), num: l.num ?? 0 }));
    this.out.message(2, this.scratch, (w) => {
      if (locationIds.length > 0) w.packed(1, locationIds, this.inner);
      if (values.length > 0) w.packed(2, values, this.inner);
      for (const l of resolved) w.message(3, this.inner, (x) => x.uint(1, l.key).uint(2, l.str).uint(3, l.num));
    });
    return this;
  }

  mapping(id: number, file: string): this {
    const f = this.str(file);
    this.out.message(3, this.scratch, (w) => w.uint(1, id).uint(2, 0x1000).uint(3, 0x9000).uint(5, f));
    return this;
  }

  /** A location; `functionIds` are its lines, innermost first. */
  location(id: number, mappingId: number, functionIds: number[]): this {
    this.out.message(4, this.scratch, (w) => {
      w.uint(1, id).uint(2, mappingId).uint(3, 0x1000 + id);
      for (const fn of functionIds) w.message(4, this.inner, (x) => x.uint(1, fn).uint(2, 7));
    });
    return this;
  }

  function(id: number, name: string, systemName = name, file = '/src/x.go'): this {
    const n = this.str(name);
    const s = this.str(systemName);
    const f = this.str(file);
    this.out.message(5, this.scratch, (w) => w.uint(1, id).uint(2, n).uint(3, s).uint(4, f));
    return this;
  }

  raw(field: number, wireType: number, value: number | Uint8Array): this {
    if (value instanceof Uint8Array) this.out.bytes(field, value);
    else this.out.tag(field, wireType).varint(value);
    return this;
  }

  /** The profile bytes; the string table goes last, as Go writes it. */
  finish(): Uint8Array {
    for (const s of this.stringList) this.out.string(6, s);
    return this.out.finish();
  }
}

/** A protobuf length-delimited field header: tag and length. */
export function fieldHeader(field: number, length: number): Uint8Array {
  const w = new ProtoWriter();
  w.tag(field, 2).varint(length);
  return w.finish();
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** `pattern` repeated to `bytes` bytes (cut at a whole pattern). */
export function repeat(pattern: Uint8Array, bytes: number): Uint8Array {
  const count = Math.floor(bytes / pattern.length);
  const out = new Uint8Array(count * pattern.length);
  for (let i = 0; i < count; i++) out.set(pattern, i * pattern.length);
  return out;
}

/**
 * gzip of head + body×times + tail without ever holding the inflated bytes: gzip members
 * concatenate, so one compressed body block is written `times` times. Inflates to
 * head + times × body.length + tail.
 */
export function gzipBomb(head: Uint8Array, body: Uint8Array, times: number, tail: Uint8Array = new Uint8Array()): Uint8Array {
  const block = gzipSync(body, { level: 9 });
  const parts = [gzipSync(head)];
  for (let i = 0; i < times; i++) parts.push(block);
  if (tail.length > 0) parts.push(gzipSync(tail));
  return concat(...parts);
}
