import type { Profile, ValueType } from '../model/profile.js';
import { UserFacingError } from '../user-facing-error.js';
import { baseLabelledSets, baseLabelSetMask } from './diff-base-tags.js';
import { compareGoStrings } from './go-string-order.js';
import { compileQuery, resolveSampleType, type ProfileQuery } from './query.js';
import type { SampleFilter, StackWeights } from './stack-weights.js';
import { computeTopTable, type TopTable } from './top-table.js';
import { scaleValue } from './units.js';

/**
 * `go tool pprof -top -diff_base=BASE TARGET`, computed from the two profiles as they are: pprof
 * merges them into one profile with the base's values negated (and labelled pprof::base), so a
 * function's flat and cum in the merged profile are target − base, each side's own numbers
 * (every filter is per sample, and a sample comes from one side). Each side goes through the
 * ordinary top table; the rows are then aligned by function name.
 */
export interface DiffTop {
  sampleType: ValueType;
  /** pprof's total for a diff: the base's total (computeTotal counts only pprof::base samples), else the target's (see pprofTotal). */
  total: number;
  baseTotal: number;
  targetTotal: number;
  /** One row per function with a sample on either side: |flat| descending, then name in Go's order. */
  count: number;
  names: string[];
  baseFlat: Float64Array;
  baseCum: Float64Array;
  targetFlat: Float64Array;
  targetCum: Float64Array;
  /** target − base. */
  flat: Float64Array;
  cum: Float64Array;
  /** Differences pprof lets pass but a reader should know about (one line each). */
  warnings: string[];
}

export interface DiffOptions {
  /** Sample type of the target by name or index (its default when absent); the base's is the one of the same name. */
  sampleType?: string | number;
  /** pprof's -normalize: the target scaled so that its total equals the base's. */
  normalize?: boolean;
}

export class DiffError extends UserFacingError {
  constructor(message: string) {
    super(message);
    this.name = 'DiffError';
  }
}

const typeList = (p: Profile) => p.sampleTypes.map((t) => t.type).join(', ');

/** The sample type on each side, chosen by name as issue 9 asks (pprof needs identical lists). */
function chooseSampleTypes(base: Profile, target: Profile, sampleType: string | number | undefined): [number, number] {
  if (!target.sampleTypes.some((t) => base.sampleTypes.some((b) => b.type === t.type))) {
    throw new DiffError(`the two profiles have no sample type in common (base: ${typeList(base) || 'none'}; target: ${typeList(target) || 'none'})`);
  }
  const targetIndex = resolveSampleType(target, sampleType);
  const name = target.sampleTypes[targetIndex].type;
  const baseIndex = base.sampleTypes.findIndex((t) => t.type === name);
  if (baseIndex < 0) {
    const common = target.sampleTypes.filter((t) => base.sampleTypes.some((b) => b.type === t.type)).map((t) => t.type);
    throw new DiffError(`the base profile has no sample type "${name}" (both have ${common.join(', ')}: pick one with --sample-type)`);
  }
  return [baseIndex, targetIndex];
}

/**
 * pprof's measurement.ScaleProfiles: units of one kind (ms and ns, kB and B) are both brought
 * to the finer one; units of different kinds are refused, as pprof refuses them. Returns the
 * unit and each side's factor. pprof's Normalize checks the units before that and wants them equal.
 */
function commonUnit(baseType: ValueType, targetType: ValueType, normalize: boolean): { unit: string; baseScale: number; targetScale: number } {
  if (baseType.unit === targetType.unit) return { unit: targetType.unit, baseScale: 1, targetScale: 1 };
  const [toTarget] = scaleValue(1, baseType.unit, targetType.unit);
  const [toBase] = scaleValue(1, targetType.unit, baseType.unit);
  const sameKind = toTarget !== 1 && Math.abs(toTarget * toBase - 1) < 1e-9;
  if (!sameKind || normalize) {
    throw new DiffError(
      `incompatible units for "${targetType.type}": ${baseType.unit} in the base, ${targetType.unit} in the target` +
        (sameKind ? ' (--normalize needs the same unit on both sides, as pprof)' : ''),
    );
  }
  return toTarget < 1 ? { unit: baseType.unit, baseScale: 1, targetScale: toBase } : { unit: targetType.unit, baseScale: toTarget, targetScale: 1 };
}

/** Go's math.Round: halves away from zero (Math.round takes -2.5 to -2). */
const goRound = (v: number) => (v < 0 ? -Math.round(-v) : Math.round(v));

/**
 * The kept samples summed per stack row, as accumulateStacks, with each sample's value scaled
 * and rounded to an integer first, as pprof's ScaleN does per sample (so -normalize's rounding
 * is pprof's). Also returns the total of |scaled value| over every sample, before filters.
 */
function scaledWeights(profile: Profile, filter: SampleFilter, scale: number): StackWeights & { total: number; labelledTotal: number } {
  const { samples, stacks } = profile;
  const values = samples.values[filter.sampleTypeIndex];
  const { labelSetPasses, stackPasses } = filter;
  const labelled = baseLabelledSets(profile);
  const stackSelf = new Float64Array(stacks.count);
  const stackUsed = new Uint8Array(stacks.count);
  let total = 0;
  let labelledTotal = 0;
  for (let i = 0; i < samples.count; i++) {
    const v = scale === 1 ? values[i] : goRound(values[i] * scale);
    if (v === 0) continue;
    total += Math.abs(v);
    if (labelled && labelled[samples.labelSet[i]]) labelledTotal += Math.abs(v);
    const stack = samples.stack[i];
    if (stack < 0) continue;
    if (labelSetPasses && !labelSetPasses[samples.labelSet[i]]) continue;
    if (stackPasses && !stackPasses[stack]) continue;
    stackSelf[stack] += v;
    stackUsed[stack] = 1;
  }
  for (let s = stacks.count - 1; s >= 0; s--) {
    const parent = stacks.parent[s];
    if (stackUsed[s] && parent >= 0) stackUsed[parent] = 1;
  }
  // Unscaled, the file's own total (summed before the decoder merged equal samples) is pprof's.
  return { stackSelf, stackUsed, total: scale === 1 ? samples.totals[filter.sampleTypeIndex] : total, labelledTotal };
}

/** pprof's Normalize: sum of values (signed) of a sample type over every sample. */
function signedSum(profile: Profile, sampleTypeIndex: number): number {
  const values = profile.samples.values[sampleTypeIndex];
  let sum = 0;
  for (let i = 0; i < profile.samples.count; i++) sum += values[i];
  return sum;
}

interface Side {
  profile: Profile;
  table: TopTable;
  total: number;
  /** Of `total`, the samples that already carry pprof::base=true (a diff written by pprof). */
  labelledTotal: number;
}

function topOfSide(profile: Profile, query: ProfileQuery, sampleTypeIndex: number, scale: number, isBase: boolean): Side {
  const compiled = compileQuery(profile, { ...query, sampleTypeIndex });
  const samples = isBase ? { ...compiled.samples, labelSetPasses: baseLabelSetMask(profile, query.tagFocus ?? [], query.tagIgnore ?? []) } : compiled.samples;
  const { total, labelledTotal, ...weights } = scaledWeights(profile, samples, scale);
  return { profile, table: computeTopTable(profile, weights, compiled.frameHidden), total, labelledTotal };
}

export function computeDiffTop(base: Profile, target: Profile, query: ProfileQuery = {}, options: DiffOptions = {}): DiffTop {
  const [baseIndex, targetIndex] = chooseSampleTypes(base, target, options.sampleType);
  const baseType = base.sampleTypes[baseIndex];
  const targetType = target.sampleTypes[targetIndex];
  const { unit, baseScale, targetScale } = commonUnit(baseType, targetType, options.normalize === true);
  const warnings: string[] = [];
  // pprof merges any periods (it keeps the larger) and the table does not use them; a reader should know.
  const [basePeriod] = scaleValue(base.period, base.periodType.unit, target.periodType.unit);
  if (base.periodType.type !== target.periodType.type || basePeriod !== target.period) {
    const period = (p: Profile) => `${p.period} ${p.periodType.unit || '(no unit)'} of ${p.periodType.type || '(no type)'}`;
    warnings.push(`the profiles were sampled differently: every ${period(base)} in the base, ${period(target)} in the target`);
  }
  if (baseScale !== 1 || targetScale !== 1) {
    warnings.push(`"${targetType.type}" is in ${baseType.unit} in the base and ${targetType.unit} in the target: both compared in ${unit}`);
  }
  let normalizeScale = 1;
  if (options.normalize) {
    // pprof scales the target by base sum / target sum (0 when the target sums to 0), per sample.
    const targetSum = signedSum(target, targetIndex);
    normalizeScale = targetSum === 0 ? 0 : signedSum(base, baseIndex) / targetSum;
  }
  const sides = [topOfSide(base, query, baseIndex, baseScale, true), topOfSide(target, query, targetIndex, targetScale * normalizeScale, false)];

  // Align by name: one row per name seen on either side (same-named functions of one side add up).
  const rowOf = new Map<string, number>();
  const names: string[] = [];
  const sums: [number[], number[], number[], number[]] = [[], [], [], []];
  sides.forEach(({ profile, table }, side) => {
    for (let r = 0; r < table.count; r++) {
      const name = profile.strings[profile.functions.name[table.func[r]]];
      let row = rowOf.get(name);
      if (row === undefined) {
        row = names.length;
        rowOf.set(name, row);
        names.push(name);
        for (const column of sums) column.push(0);
      }
      sums[side * 2][row] += table.flat[r];
      sums[side * 2 + 1][row] += table.cum[r];
    }
  });
  const [bFlat, bCum, tFlat, tCum] = sums;
  const order = names.map((_, i) => i);
  const deltaFlat = (i: number) => tFlat[i] - bFlat[i];
  order.sort((a, b) => Math.abs(deltaFlat(b)) - Math.abs(deltaFlat(a)) || compareGoStrings(names[a], names[b]));
  const column = (values: number[]) => Float64Array.from(order, (i) => values[i]);
  const result: DiffTop = {
    sampleType: { type: targetType.type, unit },
    baseTotal: sides[0].total,
    targetTotal: sides[1].total,
    total: pprofTotal(sides[0], sides[1]),
    count: names.length,
    names: order.map((i) => names[i]),
    baseFlat: column(bFlat),
    baseCum: column(bCum),
    targetFlat: column(tFlat),
    targetCum: column(tCum),
    flat: Float64Array.from(order, deltaFlat),
    cum: Float64Array.from(order, (i) => tCum[i] - bCum[i]),
    warnings,
  };
  return result;
}

/**
 * pprof's computeTotal on the merged profile: |value| summed over the samples labelled
 * pprof::base=true (every base sample, and a target's own when it is itself a pprof diff), or
 * over every sample when none of those has a value.
 */
function pprofTotal(base: Side, target: Side): number {
  const labelled = base.total + target.labelledTotal;
  return labelled > 0 ? labelled : target.total;
}

/**
 * The functions whose share of their own profile's total (cum / total) grew by more than
 * `points` percentage points from base to target: the CI gate of `flamedeck diff --fail-on-growth`.
 */
export function functionsGrownBy(diff: DiffTop, points: number): { name: string; baseShare: number; targetShare: number }[] {
  const share = (value: number, total: number) => (total === 0 ? 0 : (value / total) * 100);
  const grown = [];
  for (let i = 0; i < diff.count; i++) {
    const baseShare = share(diff.baseCum[i], diff.baseTotal);
    const targetShare = share(diff.targetCum[i], diff.targetTotal);
    if (targetShare - baseShare > points) grown.push({ name: diff.names[i], baseShare, targetShare });
  }
  return grown;
}
