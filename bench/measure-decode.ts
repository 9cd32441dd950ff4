// One measurement in a fresh process, so peak memory belongs to this run alone.
// Usage: node bin/run-ts.mjs bench/measure-decode.ts FILE flamedeck|pprof-format
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { Profile as ReferenceProfile } from 'pprof-format';
import { nodeGunzip } from '../bin/node-gunzip.js';
import { runQuery } from '../shared/analysis/query.js';
import { decodeProfile } from '../shared/formats/pprof-decode.js';

const [file, mode] = process.argv.slice(2);
const bytes = readFileSync(file);
const mb = (n: number) => Math.round(n / 2 ** 20);
const start = performance.now();
let decodeMs: number;
let queryMs = 0;
let retained: unknown;
if (mode === 'pprof-format') {
  const reference = ReferenceProfile.decode(gunzipSync(bytes));
  decodeMs = performance.now() - start;
  retained = reference;
} else {
  const profile = await decodeProfile(bytes, { gunzip: nodeGunzip });
  decodeMs = performance.now() - start;
  const queryStart = performance.now();
  const result = runQuery(profile, {}, { top: true });
  queryMs = performance.now() - queryStart;
  retained = [profile, result];
}
const totalMs = performance.now() - start;
const memory = process.memoryUsage();
process.stdout.write(
  JSON.stringify({
    totalMs: Math.round(totalMs),
    decodeMs: Math.round(decodeMs),
    queryMs: Math.round(queryMs),
    heapUsedMB: mb(memory.heapUsed),
    arrayBuffersMB: mb(memory.arrayBuffers),
    peakRssMB: mb(process.resourceUsage().maxRSS * 1024),
    kept: retained ? 1 : 0,
  }),
);
