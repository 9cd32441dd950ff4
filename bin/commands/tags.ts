import { queryFromFlags, resolveSampleType, samplePredicate } from '../../shared/analysis/query.js';
import { summarizeTags } from '../../shared/analysis/tag-summary.js';
import { goFixed, percentage, scaleValue } from '../../shared/analysis/units.js';
import { FILTER_OPTIONS, parseCommand, UsageError, type Output } from '../cli-support.js';
import { CliError, loadProfile } from '../load-profile.js';

export async function runTags(argv: string[], io: Output): Promise<number> {
  const { values, positionals } = parseCommand(argv, FILTER_OPTIONS);
  if (positionals.length !== 1) throw new UsageError('tags takes exactly one FILE');
  const path = positionals[0];
  const profile = await loadProfile(path);
  let summary;
  let sampleTypeIndex: number;
  try {
    sampleTypeIndex = resolveSampleType(profile, values['sample-type']);
    summary = summarizeTags(profile, sampleTypeIndex, samplePredicate(profile, queryFromFlags(values)));
  } catch (error) {
    throw new CliError(`${path}: ${(error as Error).message}`);
  }
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
    const width = Math.max(...key.values.map((v) => amount(v.total).length));
    for (const value of key.values) {
      const share = key.total > 0 ? ` (${percentage(value.total, key.total)})` : '';
      lines.push(`  ${amount(value.total).padStart(width)}${share}: ${value.label}`);
    }
    lines.push('');
  }
  io.out(`${lines.join('\n')}\n`);
  return 0;
}
