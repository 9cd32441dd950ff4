import type { Profile, ValueType } from '../model/profile.js';
import { buildCallTree, type CallTree, type ChildOrder } from './call-tree.js';
import { compileNameFilters, type NameFilters } from './name-filter.js';
import { accumulateStacks, type SampleFilter } from './stack-weights.js';
import { labelSetMask } from './tag-filter.js';
import { computeTopTable, computeTopTableFromTree, sampleTotal, type TopTable } from './top-table.js';
import { UserFacingError } from '../user-facing-error.js';

export interface ProfileQuery extends NameFilters {
  /** Index into profile.sampleTypes; the profile's default when absent. */
  sampleTypeIndex?: number;
  /** pprof -tagfocus expressions; a sample must pass every one. */
  tagFocus?: string[];
  /** pprof -tagignore expressions; a sample passing any one is dropped. */
  tagIgnore?: string[];
  order?: ChildOrder;
}

/**
 * Filters as people give them (the app's chips and URL hash, the CLI's flags): text, where ''
 * means "no filter" (an empty -ignore regex would otherwise drop every sample).
 */
export interface ProfileFilters {
  sampleTypeIndex: number;
  tagFocus: string[];
  tagIgnore: string[];
  focus: string;
  ignore: string;
  hide: string;
  show: string;
}

/** No filter at all (sample type 0 until the profile's default is known). */
export const NO_FILTERS: Readonly<ProfileFilters> = { sampleTypeIndex: 0, tagFocus: [], tagIgnore: [], focus: '', ignore: '', hide: '', show: '' };

/** Whether any filter leaves samples or frames out (the sample type is no filter). */
export function isFiltered(filters: ProfileFilters): boolean {
  return filters.tagFocus.some((e) => e !== '') || filters.tagIgnore.some((e) => e !== '') || !!(filters.focus || filters.ignore || filters.hide || filters.show);
}

/** The one conversion from filters as given to the engine's query. */
export function queryOf(filters: Partial<ProfileFilters>): ProfileQuery {
  return {
    sampleTypeIndex: filters.sampleTypeIndex,
    tagFocus: (filters.tagFocus ?? []).filter((e) => e !== ''),
    tagIgnore: (filters.tagIgnore ?? []).filter((e) => e !== ''),
    focus: filters.focus || undefined,
    ignore: filters.ignore || undefined,
    hide: filters.hide || undefined,
    show: filters.show || undefined,
  };
}

/** pprof's flag names, one expression each, as the CLI takes them and the goldens record them. */
type FilterFlags = Partial<Record<'tagfocus' | 'tagignore' | 'focus' | 'ignore' | 'hide' | 'show', string>>;

export function queryFromFlags(flags: FilterFlags): ProfileQuery {
  const { tagfocus, tagignore, focus, ignore, hide, show } = flags;
  return queryOf({ tagFocus: tagfocus ? [tagfocus] : [], tagIgnore: tagignore ? [tagignore] : [], focus, ignore, hide, show });
}

export interface QueryResult {
  sampleTypeIndex: number;
  /** Sum of |value| over all samples before filters, as pprof reports it. */
  total: number;
  /** How many of the file's samples the tag and focus/ignore filters keep. */
  sampleCount: number;
  tree: CallTree | null;
  top: TopTable | null;
}

export class QueryError extends UserFacingError {
  constructor(message: string) {
    super(message);
    this.name = 'QueryError';
  }
}

/** The sample type named (or numbered, as `-sample_index` takes it), or -1. */
export function findSampleType(sampleTypes: ValueType[], nameOrIndex: string | number): number {
  const byName = sampleTypes.findIndex((t) => t.type === nameOrIndex);
  if (byName >= 0) return byName;
  const index = typeof nameOrIndex === 'number' ? nameOrIndex : /^\d+$/.test(nameOrIndex) ? Number(nameOrIndex) : NaN;
  return Number.isInteger(index) && index >= 0 && index < sampleTypes.length ? index : -1;
}

/** Resolves a sample type given by name or index; the profile's default when none is given. */
export function resolveSampleType(profile: Profile, nameOrIndex: string | number | undefined): number {
  if (profile.sampleTypes.length === 0) throw new QueryError('the profile has no sample types');
  if (nameOrIndex === undefined || nameOrIndex === '') return profile.defaultSampleTypeIndex;
  const found = findSampleType(profile.sampleTypes, nameOrIndex);
  if (found >= 0) return found;
  const known = profile.sampleTypes.map((t, i) => `${i}:${t.type}`).join(', ');
  throw new QueryError(`unknown sample type ${JSON.stringify(String(nameOrIndex))} (this profile has ${known})`);
}

/** Which results to compute: the CLI's `top` needs no tree, a flame view needs no table. */
export interface QueryParts {
  tree?: boolean;
  top?: boolean;
}

/** A query resolved against one profile: which samples it keeps and which frames it hides. */
export interface CompiledQuery {
  sampleTypeIndex: number;
  samples: SampleFilter;
  /** Per frame: 1 when hide/show removed it; null = none. */
  frameHidden: Uint8Array | null;
}

export function compileQuery(profile: Profile, query: ProfileQuery): CompiledQuery {
  const sampleTypeIndex = resolveSampleType(profile, query.sampleTypeIndex);
  const { stackPasses, frameHidden } = compileNameFilters(profile, query);
  const labelSetPasses = labelSetMask(profile, query.tagFocus ?? [], query.tagIgnore ?? []);
  return { sampleTypeIndex, samples: { sampleTypeIndex, labelSetPasses, stackPasses }, frameHidden };
}

export function runQuery(profile: Profile, query: ProfileQuery = {}, parts: QueryParts = { tree: true, top: true }): QueryResult {
  const { sampleTypeIndex, samples, frameHidden } = compileQuery(profile, query);
  const hiddenKey = query.hide || query.show ? `hide=${query.hide ?? ''}\u0000show=${query.show ?? ''}` : '';
  const tree = parts.tree ? buildCallTree({ profile, samples, frameHidden, hiddenKey, order: query.order ?? 'name' }) : null;
  // With a tree at hand the table is one pass over it; alone, it comes from the stacks.
  const top = parts.top
    ? tree
      ? computeTopTableFromTree(profile, tree)
      : computeTopTable(profile, accumulateStacks(profile, samples), frameHidden)
    : null;
  return { sampleTypeIndex, total: sampleTotal(profile, sampleTypeIndex), sampleCount: keptSampleCount(profile, samples), tree, top };
}

/** How many of the file's samples a filter keeps (a merged row counts the samples it merged). */
function keptSampleCount(profile: Profile, { labelSetPasses, stackPasses }: SampleFilter): number {
  const { samples } = profile;
  if (!labelSetPasses && !stackPasses) return samples.sourceCount;
  let kept = 0;
  for (let i = 0; i < samples.count; i++) {
    const stack = samples.stack[i];
    if (labelSetPasses && labelSetPasses[samples.labelSet[i]] !== 1) continue;
    if (stackPasses && (stack < 0 || stackPasses[stack] !== 1)) continue;
    kept += samples.mergedFrom ? samples.mergedFrom[i] : 1;
  }
  return kept;
}

/** Whether sample i passes the query's tag and focus/ignore filters (for summaries over samples). */
export function samplePredicate(profile: Profile, query: ProfileQuery): (sample: number) => boolean {
  const labelSetPasses = labelSetMask(profile, query.tagFocus ?? [], query.tagIgnore ?? []);
  const { stackPasses } = compileNameFilters(profile, { focus: query.focus, ignore: query.ignore });
  const { labelSet, stack } = profile.samples;
  return (i) =>
    (!labelSetPasses || labelSetPasses[labelSet[i]] === 1) &&
    (!stackPasses || (stack[i] >= 0 && stackPasses[stack[i]] === 1));
}
