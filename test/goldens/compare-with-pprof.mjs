#!/usr/bin/env node
// Checks flamedeck against `go tool pprof` on any profiles, with any filters:
//   node test/goldens/compare-with-pprof.mjs [FILTERS] FILE...               top --json vs -top
//   node test/goldens/compare-with-pprof.mjs --peek REGEX [--peek R2] [FILTERS] FILE...
//                                                                              peek --json vs -peek
//   node test/goldens/compare-with-pprof.mjs --diff-base BASE [--normalize] [FILTERS] FILE...
//                                                  diff BASE FILE --json vs -top -diff_base=BASE FILE
// FILTERS: --sample-type T (else every sample type), --tagfocus E, --tagignore E, --focus R,
// --ignore R, --hide R, --show R. Peek compares, per sample type and regex, every listed function
// in order, after the total: name, flat, cum, then its callers and callees (names and values in order), and the
// printed table (units, percentages, "(inline)") with pprof's from its first separator on.
// Diff compares, per sample type the two share, the total and every row pprof lists (name, flat,
// cum, in order; the JSON's rows whose net flat and cum are 0 left out, as pprof leaves them out),
// and the printed table from "Showing nodes accounting for" on ("(inline)" marks aside, as top).
// Prints one line per check; exits 1 on any difference.
import { execFileSync } from 'node:child_process';
import { pprofDiffTop, pprofPeek, pprofTop, sampleTypes } from './pprof-reference.mjs';

const bin = new URL('../../bin/flamedeck.mjs', import.meta.url).pathname;
const args = process.argv.slice(2);
const flags = {};
const regexes = [];
let onlyType = null;
let diffBase = null;
let normalize = false;
const files = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--peek') regexes.push(args[++i]);
  else if (args[i] === '--sample-type') onlyType = args[++i];
  else if (args[i] === '--diff-base') diffBase = args[++i];
  else if (args[i] === '--normalize') normalize = true;
  else if (args[i].startsWith('--')) flags[args[i].slice(2)] = args[++i];
  else files.push(args[i]);
}
const cliFlags = Object.entries(flags).flatMap(([k, v]) => [`--${k}`, v]);
const flamedeck = (...argv) => execFileSync(process.execPath, [bin, ...argv], { encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'pipe'] });
const filterText = Object.entries(flags).map(([k, v]) => ` --${k} ${JSON.stringify(v)}`).join('');

let failures = 0;
const report = (ok, text) => {
  if (!ok) failures++;
  console.log(`${ok ? 'same' : 'DIFFERENT'}  ${text}`);
};

for (const file of files) {
  const baseTypes = diffBase === null ? null : sampleTypes(diffBase).map((t) => t.type);
  const types = sampleTypes(file).filter((t) => (onlyType === null || t.type === onlyType) && (baseTypes === null || baseTypes.includes(t.type)));
  if (types.length === 0) report(false, `${file}: no sample type ${onlyType ?? 'in common with the base'}`);
  for (const type of types) {
    if (diffBase !== null) compareDiff(file, type);
    else if (regexes.length === 0) compareTop(file, type);
    for (const regex of regexes) comparePeek(file, type, regex);
  }
}
process.exitCode = failures ? 1 : 0;

function compareTop(file, type) {
  const expected = pprofTop(file, { ...flags, sample_index: type.type }, type.unit);
  const ours = JSON.parse(flamedeck('top', file, '--json', '--sample-type', type.type, ...cliFlags));
  const key = (f) => `${f.name}\t${f.flat}\t${f.cum}`;
  const want = new Set(expected.functions.map(key));
  const got = new Set(ours.functions.map(key));
  const missing = [...want].filter((k) => !got.has(k));
  const extra = [...got].filter((k) => !want.has(k));
  const ok = ours.total === expected.total && missing.length === 0 && extra.length === 0;
  report(ok, `${file} ${type.type}${filterText}: ${ours.functions.length} functions, total ${ours.total}${ok ? '' : ` (pprof ${expected.total}); missing ${missing.slice(0, 3).join(' | ')}; extra ${extra.slice(0, 3).join(' | ')}`}`);
}

function compareDiff(file, type) {
  const label = `${diffBase} → ${file} ${type.type}${normalize ? ' --normalize' : ''}${filterText}`;
  const expected = pprofDiffTop(diffBase, file, { ...flags, sample_index: type.type }, type.unit, normalize);
  const argv = ['diff', diffBase, file, '--sample-type', type.type, ...(normalize ? ['--normalize'] : []), ...cliFlags];
  const ours = JSON.parse(flamedeck(...argv, '--json'));
  const line = (f) => `${f.name} flat=${f.flat} cum=${f.cum}`;
  const want = [`total ${expected.total}`, ...expected.functions.map(line)];
  const got = [`total ${ours.total}`, ...ours.functions.filter((f) => f.flat !== 0 || f.cum !== 0).map(line)];
  const at = want.findIndex((l, i) => l !== got[i]);
  const first = at >= 0 ? at : want.length !== got.length ? Math.min(want.length, got.length) : -1;
  report(first < 0, `${label}: ${expected.functions.length} rows, total ${expected.total}${first < 0 ? '' : `; first difference at line ${first}: pprof ${JSON.stringify(want[first])}, flamedeck ${JSON.stringify(got[first])}`}`);
  const text = flamedeck(...argv);
  const table = text.slice(text.search(/^Showing nodes accounting for/m));
  const pprofTable = expected.text.replace(/ \((partial-)?inline\)$/gm, '');
  const a = pprofTable.split('\n');
  const b = table.split('\n');
  const bad = a.findIndex((l, i) => l !== b[i]);
  const badAt = bad >= 0 ? bad : a.length !== b.length ? Math.min(a.length, b.length) : -1;
  report(badAt < 0, `${label}: table${badAt < 0 ? '' : ` line ${badAt}: pprof ${JSON.stringify(a[badAt])}, flamedeck ${JSON.stringify(b[badAt])}`}`);
}

function comparePeek(file, type, regex) {
  const label = `${file} ${type.type}${filterText} peek ${JSON.stringify(regex)}`;
  let expected;
  try {
    expected = pprofPeek(file, regex, { ...flags, sample_index: type.type }, type.unit);
  } catch {
    expected = null; // pprof: no matches found (exit status 1)
  }
  let ours;
  try {
    ours = JSON.parse(flamedeck('peek', file, regex, '--json', '--sample-type', type.type, ...cliFlags));
  } catch {
    ours = null;
  }
  if (expected === null || ours === null) {
    report(expected === ours, `${label}: ${expected === null ? 'pprof found nothing' : 'pprof found functions'}, ${ours === null ? 'flamedeck found nothing' : 'flamedeck found functions'}`);
    return;
  }
  const line = (f) => `${f.name} flat=${f.flat} cum=${f.cum}`;
  const edge = (side) => (e) => `  ${side} ${e.name} ${e.value}`;
  const lines = (functions, settle) =>
    functions.flatMap((f) => [line(f), ...(settle ? settleSignTies(f.callers) : f.callers).map(edge('<-')), ...(settle ? settleSignTies(f.callees) : f.callees).map(edge('->'))]);
  const want = [`total ${expected.total}`, ...lines(expected.functions, true)];
  const got = [`total ${ours.total}`, ...lines(ours.functions, false)];
  const at = want.findIndex((l, i) => l !== got[i]);
  const first = at >= 0 ? at : want.length !== got.length ? Math.min(want.length, got.length) : -1;
  const edges = expected.functions.reduce((n, f) => n + f.callers.length + f.callees.length, 0);
  const summary = `${expected.functions.length} functions, ${edges} edges`;
  report(first < 0, `${label}: ${summary}${first < 0 ? '' : `; first difference at line ${first}: pprof ${JSON.stringify(want[first])}, flamedeck ${JSON.stringify(got[first])}`}`);

  // The printed table: exact, except that lines of a block may be in any order within +w/-w ties.
  const text = flamedeck('peek', file, regex, '--sample-type', type.type, ...cliFlags);
  const table = text.slice(text.search(/^-+\+-+$/m));
  const tied = expected.functions.some((f) => [f.callers, f.callees].some((list) => settleSignTies(list).some((e, i) => e !== list[i])));
  const blocks = (t) => t.split(/^-+\+-+$/m).map((block) => (tied ? block.split('\n').sort().join('\n') : block));
  const a = blocks(expected.text);
  const b = blocks(table);
  const bad = a.findIndex((block, i) => block !== b[i]);
  const badAt = bad >= 0 ? bad : a.length !== b.length ? Math.min(a.length, b.length) : -1;
  report(badAt < 0, `${label}: table${badAt < 0 ? '' : ` block ${badAt}: pprof ${JSON.stringify(a[badAt]?.slice(0, 400))}, flamedeck ${JSON.stringify(b[badAt]?.slice(0, 400))}`}`);
}

/**
 * pprof's edge comparator calls +w and -w equal, so the order within a run of equal |weight|
 * with both signs is chance; such runs are put in flamedeck's order (value descending, then
 * name). The same rule as settleSignTies in test/golden-helpers.ts.
 */
function settleSignTies(edges) {
  const out = edges.slice();
  for (let start = 0; start < out.length; ) {
    let end = start + 1;
    while (end < out.length && Math.abs(out[end].value) === Math.abs(out[start].value)) end++;
    const run = out.slice(start, end);
    if (run.some((e) => e.value > 0) && run.some((e) => e.value < 0)) {
      run.sort((x, y) => y.value - x.value || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
      out.splice(start, run.length, ...run);
    }
    start = end;
  }
  return out;
}
