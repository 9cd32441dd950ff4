import { computePeek, type PeekEdge, type PeekResult } from '../../shared/analysis/peek.js';
import { queryFromFlags, QueryError, resolveSampleType } from '../../shared/analysis/query.js';
import { percentage, scaledLabel, selectOutputUnit } from '../../shared/analysis/units.js';
import type { Profile } from '../../shared/model/profile.js';
import { FILTER_OPTIONS, parseCommand, UsageError, type Output } from '../cli-support.js';
import { loadProfile, REMOTE_OPTIONS, remoteAccess, sourceName } from '../load-profile.js';
import { MEMORY_OPTION, maxMemoryBytes } from '../memory-option.js';
import { fileError } from '../cli-errors.js';

export async function runPeek(argv: string[], io: Output): Promise<number> {
  const { values, positionals } = parseCommand(argv, { ...FILTER_OPTIONS, ...MEMORY_OPTION, ...REMOTE_OPTIONS });
  if (positionals.length !== 2) throw new UsageError('peek takes a FILE and a REGEX');
  const [path, regex] = positionals;
  const profile = await loadProfile(path, maxMemoryBytes(values['max-memory']), remoteAccess(values));
  try {
    const query = { ...queryFromFlags(values), sampleTypeIndex: resolveSampleType(profile, values['sample-type']) };
    const result = computePeek(profile, query, regex);
    // As pprof: finding nothing is an error, not an empty report.
    if (result.functions.length === 0) throw new QueryError(`no function matches ${JSON.stringify(regex)}`);
    io.out(values.json ? peekJson(profile, result) : peekText(profile, result));
    return 0;
  } catch (error) {
    throw fileError(sourceName(path), error);
  }
}

function peekJson(profile: Profile, result: PeekResult): string {
  const { sampleType, nameOf } = describe(profile, result);
  const edges = (list: PeekEdge[]) => list.map((e) => ({ name: nameOf(e.func), value: e.value }));
  const functions = result.functions.map((f) => ({ name: nameOf(f.func), flat: f.flat, cum: f.cum, callers: edges(f.callers), callees: edges(f.callees) }));
  return `${JSON.stringify({ sampleType: sampleType.type, unit: sampleType.unit, total: result.total, functions })}\n`;
}

function describe(profile: Profile, result: PeekResult) {
  return {
    sampleType: profile.sampleTypes[result.sampleTypeIndex],
    nameOf: (func: number) => profile.strings[profile.functions.name[func]],
  };
}

const SEPARATOR = '----------------------------------------------------------+-------------';
const LEGEND = '      flat  flat%   sum%        cum   cum%   calls calls% + context \t \t ';

/** pprof -peek's report: a header, then per function its callers, itself, and its callees. */
function peekText(profile: Profile, result: PeekResult): string {
  const { sampleType, nameOf } = describe(profile, result);
  const { top, total } = result;
  // pprof's unit: that of the smallest node value (flat, or cum where flat is 0) over the graph.
  const nodeMins = Float64Array.from(top.flat, (flat, row) => (flat !== 0 ? flat : top.cum[row]));
  const outputUnit = selectOutputUnit(nodeMins, total, sampleType.unit);
  const format = (v: number) => scaledLabel(v, sampleType.unit, outputUnit);
  let graphFlat = 0;
  for (let row = 0; row < top.count; row++) graphFlat += top.flat[row];
  const lines = [`Type: ${sampleType.type}`];
  if (profile.durationNanos) lines.push(`Duration: ${scaledLabel(profile.durationNanos, 'nanoseconds')}`);
  lines.push(`Showing nodes accounting for ${format(graphFlat)}, ${percentage(graphFlat, total).trim()} of ${format(total)} total`);
  lines.push(SEPARATOR, LEGEND);
  const edgeLine = (e: PeekEdge, cum: number) =>
    `${format(e.value).padStart(50)} ${percentage(e.value, cum)} |   ${nameOf(e.func)}${e.inline ? ' (inline)' : ''}`;
  let flatSum = 0;
  for (const f of result.functions) {
    lines.push(SEPARATOR);
    for (const e of f.callers) lines.push(edgeLine(e, f.cum));
    flatSum += f.flat;
    lines.push(
      `${format(f.flat).padStart(10)} ${percentage(f.flat, total)} ${percentage(flatSum, total)} ` +
        `${format(f.cum).padStart(10)} ${percentage(f.cum, total)}                | ${nameOf(f.func)}`,
    );
    for (const e of f.callees) lines.push(edgeLine(e, f.cum));
  }
  lines.push(SEPARATOR);
  return `${lines.join('\n')}\n`;
}
