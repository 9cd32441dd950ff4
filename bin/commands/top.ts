import { queryFromFlags, resolveSampleType, runQuery, type ProfileQuery } from '../../shared/analysis/query.js';
import type { Profile } from '../../shared/model/profile.js';
import { percentage, scaledLabel, selectOutputUnit } from '../../shared/analysis/units.js';
import { FILTER_OPTIONS, parseCommand, UsageError, type Output } from '../cli-support.js';
import { loadProfile, REMOTE_OPTIONS, remoteAccess, sourceName } from '../load-profile.js';
import { MEMORY_OPTION, maxMemoryBytes } from '../memory-option.js';
import { fileError } from '../cli-errors.js';

export async function runTop(argv: string[], io: Output): Promise<number> {
  const { values, positionals } = parseCommand(argv, { ...FILTER_OPTIONS, ...MEMORY_OPTION, ...REMOTE_OPTIONS, nodecount: { type: 'string' } });
  if (positionals.length !== 1) throw new UsageError('top takes exactly one FILE');
  const nodeCount = values.nodecount === undefined ? Infinity : Number(values.nodecount);
  if (!(nodeCount >= 0)) throw new UsageError('--nodecount takes a number');
  const path = positionals[0];
  const profile = await loadProfile(path, maxMemoryBytes(values['max-memory']), remoteAccess(values));
  try {
    return printTop(profile, queryFromFlags(values), values, nodeCount, io);
  } catch (error) {
    throw fileError(sourceName(path), error);
  }
}

function printTop(profile: Profile, query: ProfileQuery, values: { 'sample-type'?: string; json?: boolean }, nodeCount: number, io: Output): number {
  const result = runQuery(profile, { ...query, sampleTypeIndex: resolveSampleType(profile, values['sample-type']) }, { top: true });
  const { total, sampleTypeIndex } = result;
  const top = result.top!;
  const sampleType = profile.sampleTypes[sampleTypeIndex];
  const nameOf = (row: number) => profile.strings[profile.functions.name[top.func[row]]];

  if (values.json) {
    const functions = Array.from({ length: top.count }, (_, row) => ({ name: nameOf(row), flat: top.flat[row], cum: top.cum[row] }));
    io.out(`${JSON.stringify({ sampleType: sampleType.type, unit: sampleType.unit, total, functions })}\n`);
    return 0;
  }
  const shown = Math.min(top.count, nodeCount);
  const outputUnit = selectOutputUnit(top.flat.subarray(0, shown), total, sampleType.unit);
  const format = (v: number) => scaledLabel(v, sampleType.unit, outputUnit);
  let flatSum = 0;
  for (let row = 0; row < shown; row++) flatSum += top.flat[row];
  const lines = [`Type: ${sampleType.type}`];
  if (profile.durationNanos) lines.push(`Duration: ${scaledLabel(profile.durationNanos, 'nanoseconds')}`);
  lines.push(`Showing nodes accounting for ${format(flatSum)}, ${percentage(flatSum, total).trim()} of ${format(total)} total`);
  if (shown < top.count) lines.push(`Showing top ${shown} nodes out of ${top.count}`);
  lines.push(`${'flat'.padStart(10)} ${'flat'.padStart(5)}% ${'sum'.padStart(5)}% ${'cum'.padStart(10)} ${'cum'.padStart(5)}%`);
  let running = 0;
  for (let row = 0; row < shown; row++) {
    running += top.flat[row];
    lines.push(
      `${format(top.flat[row]).padStart(10)} ${percentage(top.flat[row], total)} ${percentage(running, total)} ` +
        `${format(top.cum[row]).padStart(10)} ${percentage(top.cum[row], total)}  ${nameOf(row)}`,
    );
  }
  io.out(`${lines.join('\n')}\n`);
  return 0;
}
