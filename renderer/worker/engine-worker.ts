/// <reference lib="webworker" />
// The engine worker of one tab: owns that tab's decoded profile; the UI thread sends small
// requests and gets typed arrays back as transfers. The UI thread never decodes, filters or
// aggregates. A tab's worker is ended (terminate) to cancel what it is doing: see engine-client.ts.
import type { CallTree } from '../../shared/analysis/call-tree.js';
import { NO_FILTERS, queryOf, runQuery, samplePredicate } from '../../shared/analysis/query.js';
import { computeSandwich } from '../../shared/analysis/sandwich.js';
import { matchFunctions, matchNames, summarizeSearch } from '../../shared/analysis/search.js';
import { summarizeTags } from '../../shared/analysis/tag-summary.js';
import { computeTopTableFromTree } from '../../shared/analysis/top-table.js';
import { findZoomNode } from '../../shared/analysis/zoom-path.js';
import { functionSpaceOf, type FunctionSpace } from '../../shared/analysis/function-space.js';
import { decodeProfileBlob, decodeUncompressedProfile, INFLATE_SHARE } from '../../shared/formats/pprof-decode.js';
import { synthesizeProfile } from '../../shared/formats/synthetic-profile.js';
import type { Profile } from '../../shared/model/profile.js';
import { UserFacingError } from '../../shared/user-facing-error.js';
import { RegexSyntaxError } from '../../shared/analysis/go-regexp.js';
import { flameRects, flameTransfers } from './flame-rects.js';
import { describeFailure, DOING } from './engine-errors.js';
import type { DiffTree } from '../../shared/analysis/diff-tree.js';
import type {
  CompareArgs,
  CompareReply,
  ComparisonSummary,
  FlameRects,
  ProfileSummary,
  QueryArgs,
  QueryReply,
  SandwichArgs,
  SandwichReply,
  SearchStats,
  TableSort,
  TopRows,
  TreeHandle,
  WorkerReply,
  WorkerRequest,
  ZoomTarget,
} from './protocol.js';
import { TreeStore } from './tree-store.js';
import { buildExport, ownBuffer } from './export-file.js';
import { sortedTop } from './table-order.js';
import { compareSandwich, comparisonTags, compareTrees, openComparison, type Comparison } from './comparison.js';
import { diffWidthTree } from '../../shared/analysis/diff-tree.js';
import { splitDiffProfile } from '../../shared/analysis/diff-split.js';
import { diffColumns } from './flame-rects.js';

declare const self: DedicatedWorkerGlobalScope;

/** The tab's profile, once opened, and the trees follow-up requests name. */
let profile: Profile | null = null;
/** A comparison tab's two profiles (then `profile` is its target), and their names. */
let comparison: Comparison | null = null;
let comparisonNames = { base: '', target: '' };
const trees = new TreeStore();

function reply(message: WorkerReply, transfer: ArrayBuffer[] = []): void {
  self.postMessage(message, transfer);
}

function openProfile(): Profile {
  if (!profile) throw new Error('no profile is open in this worker');
  return profile;
}

/** The names the worker's trees number their functions by. */
function space(): FunctionSpace {
  return comparison ? comparison.space : functionSpaceOf(openProfile());
}

function summarize(name: string, profile: Profile): ProfileSummary {
  const { functions, strings } = profile;
  return {
    name,
    sampleTypes: profile.sampleTypes,
    defaultSampleTypeIndex: profile.defaultSampleTypeIndex,
    durationNanos: profile.durationNanos,
    timeNanos: profile.timeNanos,
    comments: profile.comments,
    sampleCount: profile.samples.sourceCount,
    functionNames: Array.from(functions.name, (s) => strings[s]),
    functionFiles: Array.from(functions.filename, (s) => strings[s]),
    functionStartLines: functions.startLine.slice(),
  };
}

/** Search runs against a built tree: no re-query, so it keeps up with typing. */
/** A comparison's two side trees as last queried: a search's totals are each side's own. */
let comparedSides: { base: CallTree; target: CallTree } | null = null;
/** The same numbered by each profile's own functions, for a sandwich. */
let comparedOwnSides: { base: CallTree; target: CallTree } | null = null;

function searchStats(tree: CallTree, text: string): SearchStats | null {
  if (text.trim() === '') return null;
  const matches = matchNames(space().names, text);
  const stats: SearchStats = { query: text, matches, ...summarizeSearch(tree, matches) };
  if (comparedSides) {
    // The nodes to step through are the diff graph's; the weights are the two profiles'.
    stats.matchedTotal = summarizeSearch(comparedSides.target, matches).matchedTotal;
    stats.baseMatchedTotal = summarizeSearch(comparedSides.base, matches).matchedTotal;
  }
  return stats;
}

/**
 * A query's search: an invalid regex answers no stats and says why (one sentence), so the query
 * itself still answers and no stats of an earlier search are left standing.
 */
function querySearch(tree: CallTree, text: string): { search: SearchStats | null; searchError?: string } {
  try {
    return { search: searchStats(tree, text) };
  } catch (error) {
    if (error instanceof RegexSyntaxError) return { search: null, searchError: error.message };
    throw error;
  }
}

function searchTransfers(search: SearchStats | null): ArrayBuffer[] {
  return search ? [search.matches.buffer as ArrayBuffer, search.matchNodes.buffer as ArrayBuffer] : [];
}

function layoutOf(tree: CallTree, zoom: ZoomTarget, widthPx: number, diff?: DiffTree): FlameRects {
  const { idOf, colorKeys } = space();
  const found = 'node' in zoom ? { node: zoom.node, matched: 0 } : findZoomNode(idOf, tree, zoom.path);
  const rects = flameRects(colorKeys, tree, found.node, widthPx, 'node' in zoom || found.matched === zoom.path.length);
  if (diff) rects.compare = diffColumns(diff, rects.nodeId);
  return rects;
}

function layoutOfHandle(handle: TreeHandle, zoom: ZoomTarget, widthPx: number): FlameRects {
  return layoutOf(trees.get(handle), zoom, widthPx, trees.diffOf(handle));
}

function answerCompare(c: Comparison, args: CompareArgs): { result: CompareReply; transfers: ArrayBuffer[] } {
  const started = performance.now();
  const compared = compareTrees(c, args.filters, args.order, args.width);
  comparedSides = { base: compared.baseTree, target: compared.targetTree };
  comparedOwnSides = { base: compared.baseOwnTree, target: compared.targetOwnTree };
  const side = (slot: string, tree: CallTree, diff?: DiffTree) => {
    const handle = trees.put(slot, tree, diff);
    return { tree: handle, flame: layoutOfHandle(handle, { path: args.zoom }, args.widthPx) };
  };
  const diff = side('diff', compared.diffLayoutTree, compared.diff);
  const base = side('base', compared.baseTree);
  const target = side('target', compared.targetTree);
  const { search, searchError } = querySearch(compared.diffLayoutTree, args.search);
  const { rows } = compared;
  const result: CompareReply = {
    workerMs: performance.now() - started,
    total: compared.baseTotal,
    baseTotal: compared.baseTotal,
    targetTotal: compared.targetTotal,
    diff,
    base,
    target,
    rows,
    search,
    ...(searchError && { searchError }),
  };
  const transfers = [diff.flame, base.flame, target.flame].flatMap(flameTransfers);
  transfers.push(...searchTransfers(search), ...[rows.func, rows.baseFlat, rows.baseCum, rows.targetFlat, rows.targetCum].map((a) => a.buffer as ArrayBuffer));
  return { result, transfers };
}

function summarizeComparison(c: Comparison, baseName: string, targetName: string): ComparisonSummary {
  const single = summarize(`${baseName} → ${targetName}`, c.target);
  const files = new Map<string, string>();
  for (const p of [c.base, c.target]) p.functions.name.forEach((s, f) => files.set(p.strings[s], p.strings[p.functions.filename[f]]));
  return {
    ...single,
    sampleTypes: c.sampleTypes,
    defaultSampleTypeIndex: c.defaultSampleTypeIndex,
    sampleCount: c.base.samples.sourceCount + c.target.samples.sourceCount,
    functionNames: c.merged.names,
    functionFiles: c.merged.names.map((name) => files.get(name) ?? ''),
    functionStartLines: new Float64Array(c.merged.names.length),
    baseName,
    targetName,
    warnings: c.warnings,
  };
}

function answerQuery(args: QueryArgs): { result: QueryReply; transfers: ArrayBuffer[] } {
  const started = performance.now();
  const profile = openProfile();
  const result = runQuery(profile, { ...queryOf(args.filters), order: args.order }, { tree: true });
  const tree = result.tree!;
  const handle = trees.put('query', tree);
  const flame = layoutOf(tree, { path: args.zoom }, args.widthPx);
  const transfers = flameTransfers(flame);
  const { search, searchError } = querySearch(tree, args.search);
  transfers.push(...searchTransfers(search));
  const top = args.tableSort ? tableOf(tree, args.tableSort) : null;
  if (top) transfers.push(...tableTransfers(top));
  return {
    result: { tree: handle, workerMs: performance.now() - started, total: result.total, treeTotal: tree.total[0], sampleCount: result.sampleCount, nodeCount: tree.count, flame, top, search, ...(searchError && { searchError }) },
    transfers,
  };
}

function tableOf(tree: CallTree, sort: TableSort): TopRows {
  const profile = openProfile();
  return sortedTop(profile, computeTopTableFromTree(profile, tree), sort);
}

function tableTransfers(top: TopRows): ArrayBuffer[] {
  return [top.func.buffer as ArrayBuffer, top.flat.buffer as ArrayBuffer, top.cum.buffer as ArrayBuffer];
}

/** A comparison's sandwich: both sides' halves aligned into diff graphs. */
function answerComparedSandwich(c: Comparison, args: SandwichArgs, func: number): { sandwich: SandwichReply; transfers: ArrayBuffer[] } {
  const started = performance.now();
  if (!comparedOwnSides) throw new Error('no comparison has been queried in this worker');
  const cut = compareSandwich(c, comparedOwnSides, func, args.order);
  const half = (slot: string, diff: DiffTree, zoom: string[]) => sandwichHalf(slot, diffWidthTree(diff, 'target'), zoom, args.widthPx, diff);
  const sandwich: SandwichReply = {
    from: args.tree,
    name: args.func,
    func,
    flat: cut.flat,
    cum: cut.cum,
    baseFlat: cut.baseFlat,
    baseCum: cut.baseCum,
    callers: half('callers', cut.callers, args.callersZoom),
    callees: half('callees', cut.callees, args.calleesZoom),
    directCallers: cut.directCallers,
    directCallees: cut.directCallees,
    workerMs: performance.now() - started,
  };
  return { sandwich, transfers: sandwichTransfers(sandwich) };
}

/** One half of a sandwich: its tree kept for zooming, laid out at the asked zoom. */
function sandwichHalf(slot: string, tree: CallTree, zoom: string[], widthPx: number, diff?: DiffTree) {
  const handle = trees.put(slot, tree, diff);
  return { tree: handle, flame: layoutOfHandle(handle, { path: zoom }, widthPx) };
}

function sandwichTransfers(sandwich: SandwichReply): ArrayBuffer[] {
  const rows = [sandwich.directCallers, sandwich.directCallees].flatMap((r) => [r.func, r.value, ...(r.baseValue ? [r.baseValue] : [])]);
  return [...flameTransfers(sandwich.callers.flame), ...flameTransfers(sandwich.callees.flame), ...rows.map((a) => a.buffer as ArrayBuffer)];
}

function answerSandwich(args: SandwichArgs): { sandwich: SandwichReply; transfers: ArrayBuffer[] } {
  const started = performance.now();
  const profile = openProfile();
  const from = trees.get(args.tree);
  const func = space().idOf.get(args.func);
  if (func === undefined) throw new UserFacingError(`There is no function named ${JSON.stringify(args.func)} in this profile.`);
  if (comparison) return answerComparedSandwich(comparison, args, func);
  const cut = computeSandwich(profile, from, func, args.order);
  const half = (slot: string, tree: CallTree, zoom: string[]) => sandwichHalf(slot, tree, zoom, args.widthPx);
  const sandwich: SandwichReply = {
    from: args.tree,
    name: args.func,
    func,
    flat: cut.flat,
    cum: cut.cum,
    callers: half('callers', cut.callers, args.callersZoom),
    callees: half('callees', cut.callees, args.calleesZoom),
    directCallers: cut.directCallers,
    directCallees: cut.directCallees,
    workerMs: 0,
  };
  sandwich.workerMs = performance.now() - started;
  return { sandwich, transfers: sandwichTransfers(sandwich) };
}

/** Test hook (see stallNext in state/actions.ts): a computation that never ends, as a stuck request looks. */
function spinForever(): never {
  let spins = 0;
  for (;;) spins = (spins + 1) | 0;
}

async function handle(request: WorkerRequest): Promise<void> {
  switch (request.kind) {
    case 'open': {
      const arrived = performance.now();
      await warmedUp;
      const started = performance.now();
      let inflated = 0;
      const onProgress = (fraction: number, phase: string) => {
        // Inflating reports fractions below INFLATE_SHARE; decoding starts at it.
        if (inflated === 0 && fraction >= INFLATE_SHARE) inflated = performance.now();
        reply({ kind: 'progress', id: request.id, fraction: 0.9 * fraction, phase });
      };
      if (request.stall) {
        onProgress(0.3, 'reading samples');
        spinForever();
      }
      const decodedProfile = await decodeProfileBlob(request.source, { onProgress });
      reply({ kind: 'progress', id: request.id, fraction: 0.9, phase: 'building the call tree' });
      const decoded = performance.now();
      // A pprof diff (its base's samples negated, labelled pprof::base) opens as the comparison it is.
      const split = splitDiffProfile(decodedProfile);
      if (split) {
        profile = split.target;
        // Without pprof's label the sides are only the file's negative and positive samples (a
        // -base subtraction can have merged the two profiles' samples): they are named so.
        const [baseName, targetName] = split.by === 'label' ? [`${request.name} (base)`, request.name] : [`${request.name} (its negative samples)`, `${request.name} (its positive samples)`];
        comparison = openComparison(split.base, split.target, baseName, targetName);
        comparisonNames = { base: baseName, target: targetName };
        const filters = request.filters ?? { ...NO_FILTERS, sampleTypeIndex: comparison.defaultSampleTypeIndex };
        const { result, transfers } = answerCompare(comparison, { filters, order: request.order, zoom: request.zoom ?? [], widthPx: request.widthPx, search: request.search ?? '', width: 'target' });
        reply({ kind: 'comparisonOpened', id: request.id, summary: summarizeComparison(comparison, baseName, targetName), initial: result }, transfers);
        return;
      }
      profile = decodedProfile;
      // The first graph is drawn without waiting for the UI to ask for it.
      const { result, transfers } = answerQuery({
        filters: request.filters ?? { ...NO_FILTERS, sampleTypeIndex: decodedProfile.defaultSampleTypeIndex },
        order: request.order,
        zoom: request.zoom ?? [],
        widthPx: request.widthPx,
        search: request.search ?? '',
        tableSort: request.withTable ? { by: 'flat', reverse: false } : null,
      });
      const timings = {
        waitedForWarmUp: started - arrived,
        inflate: inflated - started,
        decode: decoded - inflated,
        query: performance.now() - decoded,
      };
      reply({ kind: 'opened', id: request.id, summary: summarize(request.name, decodedProfile), initial: result, timings }, transfers);
      return;
    }
    case 'openComparison': {
      await warmedUp;
      const progressOf = (side: number) => (fraction: number, phase: string) =>
        reply({ kind: 'progress', id: request.id, fraction: 0.45 * (side + fraction), phase: `${side === 0 ? request.base.name : request.target.name}: ${phase}` });
      // An open tab hands its decoded profile over: only a file chosen as the base is decoded here.
      const base = request.base.profile ?? (await decodeProfileBlob(request.base.source, { onProgress: progressOf(0) }));
      const target = request.target.profile ?? (await decodeProfileBlob(request.target.source, { onProgress: progressOf(1) }));
      reply({ kind: 'progress', id: request.id, fraction: 0.9, phase: 'aligning the two call trees' });
      profile = target;
      comparison = openComparison(base, target, request.base.name, request.target.name);
      comparisonNames = { base: request.base.name, target: request.target.name };
      const filters = { ...request.args.filters, sampleTypeIndex: request.args.filters.sampleTypeIndex >= 0 ? request.args.filters.sampleTypeIndex : comparison.defaultSampleTypeIndex };
      const { result, transfers } = answerCompare(comparison, { ...request.args, filters });
      reply({ kind: 'comparisonOpened', id: request.id, summary: summarizeComparison(comparison, request.base.name, request.target.name), initial: result }, transfers);
      return;
    }
    case 'swap': {
      if (!comparison) throw new Error('no comparison is open in this worker');
      const typeName = comparison.sampleTypes[request.args.filters.sampleTypeIndex]?.type;
      const names = { base: comparisonNames.target, target: comparisonNames.base };
      comparison = openComparison(comparison.target, comparison.base, names.base, names.target);
      comparisonNames = names;
      profile = comparison.target;
      const typeIndex = comparison.sampleTypes.findIndex((t) => t.type === typeName);
      const filters = { ...request.args.filters, sampleTypeIndex: typeIndex >= 0 ? typeIndex : comparison.defaultSampleTypeIndex };
      const { result, transfers } = answerCompare(comparison, { ...request.args, filters });
      reply({ kind: 'comparisonOpened', id: request.id, summary: summarizeComparison(comparison, names.base, names.target), initial: result }, transfers);
      return;
    }
    case 'compare': {
      if (request.stall) spinForever();
      if (!comparison) throw new Error('no comparison is open in this worker');
      const { result, transfers } = answerCompare(comparison, request);
      reply({ kind: 'compared', id: request.id, result }, transfers);
      return;
    }
    case 'exportProfile':
      // A copy (structured clone): this tab keeps its profile.
      reply({ kind: 'profileExported', id: request.id, profile: comparison ? comparison.target : openProfile() });
      return;
    case 'exportFile': {
      const buffer = ownBuffer(await buildExport(comparison ? { comparison } : { profile: openProfile() }, request));
      reply({ kind: 'fileExported', id: request.id, bytes: buffer }, [buffer]);
      return;
    }
    case 'warmUp':
      startWarmUp();
      return;
    case 'query': {
      if (request.stall) spinForever();
      const { result, transfers } = answerQuery(request);
      reply({ kind: 'queried', id: request.id, result }, transfers);
      return;
    }
    case 'table': {
      const top = tableOf(trees.get(request.tree), request.sort);
      reply({ kind: 'tabled', id: request.id, top }, tableTransfers(top));
      return;
    }
    case 'layout': {
      const flame = layoutOfHandle(request.tree, request.zoom, request.widthPx);
      reply({ kind: 'laidOut', id: request.id, flame }, flameTransfers(flame));
      return;
    }
    case 'search': {
      const search = searchStats(trees.get(request.tree), request.search);
      reply({ kind: 'searched', id: request.id, search }, searchTransfers(search));
      return;
    }
    case 'sandwich': {
      const { sandwich, transfers } = answerSandwich(request);
      reply({ kind: 'sandwiched', id: request.id, sandwich }, transfers);
      return;
    }
    case 'tags': {
      const profile = openProfile();
      const tags = comparison ? comparisonTags(comparison, request.filters) : summarizeTags(profile, request.filters.sampleTypeIndex, samplePredicate(profile, queryOf(request.filters)));
      reply({ kind: 'tags', id: request.id, tags });
      return;
    }
    default: {
      // A request kind added to the protocol but not handled here fails to compile.
      const unhandled: never = request;
      throw new Error(`unknown request ${JSON.stringify(unhandled)}`);
    }
  }
}

/** Requests not yet handled (see drain below). */
const queue: WorkerRequest[] = [];

/**
 * The decoder's first run on a big file is much slower than its later ones: V8 has not yet
 * optimized its loops. Decoding a generated profile of the usual shape (deep stacks, inlined
 * frames, string and numeric labels) a few times at start, while the user is still choosing a
 * file, takes that cost out of the first real open.
 */
let warmedUp: Promise<void> = Promise.resolve();
let openArrived = false;
function startWarmUp(): void {
  warmedUp = warmUp();
}

async function warmUp(): Promise<void> {
  const started = performance.now();
  try {
    const bytes = synthesizeProfile({ stacks: 600, samples: 6000, seed: 5, functions: 3000 });
    // An open that arrives meanwhile stops the warm-up after one round rather than wait.
    for (let round = 0; round < 5 && (round === 0 || !openArrived); round++) {
      const profile = decodeUncompressedProfile(bytes);
      const result = runQuery(profile);
      flameRects(functionSpaceOf(profile).colorKeys, result.tree!, 0, 1000, true);
      // Sandwiches of a root-level function (one call site) and of widely called ones (merged).
      const tree = result.tree!;
      for (let node = 1, made = 0; node < tree.count && made < 4; node += Math.max(1, tree.count >> 2), made++) computeSandwich(profile, tree, tree.func[node], 'name');
      summarizeSearch(result.tree!, matchFunctions(profile, 'acme'));
      await new Promise((resolve) => setTimeout(resolve, 0)); // let an open that arrives meanwhile queue
    }
  } catch (error) {
    console.warn('engine warm-up failed:', error);
  }
  reply({ kind: 'warm', id: 0, ms: performance.now() - started });
}

/**
 * Requests wait in a queue and run one per task, so that messages sent while a long query runs
 * are in the queue before the next one starts: a query with a newer query for the same profile
 * behind it is answered "superseded" instead of being computed for nothing.
 */
let draining = false;

function supersededByQueued(request: WorkerRequest): boolean {
  return (request.kind === 'query' || request.kind === 'sandwich' || request.kind === 'compare') && queue.some((later) => later.kind === request.kind);
}

async function drain(): Promise<void> {
  const request = queue.shift();
  if (!request) {
    draining = false;
    return;
  }
  if (supersededByQueued(request)) {
    reply({ kind: 'error', id: request.id, code: 'superseded', message: 'superseded by a newer query' });
  } else {
    try {
      await handle(request);
    } catch (error) {
      const subject = request.kind === 'open' ? request.name : request.kind === 'openComparison' ? `${request.base.name} → ${request.target.name}` : '';
      const failure = describeFailure(error, subject, subject ? `opening ${subject}` : DOING[request.kind]);
      reply({ kind: 'error', id: request.id, ...failure });
    }
  }
  setTimeout(() => void drain(), 0);
}

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  if (event.data.kind === 'open' || event.data.kind === 'openComparison') openArrived = true;
  queue.push(event.data);
  if (!draining) {
    draining = true;
    setTimeout(() => void drain(), 0);
  }
};
