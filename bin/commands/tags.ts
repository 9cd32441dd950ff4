import { queryFromFlags, resolveSampleType, samplePredicate } from '../../shared/analysis/query.js';
import { summarizeTags } from '../../shared/analysis/tag-summary.js';
import { goFixed, percentage, scaleValue } from '../../shared/analysis/units.js';
import { FILTER_OPTIONS, parseCommand, UsageError, type Output } from '../cli-support.js';
import { loadProfile, REMOTE_OPTIONS, remoteAccess, sourceName } from '../load-profile.js';
import { MEMORY_OPTION, maxMemoryBytes } from '../memory-option.js';
import { fileError } from '../cli-errors.js';
import type { Profile } from '../../shared/model/profile.js';

export async function runTags(argv: string[], io: Output): Promise<number> {
  const { values, positionals } = parseCommand(argv, { ...FILTER_OPTIONS, ...MEMORY_OPTION, ...REMOTE_OPTIONS });
  if (positionals.length !== 1) throw new UsageError('tags takes exactly one FILE');
  const path = positionals[0];
  const profile = await loadProfile(path, maxMemoryBytes(values['max-memory']), remoteAccess(values));
  try {
    return printTags(profile, values, io);
  } catch (error) {
    throw fileError(sourceName(path), error);
  }
}

function printTags(profile: Profile, values: Parameters<typeof queryFromFlags>[0] & { 'sample-type'?: string; json?: boolean }, io: Output): number {
  const sampleTypeIndex = resolveSampleType(profile, values['sample-type']);
  const summary = summarizeTags(profile, sampleTypeIndex, samplePredicate(profile, queryFromFlags(values)));
  const sampleType = profile.sampleTypes[sampleTypeIndex];
  if (values.json) {
    io.out(`${JSON.stringify({ sampleType: sampleType.type, unit: sampleType.unit, tags: summary })}\n`);
    return 0;
  }
  const amount = (v: number) => {
    const [scaled, unit] = scaleValue(v, sampleType.unit, 'minimum');
    return `${goFixed(scaled, 1)}${unit}`;
  };
  const lines: string[] = [];
  for (const key of summary) {
    lines.push(`${key.key}: Total ${amount(key.total)}`);
    // A key can have millions of values: no spread into Math.max.
    let width = 0;
    for (const value of key.values) width = Math.max(width, amount(value.total).length);
    for (const value of key.values) {
      const share = key.total > 0 ? ` (${percentage(value.total, key.total)})` : '';
      lines.push(`  ${amount(value.total).padStart(width)}${share}: ${value.label}`);
    }
    lines.push('');
  }
  io.out(`${lines.join('\n')}\n`);
  return 0;
}
