import { nameRanks, type CallTree, type ChildOrder } from '../../shared/analysis/call-tree.js';
import { computeDiffTree, diffWidthTree, mergeFunctions, type DiffTree, type DiffWidth, type MergedFunctions } from '../../shared/analysis/diff-tree.js';
import { functionSpaceOfNames, type FunctionSpace } from '../../shared/analysis/function-space.js';
import { queryOf, runQuery, samplePredicate, type ProfileFilters } from '../../shared/analysis/query.js';
import { summarizeTags, type TagKeySummary } from '../../shared/analysis/tag-summary.js';
import { computeSandwich } from '../../shared/analysis/sandwich.js';
import { computeTopTableFromTree } from '../../shared/analysis/top-table.js';
import type { Profile, ValueType } from '../../shared/model/profile.js';
import { UserFacingError } from '../../shared/user-facing-error.js';
import type { DeltaRows } from './protocol.js';

/** Two profiles compared in one worker: base and target, and the names both are numbered by. */
export interface Comparison {
  base: Profile;
  target: Profile;
  merged: MergedFunctions;
  /** The merged names' sort order (siblings are ordered by name). */
  ranks: Int32Array;
  space: FunctionSpace;
  /** The sample types both have (by name, in the target's order), and each one's index on each side. */
  sampleTypes: ValueType[];
  baseTypeIndex: number[];
  targetTypeIndex: number[];
  defaultSampleTypeIndex: number;
  /** What the user should know (a unit or period that differs between the two). */
  warnings: string[];
}

export function openComparison(base: Profile, target: Profile, baseName: string, targetName: string): Comparison {
  const sampleTypes: ValueType[] = [];
  const baseTypeIndex: number[] = [];
  const targetTypeIndex: number[] = [];
  const warnings: string[] = [];
  target.sampleTypes.forEach((type, t) => {
    const b = base.sampleTypes.findIndex((other) => other.type === type.type);
    if (b < 0) return;
    sampleTypes.push(type);
    baseTypeIndex.push(b);
    targetTypeIndex.push(t);
    if (base.sampleTypes[b].unit !== type.unit) warnings.push(`${type.type} is in ${base.sampleTypes[b].unit} in ${baseName} but in ${type.unit} in ${targetName}: the numbers are compared as they are.`);
  });
  if (sampleTypes.length === 0) {
    const list = (p: Profile) => p.sampleTypes.map((t) => t.type).join(', ') || 'none';
    throw new UserFacingError(`${baseName} and ${targetName} have no sample type in common (${list(base)} against ${list(target)}), so they cannot be compared.`);
  }
  if (base.period !== target.period && base.period > 0 && target.period > 0) {
    warnings.push(`The two profiles were sampled at different periods (${base.period} and ${target.period} ${target.periodType.unit}).`);
  }
  const preferred = targetTypeIndex.indexOf(target.defaultSampleTypeIndex);
  const merged = mergeFunctions(base, target);
  return {
    base,
    target,
    merged,
    ranks: nameRanks(merged.names),
    space: functionSpaceOfNames(merged.names),
    sampleTypes,
    baseTypeIndex,
    targetTypeIndex,
    defaultSampleTypeIndex: preferred >= 0 ? preferred : sampleTypes.length - 1,
    warnings,
  };
}

const renumbered = new WeakMap<Int32Array, Int32Array>();

/**
 * A side's tree with its functions numbered as the comparison numbers them. Queries that change
 * only weights share the tree's function column, so its renumbering is kept.
 */
function inMergedNumbers(tree: CallTree, fromSide: Int32Array): CallTree {
  let func = renumbered.get(tree.func);
  if (!func) {
    func = new Int32Array(tree.count);
    for (let i = 0; i < tree.count; i++) func[i] = tree.func[i] < 0 ? tree.func[i] : fromSide[tree.func[i]];
    renumbered.set(tree.func, func);
  }
  return { ...tree, func };
}

export interface ComparedTrees {
  diff: DiffTree;
  /** The diff sized as asked, for its layout. */
  diffLayoutTree: CallTree;
  baseTree: CallTree;
  targetTree: CallTree;
  /** The same trees numbered by each profile's own functions (for a sandwich of a side). */
  baseOwnTree: CallTree;
  targetOwnTree: CallTree;
  /** pprof's totals: each side's own, and the diff's (the base's, as pprof's computeTotal). */
  baseTotal: number;
  targetTotal: number;
  rows: DeltaRows;
}

/** The filters' sample type as an index into the types both sides have (an index out of range: the nearest). */
export function comparedTypeIndex(c: Comparison, filters: ProfileFilters): number {
  return Math.min(Math.max(0, filters.sampleTypeIndex), c.sampleTypes.length - 1);
}

/** Both sides queried with the same filters (the sample type by name), aligned, and their tables. */
export function compareTrees(c: Comparison, filters: ProfileFilters, order: ChildOrder, width: DiffWidth): ComparedTrees {
  const index = comparedTypeIndex(c, filters);
  const baseResult = runQuery(c.base, { ...queryOf({ ...filters, sampleTypeIndex: c.baseTypeIndex[index] }), order }, { tree: true });
  const targetResult = runQuery(c.target, { ...queryOf({ ...filters, sampleTypeIndex: c.targetTypeIndex[index] }), order }, { tree: true });
  const diff = computeDiffTree({ profile: c.base, tree: baseResult.tree! }, { profile: c.target, tree: targetResult.tree! }, order, c.merged, c.ranks);
  return {
    diff,
    diffLayoutTree: diffWidthTree(diff, width),
    baseTree: inMergedNumbers(baseResult.tree!, c.merged.fromBase),
    baseOwnTree: baseResult.tree!,
    targetOwnTree: targetResult.tree!,
    targetTree: inMergedNumbers(targetResult.tree!, c.merged.fromTarget),
    baseTotal: baseResult.total,
    targetTotal: targetResult.total,
    rows: deltaRows(c, baseResult.tree!, targetResult.tree!),
  };
}

/** pprof -top of each side, per merged function: a diff's flat and cum are target − base. */
function deltaRows(c: Comparison, baseTree: CallTree, targetTree: CallTree): DeltaRows {
  const n = c.merged.names.length;
  const baseFlat = new Float64Array(n);
  const baseCum = new Float64Array(n);
  const targetFlat = new Float64Array(n);
  const targetCum = new Float64Array(n);
  const present = new Uint8Array(n);
  const fill = (profile: Profile, tree: CallTree, fromSide: Int32Array, flat: Float64Array, cum: Float64Array) => {
    const top = computeTopTableFromTree(profile, tree);
    for (let row = 0; row < top.count; row++) {
      const id = fromSide[top.func[row]];
      flat[id] = top.flat[row];
      cum[id] = top.cum[row];
      present[id] = 1;
    }
  };
  fill(c.base, baseTree, c.merged.fromBase, baseFlat, baseCum);
  fill(c.target, targetTree, c.merged.fromTarget, targetFlat, targetCum);
  const funcs: number[] = [];
  for (let f = 0; f < n; f++) if (present[f]) funcs.push(f);
  const pick = (column: Float64Array) => Float64Array.from(funcs, (f) => column[f]);
  return { count: funcs.length, func: Int32Array.from(funcs), baseFlat: pick(baseFlat), baseCum: pick(baseCum), targetFlat: pick(targetFlat), targetCum: pick(targetCum) };
}

/** The Tags panel of a comparison: both sides' labels, each value's totals added (the filters act on both). */
export function comparisonTags(c: Comparison, filters: ProfileFilters): TagKeySummary[] {
  const index = comparedTypeIndex(c, filters);
  const side = (profile: Profile, typeIndex: number) => summarizeTags(profile, typeIndex, samplePredicate(profile, queryOf(filters)));
  const merged = new Map<string, TagKeySummary>();
  for (const summary of [...side(c.base, c.baseTypeIndex[index]), ...side(c.target, c.targetTypeIndex[index])]) {
    const known = merged.get(summary.key);
    if (!known) {
      merged.set(summary.key, { ...summary, values: summary.values.map((v) => ({ ...v })) });
      continue;
    }
    known.total += summary.total;
    for (const value of summary.values) {
      const same = known.values.find((v) => v.label === value.label);
      if (same) same.total += value.total;
      else known.values.push({ ...value });
    }
  }
  const keys = [...merged.values()];
  for (const key of keys) key.values.sort((a, b) => Math.abs(b.total) - Math.abs(a.total) || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
  return keys.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** A comparison's sandwich: each side's, aligned by call path, and the direct edges of both. */
export interface ComparedSandwich {
  flat: number;
  cum: number;
  baseFlat: number;
  baseCum: number;
  callers: DiffTree;
  callees: DiffTree;
  /** Per direct caller/callee (merged numbers): the target's and the base's edge weight. */
  directCallers: { func: Int32Array; value: Float64Array; baseValue: Float64Array };
  directCallees: { func: Int32Array; value: Float64Array; baseValue: Float64Array };
}

/** The sandwich of one function (merged number) on both sides of the last comparison. */
export function compareSandwich(c: Comparison, sides: { base: CallTree; target: CallTree }, func: number, order: ChildOrder): ComparedSandwich {
  const sideSandwich = (profile: Profile, tree: CallTree, own: number) => (own >= 0 ? computeSandwich(profile, tree, own, order) : emptySandwich(own));
  const base = sideSandwich(c.base, sides.base, c.merged.baseFunc[func]);
  const target = sideSandwich(c.target, sides.target, c.merged.targetFunc[func]);
  const align = (b: CallTree, t: CallTree) => computeDiffTree({ profile: c.base, tree: b }, { profile: c.target, tree: t }, order, c.merged, c.ranks);
  const edges = (b: { func: Int32Array; value: Float64Array }, t: { func: Int32Array; value: Float64Array }) => {
    const value = new Map<number, [number, number]>();
    b.func.forEach((f, i) => value.set(c.merged.fromBase[f], [b.value[i], 0]));
    t.func.forEach((f, i) => {
      const id = c.merged.fromTarget[f];
      value.set(id, [value.get(id)?.[0] ?? 0, t.value[i]]);
    });
    // The largest change first.
    const funcs = [...value.keys()].sort((x, y) => Math.abs(value.get(y)![1] - value.get(y)![0]) - Math.abs(value.get(x)![1] - value.get(x)![0]) || x - y);
    return { func: Int32Array.from(funcs), value: Float64Array.from(funcs, (f) => value.get(f)![1]), baseValue: Float64Array.from(funcs, (f) => value.get(f)![0]) };
  };
  return {
    flat: target.flat,
    cum: target.cum,
    baseFlat: base.flat,
    baseCum: base.cum,
    callers: align(base.callers, target.callers),
    callees: align(base.callees, target.callees),
    directCallers: edges(base.directCallers, target.directCallers),
    directCallees: edges(base.directCallees, target.directCallees),
  };
}

/** A side that lacks the function: both trees only its (empty) root. */
function emptySandwich(func: number) {
  const root = (): CallTree => ({
    count: 1,
    parent: Int32Array.of(-1),
    depth: Int32Array.of(0),
    func: Int32Array.of(func),
    self: Float64Array.of(0),
    total: Float64Array.of(0),
    subtreeEnd: Int32Array.of(1),
    maxDepth: 0,
    reached: Uint8Array.of(1),
  });
  const none = { func: new Int32Array(0), value: new Float64Array(0) };
  return { flat: 0, cum: 0, callers: root(), callees: root(), directCallers: none, directCallees: none };
}
