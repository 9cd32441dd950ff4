import { ProtoReader, WIRE_BYTES, WIRE_VARINT } from '../../shared/formats/proto-reader.js';
import { ProtoWriter } from '../../shared/formats/proto-writer.js';

/**
 * What Pyroscope's SelectMergeProfile answers for `scrapes` stored copies of one fixture profile:
 * only the queried sample type (Pyroscope stores each type as its own series), every sample's
 * value summed over the scrapes, and no default_sample_type. A rewrite of profile.proto's top
 * level: sample_type (1) and sample (2) are rebuilt, default_sample_type (14) dropped, the rest
 * (strings, locations, functions, mappings, period…) copied byte for byte.
 */
export function projectProfile(pprof: Uint8Array, typeIndex: number, scrapes: number): Uint8Array {
  const out = new ProtoWriter();
  // One writer for every rewritten sample and one for its packed values: a ProtoWriter starts at
  // 64 KiB, too much to allocate per sample.
  const sampleWriter = new ProtoWriter();
  const scratch = new ProtoWriter();
  const reader = new ProtoReader(pprof);
  let sampleType = 0;
  while (!reader.atEnd()) {
    const start = reader.pos;
    const key = reader.varint();
    const field = Math.floor(key / 8);
    const wire = key % 8;
    if (field === 2 && wire === WIRE_BYTES) {
      const end = reader.lengthDelimitedEnd();
      out.bytes(2, rewriteSample(pprof.subarray(reader.pos, end), typeIndex, scrapes, sampleWriter, scratch));
      reader.pos = end;
      continue;
    }
    reader.skip(wire);
    if (field === 14) continue;
    if (field === 1 && sampleType++ !== typeIndex) continue;
    appendRaw(out, pprof.subarray(start, reader.pos));
  }
  return out.buf.slice(0, out.length);
}

function appendRaw(out: ProtoWriter, chunk: Uint8Array): void {
  // ProtoWriter has no raw append: write the chunk as a field, then move it back over the
  // field's tag and length.
  const before = out.length;
  out.bytes(0, chunk);
  const header = out.length - before - chunk.length;
  out.buf.copyWithin(before, before + header, out.length);
  out.length -= header;
}

function rewriteSample(sample: Uint8Array, typeIndex: number, scrapes: number, w: ProtoWriter, scratch: ProtoWriter): Uint8Array {
  const reader = new ProtoReader(sample);
  const values: number[] = [];
  const rest: Uint8Array[] = [];
  while (!reader.atEnd()) {
    const start = reader.pos;
    const key = reader.varint();
    const field = Math.floor(key / 8);
    const wire = key % 8;
    if (field === 2 && wire === WIRE_BYTES) {
      const end = reader.lengthDelimitedEnd();
      while (reader.pos < end) values.push(reader.varint());
    } else if (field === 2 && wire === WIRE_VARINT) {
      values.push(reader.varint());
    } else {
      reader.skip(wire);
      rest.push(sample.subarray(start, reader.pos));
    }
  }
  w.length = 0;
  for (const chunk of rest) appendRaw(w, chunk);
  w.packed(2, [values[typeIndex] * scrapes], scratch);
  return w.buf.subarray(0, w.length);
}
