import { computeDiffTop, DiffError, functionsGrownBy, type DiffTop } from '../../shared/analysis/diff-top.js';
import { queryFromFlags } from '../../shared/analysis/query.js';
import { goFixed, percentage, scaledLabel, selectOutputUnit } from '../../shared/analysis/units.js';
import type { Profile } from '../../shared/model/profile.js';
import { FILTER_OPTIONS, parseCommand, UsageError, type Output } from '../cli-support.js';
import { CliError, loadProfile, REMOTE_OPTIONS, remoteAccess, sourceName } from '../load-profile.js';
import { MEMORY_OPTION, maxMemoryBytes } from '../memory-option.js';
import { describeFailure } from '../cli-errors.js';

const DIFF_OPTIONS = {
  ...FILTER_OPTIONS,
  ...MEMORY_OPTION,
  ...REMOTE_OPTIONS,
  nodecount: { type: 'string' },
  normalize: { type: 'boolean' },
  'fail-on-growth': { type: 'string' },
} as const;

/** Exit status when --fail-on-growth finds a function that grew (1 and 2 are errors and usage). */
const GREW = 3;

/** `flamedeck diff BASE TARGET`: what `go tool pprof -top -diff_base=BASE TARGET` prints. */
export async function runDiff(argv: string[], io: Output): Promise<number> {
  const { values, positionals } = parseCommand(argv, DIFF_OPTIONS);
  if (positionals.length !== 2) throw new UsageError('diff takes a BASE file and a TARGET file');
  const nodeCount = values.nodecount === undefined ? Infinity : Number(values.nodecount);
  if (!(nodeCount >= 0)) throw new UsageError('--nodecount takes a number');
  const growth = values['fail-on-growth'];
  const points = growth === undefined ? null : Number(growth.replace(/%$/, ''));
  if (points !== null && (growth!.trim() === '' || !Number.isFinite(points))) throw new UsageError('--fail-on-growth takes a number of percentage points');
  const [basePath, targetPath] = positionals;
  const memory = maxMemoryBytes(values['max-memory']);
  const remote = remoteAccess(values);
  const base = await loadProfile(basePath, memory, remote);
  const target = await loadProfile(targetPath, memory, remote);
  let diff: DiffTop;
  try {
    diff = computeDiffTop(base, target, queryFromFlags(values), { sampleType: values['sample-type'], normalize: values.normalize });
  } catch (error) {
    // Sample types and units concern both files; a bad filter is named with the target, as top names its file.
    if (error instanceof DiffError) throw new CliError(`${sourceName(basePath)} → ${sourceName(targetPath)}: ${error.message}`);
    throw new CliError(`${sourceName(targetPath)}: ${describeFailure(error)}`, error);
  }
  for (const warning of diff.warnings) io.err(`flamedeck: warning: ${warning}\n`);
  io.out(values.json ? diffJson(diff) : diffText(diff, base, target, nodeCount));
  if (points === null) return 0;
  const grown = functionsGrownBy(diff, points);
  if (grown.length === 0) return 0;
  const lines = grown.map((g) => `  ${g.name}: ${goFixed(g.baseShare, 2)}% → ${goFixed(g.targetShare, 2)}% (+${goFixed(g.targetShare - g.baseShare, 2)} points)`);
  io.err(`flamedeck: ${grown.length} function${grown.length === 1 ? '' : 's'} grew by more than ${points} points of cum share:\n${lines.join('\n')}\n`);
  return GREW;
}

function diffJson(diff: DiffTop): string {
  const functions = diff.names.map((name, i) => ({ name, flat: diff.flat[i], cum: diff.cum[i], baseFlat: diff.baseFlat[i], baseCum: diff.baseCum[i] }));
  const { sampleType, total, baseTotal, targetTotal } = diff;
  return `${JSON.stringify({ sampleType: sampleType.type, unit: sampleType.unit, total, baseTotal, targetTotal, functions })}\n`;
}

/** As `flamedeck top` prints pprof's -top, for the merged profile: rows whose net flat and cum are both 0 are not listed (pprof drops such nodes). */
function diffText(diff: DiffTop, base: Profile, target: Profile, nodeCount: number): string {
  const rows: number[] = [];
  for (let i = 0; i < diff.count; i++) if (diff.flat[i] !== 0 || diff.cum[i] !== 0) rows.push(i);
  const shown = rows.slice(0, Math.min(rows.length, nodeCount));
  const { total, sampleType } = diff;
  // pprof takes a node's cum where its flat is 0: in a diff a cum can cancel down below every flat.
  const outputUnit = selectOutputUnit(shown.map((i) => diff.flat[i] || diff.cum[i]), total, sampleType.unit);
  const format = (v: number) => scaledLabel(v, sampleType.unit, outputUnit);
  let flatSum = 0;
  for (const i of shown) flatSum += diff.flat[i];
  const lines = [`Type: ${sampleType.type}`];
  // pprof's merged profile lasts as long as the two together.
  const duration = base.durationNanos + target.durationNanos;
  if (duration) lines.push(`Duration: ${scaledLabel(duration, 'nanoseconds')}`);
  lines.push(`Showing nodes accounting for ${format(flatSum)}, ${percentage(flatSum, total).trim()} of ${format(total)} total`);
  if (shown.length < rows.length) lines.push(`Showing top ${shown.length} nodes out of ${rows.length}`);
  lines.push(`${'flat'.padStart(10)} ${'flat'.padStart(5)}% ${'sum'.padStart(5)}% ${'cum'.padStart(10)} ${'cum'.padStart(5)}%`);
  let running = 0;
  for (const i of shown) {
    running += diff.flat[i];
    lines.push(
      `${format(diff.flat[i]).padStart(10)} ${percentage(diff.flat[i], total)} ${percentage(running, total)} ` +
        `${format(diff.cum[i]).padStart(10)} ${percentage(diff.cum[i], total)}  ${diff.names[i]}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
