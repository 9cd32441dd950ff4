import { readFileSync, readdirSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { Function as PFunction, Line, Location, Profile as PProfile, Sample, StringTable, ValueType } from 'pprof-format';
import { describe, expect, it } from 'vitest';
import type { Profile } from '../model/profile.js';
import { decodeProfile, decodeUncompressedProfile } from './pprof-decode.js';
import { gunzipWithStreams } from './gunzip.js';
import { ProfileError } from './profile-error.js';
import { runQuery } from '../analysis/query.js';

const fixtures = new URL('../../test/fixtures/', import.meta.url).pathname;
const fixtureFiles = readdirSync(fixtures).filter((f) => /\.pb(\.gz)?$/.test(f));

function rawBytes(file: string): Uint8Array {
  const bytes = readFileSync(fixtures + file);
  return bytes[0] === 0x1f ? gunzipSync(bytes) : bytes;
}

/** Root-to-leaf function names of sample i, from the columnar tables. */
function pathOf(profile: Profile, sample: number): string[] {
  const names: string[] = [];
  for (let s = profile.samples.stack[sample]; s >= 0; s = profile.stacks.parent[s]) {
    names.push(profile.strings[profile.functions.name[profile.frames.func[profile.stacks.frame[s]]]]);
  }
  return names.reverse();
}

/** The same from pprof-format's objects, with pprof's naming of frames without symbols. */
function referencePath(ref: PProfile, sample: Sample): string[] {
  const strings = ref.stringTable.strings;
  const locations = new Map(ref.location.map((l) => [Number(l.id), l]));
  const functions = new Map(ref.function.map((f) => [Number(f.id), f]));
  const mappings = new Map(ref.mapping.map((m) => [Number(m.id), m]));
  const names: string[] = [];
  for (const id of [...sample.locationId].reverse()) {
    const location = locations.get(Number(id))!;
    const mapping = mappings.get(Number(location.mappingId));
    const file = mapping ? strings[Number(mapping.filename)] : '';
    const unsymbolized = file ? `[${file.split('/').pop()}]` : '<unknown>';
    if (location.line.length === 0) names.push(unsymbolized);
    for (const line of [...location.line].reverse()) {
      const fn = functions.get(Number(line.functionId));
      const name = fn ? strings[Number(fn.name)] : '';
      names.push(name || unsymbolized);
    }
  }
  return names;
}

function labelsOf(profile: Profile, sample: number): string[] {
  const set = profile.samples.labelSet[sample];
  const out: string[] = [];
  const { labels, labelSets, strings } = profile;
  for (let l = labelSets.start[set]; l < labelSets.start[set] + labelSets.length[set]; l++) {
    out.push(labels.str[l] ? `${strings[labels.key[l]]}=${strings[labels.str[l]]}` : `${strings[labels.key[l]]}#${labels.num[l]}${strings[labels.unit[l]]}`);
  }
  return out;
}

describe('the typed-array decoder agrees with pprof-format (the reference decoder)', () => {
  // referencePath does not model pprof's names for C++ (simplified), system-name-only and nameless
  // functions: odd-references and the peek- captures have those (the goldens check them instead).
  it.each(fixtureFiles.filter((f) => !f.includes('dropframes') && !f.includes('odd-references') && !f.startsWith('peek-')))('%s', (file) => {
    const bytes = rawBytes(file);
    const ours = decodeUncompressedProfile(bytes);
    const ref = PProfile.decode(bytes);
    const strings = ref.stringTable.strings;
    expect(ours.sampleTypes).toEqual(ref.sampleType.map((t) => ({ type: strings[Number(t.type)], unit: strings[Number(t.unit)] })));
    expect(ours.samples.sourceCount).toBe(ref.sample.length);
    expect(ours.period).toBe(Number(ref.period));
    expect(ours.durationNanos).toBe(Number(ref.durationNanos));
    expect(ours.comments).toEqual(ref.comment.map((c) => strings[Number(c)]));
    // Samples with one path and one label set are merged: compare sums per (path, labels).
    const sums = (entries: { key: string; values: number[] }[]) => {
      const out = new Map<string, number[]>();
      for (const { key, values } of entries) {
        const sum = out.get(key) ?? values.map(() => 0);
        values.forEach((v, t) => (sum[t] += v));
        out.set(key, sum);
      }
      return out;
    };
    const oursBySample = Array.from({ length: ours.samples.count }, (_, i) => ({
      key: `${pathOf(ours, i).join(';')}|${labelsOf(ours, i).join(',')}`,
      values: ours.sampleTypes.map((_, t) => ours.samples.values[t][i]),
    }));
    const refBySample = ref.sample.map((sample) => {
      const labels = sample.label
        .filter((l) => Number(l.str) !== 0 || Number(l.num) !== 0 || Number(l.numUnit) !== 0)
        .map((l) => (Number(l.str) ? `${strings[Number(l.key)]}=${strings[Number(l.str)]}` : `${strings[Number(l.key)]}#${Number(l.num)}${strings[Number(l.numUnit)]}`));
      // pprof-format reads int64 values as unsigned; negative ones (diffs) come back as 2^64 - n.
      const values = sample.value.map((v) => Number(BigInt.asIntN(64, BigInt(v))));
      return { key: `${referencePath(ref, sample).join(';')}|${labels.join(',')}`, values };
    });
    expect(sums(oursBySample)).toEqual(sums(refBySample));
    ours.sampleTypes.forEach((_, t) => expect(ours.samples.totals[t]).toBe(refBySample.reduce((sum, s) => sum + Math.abs(s.values[t]), 0)));
  });
});

describe('profile details', () => {
  it('marks inlined frames and names frames without symbols after their mapping', async () => {
    const profile = decodeUncompressedProfile(rawBytes('edge-inline-unsymbolized.pb'));
    const names = (f: number) => profile.strings[profile.functions.name[profile.frames.func[f]]];
    const frames = Array.from({ length: profile.frames.count }, (_, f) => `${names(f)}${profile.frames.inlined[f] ? ' (inline)' : ''}`);
    expect(frames).toContain('main.serve');
    expect(frames).toContain('json.(*decodeState).value (inline)');
    expect(frames).toContain('[libc.so.6]');
    expect(frames).toContain('<unknown>');
    expect(profile.comments).toEqual(['made by make-edge-fixtures.ts']);
    expect(profile.numLabelUnits.get('request')).toBe('bytes');
    expect(profile.numLabelUnits.get('alignment')).toBe('bytes');
    expect(profile.numLabelUnits.get('size')).toBe('kilobytes');
    expect(profile.sampleTypes[profile.defaultSampleTypeIndex].type).toBe('alloc_space');
  });

  it('chooses the last sample type when there is no default (Go heap profiles: inuse_space)', () => {
    const heap = decodeUncompressedProfile(rawBytes('app-v1-heap.pb.gz'));
    expect(heap.sampleTypes[heap.defaultSampleTypeIndex].type).toBe('inuse_space');
    const allocs = decodeUncompressedProfile(rawBytes('app-v1-allocs.pb.gz'));
    expect(allocs.sampleTypes[allocs.defaultSampleTypeIndex].type).toBe('alloc_space');
  });

  it('decodes a 50,000-frame stack without recursion', () => {
    const profile = decodeUncompressedProfile(rawBytes('edge-deep-stack.pb.gz'));
    expect(pathOf(profile, 0)).toHaveLength(50_000);
  });

  it('reports progress through the phases of a decode, in order', async () => {
    const seen: [number, string][] = [];
    await decodeProfile(readFileSync(`${fixtures}synth-small.pb.gz`), { onProgress: (fraction, phase) => seen.push([fraction, phase]) });
    const fractions = seen.map(([f]) => f);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(new Set(seen.map(([, phase]) => phase))).toEqual(new Set(['decompressing', 'reading the protobuf', 'reading functions and locations']));
  });

  it('reads gzip through DecompressionStream as well as zlib', async () => {
    const bytes = readFileSync(`${fixtures}app-v1-cpu.pb.gz`);
    const viaStreams = await decodeProfile(bytes);
    expect(viaStreams.samples.count).toBe(decodeUncompressedProfile(gunzipSync(bytes)).samples.count);
  });
});

function tinyProfile(edit: (p: PProfile, strings: StringTable) => void = () => {}): Uint8Array {
  const strings = new StringTable();
  const fn = new PFunction({ id: 1, name: strings.dedup('main.main') });
  const profile = new PProfile({
    sampleType: [new ValueType({ type: strings.dedup('samples'), unit: strings.dedup('count') })],
    sample: [new Sample({ locationId: [1], value: [5] })],
    location: [new Location({ id: 1, line: [new Line({ functionId: 1 })] })],
    function: [fn],
    stringTable: strings,
    timeNanos: 1,
  });
  edit(profile, strings);
  return profile.encode();
}

async function decodeError(bytes: Uint8Array, maxDecompressedBytes?: number): Promise<ProfileError> {
  try {
    await decodeProfile(bytes, { maxDecompressedBytes });
  } catch (error) {
    expect(error).toBeInstanceOf(ProfileError);
    return error as ProfileError;
  }
  throw new Error('expected the decode to fail');
}

describe('bad input gets a typed error a user can act on', () => {
  it('decodes the well-formed tiny profile (the base of the cases below)', async () => {
    expect((await decodeProfile(tinyProfile())).samples.count).toBe(1);
  });

  it('merges function rows whose names are the same text at different string indices', async () => {
    const bytes = tinyProfile((p, strings) => {
      // A second string entry, patched below into the same text as the first.
      p.function.push(new PFunction({ id: 2, name: strings.dedup('main.maiN') }));
      p.location.push(new Location({ id: 2, line: [new Line({ functionId: 2 })] }));
      p.sample.push(new Sample({ locationId: [2], value: [7] }));
    });
    const at = Buffer.from(bytes).indexOf('main.maiN');
    bytes[at + 8] = 'n'.charCodeAt(0);
    const profile = await decodeProfile(bytes);
    expect(profile.strings.filter((x) => x === 'main.main')).toHaveLength(2);
    expect(profile.functions.count).toBe(1);
    const top = runQuery(profile).top!;
    expect([top.count, top.flat[0], top.cum[0]]).toEqual([1, 12, 12]);
  });

  it('empty file', async () => {
    expect((await decodeError(new Uint8Array())).code).toBe('empty');
  });

  it('text and random bytes are not a profile', async () => {
    expect((await decodeError(new TextEncoder().encode('hello, this is not a profile\n'))).code).toBe('not-a-profile');
    expect((await decodeError(new TextEncoder().encode('<html><body>404</body></html>'))).code).toBe('not-a-profile');
    let seed = 7;
    const random = Uint8Array.from({ length: 4096 }, () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff);
    expect(['not-a-profile', 'corrupt', 'truncated']).toContain((await decodeError(random)).code);
  });

  it('truncated gzip', async () => {
    const gz = readFileSync(`${fixtures}app-v1-cpu.pb.gz`);
    const error = await decodeError(gz.subarray(0, gz.length >> 1));
    expect(error.code).toBe('truncated');
    expect(error.message).toMatch(/gzip/);
  });

  it('truncated protobuf', async () => {
    const raw = rawBytes('app-v1-cpu.pb.gz');
    expect((await decodeError(raw.subarray(0, Math.floor(raw.length * 0.6)))).code).toBe('truncated');
  });

  it('string index out of range', async () => {
    const bytes = tinyProfile((p) => (p.function[0].name = 999));
    const error = await decodeError(bytes);
    expect(error.code).toBe('string-index');
    expect(error.message).toMatch(/string 999/);
  });

  it('a sample naming a location that does not exist', async () => {
    const error = await decodeError(tinyProfile((p) => (p.sample[0].locationId = [42])));
    expect(error.code).toBe('bad-reference');
    expect(error.message).toMatch(/location id 42/);
  });

  it('a line naming a function that does not exist', async () => {
    const error = await decodeError(tinyProfile((p) => (p.location[0].line[0].functionId = 9)));
    expect(error.code).toBe('bad-reference');
    expect(error.message).toMatch(/function id 9/);
  });

  it('a sample with the wrong number of values', async () => {
    const error = await decodeError(tinyProfile((p) => (p.sample[0].value = [1, 2])));
    expect(error.code).toBe('corrupt');
    expect(error.message).toMatch(/2 values/);
  });

  it('concatenated profiles', async () => {
    const one = tinyProfile();
    const both = new Uint8Array(one.length * 2);
    both.set(one);
    both.set(one, one.length);
    expect((await decodeError(both)).code).toBe('concatenated');
    expect((await decodeError(gzipSync(both))).code).toBe('concatenated');
  });

  it('a zip bomb stops at the size limit', async () => {
    const bomb = gzipSync(new Uint8Array(64 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(100_000);
    const error = await decodeError(bomb, 8 * 1024 * 1024);
    expect(error.code).toBe('too-large');
    await expect(gunzipWithStreams(bomb, 1024 * 1024)).rejects.toThrow(/larger than/);
  });

  it('a length prefix far past the end of the data', async () => {
    // field 2 (sample), wire type 2, length 2^35
    const bytes = Uint8Array.from([0x0a, 0x00, 0x12, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01, 0x00]);
    expect(['truncated', 'not-a-profile']).toContain((await decodeError(bytes)).code);
  });

  it('a varint longer than ten bytes', async () => {
    const bytes = Uint8Array.from([0x0a, 0x00, 0x48, ...new Array<number>(12).fill(0xff), 0x01]);
    expect(['corrupt', 'not-a-profile']).toContain((await decodeError(bytes)).code);
  });

  it('string_table[0] must be empty', async () => {
    const text = (field: number, value: string) => [(field << 3) | 2, value.length, ...new TextEncoder().encode(value)];
    const bytes = Uint8Array.from([0x0a, 0x04, 0x08, 0x01, 0x10, 0x02, ...text(6, 'x'), ...text(6, 'samples'), ...text(6, 'count')]);
    expect((await decodeError(bytes)).message).toMatch(/string_table\[0\]/);
  });

  it('a profile over the memory limit is refused before its tables are allocated', async () => {
    const bytes = readFileSync(`${fixtures}synth-small.pb.gz`);
    const error = await decodeProfile(bytes, { maxMemoryBytes: 5e6 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProfileError);
    expect((error as ProfileError).code).toBe('memory-limit');
    expect((error as ProfileError).message).toMatch(/^the profile would need (about|at least) [\d.]+ MB of memory to open, more than the 5 MB limit$/);
    const opened = await decodeProfile(bytes, { maxMemoryBytes: 5e8 });
    expect(opened.samples.sourceCount).toBeGreaterThan(0);
  });

  it('gzip that inflates past half the memory limit is refused while it inflates', async () => {
    const bomb = gzipSync(new Uint8Array(8 * 1024 * 1024));
    const error = (await decodeProfile(bomb, { maxMemoryBytes: 4e6 }).catch((e: unknown) => e)) as ProfileError;
    expect(error.code).toBe('memory-limit');
    expect(error.message).toMatch(/larger than 2 MB uncompressed, so it would need more than the 4 MB memory limit/);
  });
});
