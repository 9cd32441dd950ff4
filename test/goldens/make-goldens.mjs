#!/usr/bin/env node
// Regenerates the goldens from the reference: `go tool pprof` (Debian's golang-go). Every number
// the engine is tested against comes from here. Run: node test/goldens/make-goldens.mjs
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, readdirSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';

const here = new URL('.', import.meta.url).pathname;
const fixtures = join(here, '..', 'fixtures');
const cases = JSON.parse(readFileSync(join(here, 'cases.json'), 'utf8'));

function pprof(args) {
  return execFileSync('go', ['tool', 'pprof', ...args], { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore'] });
}

function flagArgs(flags) {
  return Object.entries(flags).map(([k, v]) => `-${k}=${v}`);
}

function sampleTypes(file) {
  // `-raw` lists the sample types on its first lines: "PeriodType: …" then "Samples:" then "name/unit …".
  const raw = pprof(['-raw', join(fixtures, file)]);
  const line = raw.split('\n')[raw.split('\n').indexOf('Samples:') + 1];
  return line.trim().split(/\s+/).map((t) => { const [type, unit] = t.split('/'); return { type: type.replace(/\[dflt\]$/, ''), unit: unit.replace(/\[dflt\]$/, '') }; });
}

/** `-top` with every node, in the sample type's own unit, so each value prints exactly. */
function top(file, flags, unit) {
  const text = pprof(['-top', '-nodefraction=0', '-edgefraction=0', '-nodecount=1000000', `-unit=${unit}`, ...flagArgs(flags), join(fixtures, file)]);
  const lines = text.split('\n');
  const totalLine = lines.find((l) => l.startsWith('Showing nodes accounting for'));
  const number = (s) => Number(s.replace(/[A-Za-zµμ]+$/, ''));
  const total = number(/of (\S+) total/.exec(totalLine)[1]);
  const header = lines.findIndex((l) => /^\s+flat\s+flat%/.test(l));
  const functions = [];
  for (const line of lines.slice(header + 1)) {
    const m = /^\s*(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(.*)$/.exec(line);
    if (!m) continue;
    functions.push({ name: m[6].replace(/ \((partial-)?inline\)$/, ''), flat: number(m[1]), cum: number(m[4]) });
  }
  return { total, functions };
}

for (const f of readdirSync(here)) if (f.endsWith('.json') && f !== 'cases.json') unlinkSync(join(here, f));
let count = 0;
const write = (name, data) => {
  writeFileSync(join(here, `${name}.json`), `${JSON.stringify(data, null, 1)}\n`);
  count++;
};
const slug = (file, flags) => [file.replace(/\.pb(\.gz)?$/, ''), ...Object.entries(flags).map(([k, v]) => `${k}-${v}`)].join('__').replace(/[^A-Za-z0-9_.=-]+/g, '_');

for (const file of cases.allSampleTypes) {
  for (const type of sampleTypes(file)) {
    const flags = { sample_index: type.type };
    write(slug(file, flags), { file, flags, sampleType: type.type, unit: type.unit, ...top(file, flags, type.unit) });
  }
}
for (const { file, flags } of cases.filtered) {
  const types = sampleTypes(file);
  const type = flags.sample_index ? types.find((t) => t.type === flags.sample_index) : types[types.length - 1];
  const dflt = pprof(['-raw', join(fixtures, file)]).match(/(\S+)\/(\S+)\[dflt\]/);
  const chosen = flags.sample_index ? type : dflt ? { type: dflt[1], unit: dflt[2] } : type;
  write(slug(file, flags), { file, flags, sampleType: chosen.type, unit: chosen.unit, ...top(file, flags, chosen.unit) });
}
for (const { file, flags } of cases.tags) {
  write(`tags__${slug(file, flags)}`, { file, flags, text: pprof(['-tags', ...flagArgs(flags), join(fixtures, file)]) });
}
console.log(`wrote ${count} goldens`);
