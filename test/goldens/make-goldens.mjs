#!/usr/bin/env node
// Regenerates the goldens from the reference: `go tool pprof` (Debian's golang-go). Every number
// the engine is tested against comes from here. Run: node test/goldens/make-goldens.mjs
import { pprof, pprofDiffTop, pprofPeek, pprofTop, pprofTraces, sampleTypes as typesOf } from './pprof-reference.mjs';
import { readFileSync, writeFileSync, readdirSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';

const here = new URL('.', import.meta.url).pathname;
const fixtures = join(here, '..', 'fixtures');
const cases = JSON.parse(readFileSync(join(here, 'cases.json'), 'utf8'));

for (const f of readdirSync(here)) if (f.endsWith('.json') && f !== 'cases.json') unlinkSync(join(here, f));
let count = 0;
const write = (name, data) => {
  writeFileSync(join(here, `${name}.json`), `${JSON.stringify(data, null, 1)}\n`);
  count++;
};
const slug = (file, flags) => [file.replace(/\.pb(\.gz)?$/, ''), ...Object.entries(flags).map(([k, v]) => `${k}-${v}`)].join('__').replace(/[^A-Za-z0-9_.=-]+/g, '_');

for (const file of cases.allSampleTypes) {
  for (const type of typesOf(join(fixtures, file))) {
    const flags = { sample_index: type.type };
    write(slug(file, flags), { file, flags, sampleType: type.type, unit: type.unit, ...pprofTop(join(fixtures, file), flags, type.unit) });
  }
}
/** The sample type pprof reports for these flags: -sample_index, else the file's default, else the last. */
function chosenType(file, flags) {
  const types = typesOf(join(fixtures, file));
  const type = flags.sample_index ? types.find((t) => t.type === flags.sample_index) : types[types.length - 1];
  const dflt = pprof(['-raw', join(fixtures, file)]).match(/(\S+)\/(\S+)\[dflt\]/);
  return flags.sample_index ? type : dflt ? { type: dflt[1], unit: dflt[2] } : type;
}
for (const { file, flags } of cases.filtered) {
  const chosen = chosenType(file, flags);
  write(slug(file, flags), { file, flags, sampleType: chosen.type, unit: chosen.unit, ...pprofTop(join(fixtures, file), flags, chosen.unit) });
}
for (const { file, flags } of cases.tags) {
  write(`tags__${slug(file, flags)}`, { file, flags, text: pprof(['-tags', ...Object.entries(flags).map(([k, v]) => `-${k}=${v}`), join(fixtures, file)]) });
}
for (const { file, flags } of cases.traces) {
  const chosen = chosenType(file, flags);
  write(`traces__${slug(file, flags)}`, { file, flags, sampleType: chosen.type, unit: chosen.unit, ...pprofTraces(join(fixtures, file), flags, chosen.unit) });
}
for (const { file, regex, flags } of cases.peek) {
  const chosen = chosenType(file, flags);
  const found = pprofPeek(join(fixtures, file), regex, flags, chosen.unit);
  write(`peek__${slug(file, { regex, ...flags })}`, { file, regex, flags, sampleType: chosen.type, unit: chosen.unit, ...found });
}
// `-top -diff_base`: every sample type of the pair unless the case names one, plain and -normalize.
for (const { base, target, flags = {}, normalize } of cases.diff) {
  const types = flags.sample_index ? typesOf(join(fixtures, target)).filter((t) => t.type === flags.sample_index) : typesOf(join(fixtures, target));
  for (const type of types) {
    for (const norm of normalize === undefined ? [false, true] : [normalize]) {
      const caseFlags = { ...flags, sample_index: type.type };
      const name = `diff__${slug(base, {})}__${slug(target, norm ? { normalize: 'true', ...caseFlags } : caseFlags)}`;
      const found = pprofDiffTop(join(fixtures, base), join(fixtures, target), caseFlags, type.unit, norm);
      write(name, { base, target, flags: caseFlags, normalize: norm, sampleType: type.type, unit: type.unit, ...found });
    }
  }
}
console.log(`wrote ${count} goldens`);
