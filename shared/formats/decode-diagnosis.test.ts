import { readFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeProfile, decodeProfileBlob } from './pprof-decode.js';
import { ProfileError } from './profile-error.js';
import { ProtoReader } from './proto-reader.js';
import { synthesizeProfile } from './synthetic-profile.js';

const fixtures = new URL('../../test/fixtures/', import.meta.url).pathname;
const raw = gunzipSync(readFileSync(`${fixtures}app-v1-cpu.pb.gz`));
const synthetic = synthesizeProfile({ stacks: 300, samples: 3000, seed: 11, functions: 800 });

async function failure(bytes: Uint8Array): Promise<ProfileError> {
  // Both entry points: bytes (CLI) and a Blob (the app's worker) say the same.
  const errors: unknown[] = [];
  await decodeProfile(bytes).catch((error: unknown) => errors.push(error));
  await decodeProfileBlob(new Blob([bytes.slice()])).catch((error: unknown) => errors.push(error));
  expect(errors).toHaveLength(2);
  const [fromBytes, fromBlob] = errors as ProfileError[];
  expect(fromBytes).toBeInstanceOf(ProfileError);
  expect(fromBlob.message).toBe(fromBytes.message);
  return fromBytes;
}

/** Offsets where one top-level field ends and the next begins: a file cut there parses cleanly. */
function fieldBoundaries(buf: Uint8Array, count: number): number[] {
  const reader = new ProtoReader(buf);
  const ends: number[] = [];
  while (!reader.atEnd() && ends.length < count) {
    reader.skip(reader.varint() & 7);
    ends.push(reader.pos);
  }
  return ends;
}

const text = (s: string) => new TextEncoder().encode(s);

describe('a file that is not a profile says what it looks like first (issue 11, defect 11)', () => {
  const cases: [string, Uint8Array, RegExp][] = [
    ['a text file', text('hello, this is not a profile\njust some notes\n'), /^This is not a pprof profile — it looks like text\. Details: \S/],
    ['text, gzipped', gzipSync('hello world '.repeat(1000)), /^This is not a pprof profile — it looks like text\. Details: \S/],
    ['go tool pprof -top output', text('Showing nodes accounting for 1.20s, 100% of 1.20s total\n      flat  flat%   sum%        cum   cum%\n     0.50s 41.67% 41.67%      0.50s 41.67%  main.work\n'), /^This is not a pprof profile — it looks like text\./],
    ['an HTML page', text('<!doctype html><html><body>404 Not Found</body></html>'), /^This is not a pprof profile — it looks like an HTML page .*\. Details: \S/],
    ['an HTML page with leading whitespace and a BOM', text('\uFEFF\n  <html lang="en"><head><title>Sign in</title></head></html>'), /^This is not a pprof profile — it looks like an HTML page/],
    ['a JSON file', text(JSON.stringify({ samples: [1, 2, 3], nodes: [] })), /^This is not a pprof profile — it looks like JSON .*\. Details: \S/],
    ['a JSON array', text('[{"name":"main","value":3}]'), /^This is not a pprof profile — it looks like JSON/],
  ];
  it.each(cases)('%s', async (_, bytes, message) => {
    const error = await failure(bytes);
    expect(error.code).toBe('not-a-profile');
    expect(error.message).toMatch(message);
    // The decoder's own words stay, second.
    expect(error.message.indexOf('Details:')).toBeGreaterThan(0);
  });

  it('a profile cut within its first field may be one', async () => {
    expect((await failure(raw.subarray(0, 10))).message).toMatch(/^This is not a pprof profile \(plain or gzipped protobuf\), or only the first 10 bytes of one\. Details: \S/);
    expect((await failure(raw.subarray(0, 5))).message).toMatch(/^This is not a pprof profile \(plain or gzipped protobuf\), or only the first 5 bytes of one\./);
  });

  it('random bytes are not called text', async () => {
    let seed = 7;
    const random = Uint8Array.from({ length: 4096 }, () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff);
    const error = await failure(random);
    expect(error.message).not.toMatch(/looks like|cut short/);
  });
});

describe('a profile cut short says where (issue 11, defect 11)', () => {
  // Past the first field: a file of one field is no more a profile than any other bytes.
  const cuts = (buf: Uint8Array) => [...fieldBoundaries(buf, 4).slice(1), 29, 100, Math.floor(buf.length * 0.1), Math.floor(buf.length * 0.5), Math.floor(buf.length * 0.9), buf.length - 1];
  for (const [name, buf] of [['a Go CPU profile', raw], ['a synthetic profile', synthetic]] as const) {
    it.each(cuts(buf))(`${name} cut at byte %i`, async (cut) => {
      const error = await failure(buf.subarray(0, cut));
      expect(error.code).toBe('truncated');
      expect(error.message).toMatch(new RegExp(`^The file is cut short at byte ${cut}[:.] .*Details: \\S`));
      expect(error.message).not.toMatch(/^a sample type refers/);
    });
  }

  it('the cut inside a gzip file names the uncompressed offset', async () => {
    const cut = Math.floor(raw.length * 0.5);
    const error = await failure(gzipSync(raw.subarray(0, cut)));
    expect(error.message).toMatch(new RegExp(`^The file is cut short at byte ${cut} of its uncompressed data`));
  });

  it('a complete profile with a bad string index is not called cut short', async () => {
    const bad = Uint8Array.from([...synthetic, 0x40, 0xc0, 0x84, 0x3d]); // keep_frames = string 1000000, past the end of the table
    const error = await failure(bad);
    expect(error.message).not.toMatch(/cut short/);
    expect(error.message).toMatch(/string 1000000/);
  });
});
