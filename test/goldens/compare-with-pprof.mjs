#!/usr/bin/env node
// Checks `flamedeck top --json` against `go tool pprof -top` on any profiles, for every sample
// type and, with --tagfocus/--focus/..., a filter: node test/goldens/compare-with-pprof.mjs [--tagfocus E] FILE...
// Prints one line per file and sample type; exits 1 on any difference.
import { execFileSync } from 'node:child_process';
import { pprofTop, sampleTypes } from './pprof-reference.mjs';

const bin = new URL('../../bin/flamedeck.mjs', import.meta.url).pathname;
const args = process.argv.slice(2);
const flags = {};
const files = [];
for (let i = 0; i < args.length; i++) {
  if (args[i].startsWith('--')) flags[args[i].slice(2)] = args[++i];
  else files.push(args[i]);
}
let failures = 0;
for (const file of files) {
  for (const type of sampleTypes(file)) {
    const expected = pprofTop(file, { ...flags, sample_index: type.type }, type.unit);
    const cliFlags = Object.entries(flags).flatMap(([k, v]) => [`--${k}`, v]);
    const ours = JSON.parse(execFileSync(process.execPath, [bin, 'top', file, '--json', '--sample-type', type.type, ...cliFlags], { encoding: 'utf8', maxBuffer: 1 << 28 }));
    const key = (f) => `${f.name}\t${f.flat}\t${f.cum}`;
    const want = new Set(expected.functions.map(key));
    const got = new Set(ours.functions.map(key));
    const missing = [...want].filter((k) => !got.has(k));
    const extra = [...got].filter((k) => !want.has(k));
    const ok = ours.total === expected.total && missing.length === 0 && extra.length === 0;
    if (!ok) failures++;
    console.log(`${ok ? 'same' : 'DIFFERENT'}  ${file} ${type.type}: ${ours.functions.length} functions, total ${ours.total}${ok ? '' : ` (pprof ${expected.total}); missing ${missing.slice(0, 3).join(' | ')}; extra ${extra.slice(0, 3).join(' | ')}`}`);
  }
}
process.exitCode = failures ? 1 : 0;
