/// <reference lib="webworker" />
// The engine worker of one tab: owns that tab's decoded profile; the UI thread sends small
// requests and gets typed arrays back as transfers. The UI thread never decodes, filters or
// aggregates. A tab's worker is ended (terminate) to cancel what it is doing: see engine-client.ts.
import type { CallTree } from '../../shared/analysis/call-tree.js';
import { NO_FILTERS, queryOf, runQuery, samplePredicate } from '../../shared/analysis/query.js';
import { matchFunctions, summarizeSearch } from '../../shared/analysis/search.js';
import { summarizeTags } from '../../shared/analysis/tag-summary.js';
import { computeTopTableFromTree, type TopTable } from '../../shared/analysis/top-table.js';
import { decodeProfileBlob, decodeUncompressedProfile } from '../../shared/formats/pprof-decode.js';
import { synthesizeProfile } from '../../shared/formats/synthetic-profile.js';
import type { Profile } from '../../shared/model/profile.js';
import { flameRects, flameTransfers } from './flame-rects.js';
import { describeFailure, DOING } from './engine-errors.js';
import type { ProfileSummary, QueryArgs, QueryReply, SearchStats, TableSortKey, TopRows, WorkerReply, WorkerRequest } from './protocol.js';

declare const self: DedicatedWorkerGlobalScope;

interface OpenProfile {
  profile: Profile;
  /** The call tree of the last query: layouts, searches and tables are answered from it. */
  tree: CallTree | null;
}

const profiles = new Map<number, OpenProfile>();
let nextProfileId = 1;

function reply(message: WorkerReply, transfer: ArrayBuffer[] = []): void {
  self.postMessage(message, transfer);
}

function summarize(profileId: number, name: string, profile: Profile): ProfileSummary {
  const { functions, strings } = profile;
  return {
    profileId,
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

function sortedTop(profile: Profile, top: TopTable, sort: TableSortKey): TopRows {
  const order = Array.from({ length: top.count }, (_, i) => i);
  if (sort === 'cum') order.sort((a, b) => Math.abs(top.cum[b]) - Math.abs(top.cum[a]) || a - b);
  else if (sort === 'name') {
    const name = (row: number) => profile.strings[profile.functions.name[top.func[row]]];
    order.sort((a, b) => (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0));
  }
  return {
    count: top.count,
    func: Int32Array.from(order, (i) => top.func[i]),
    flat: Float64Array.from(order, (i) => top.flat[i]),
    cum: Float64Array.from(order, (i) => top.cum[i]),
  };
}

/** Search runs against the last call tree: no re-query, so it keeps up with typing. */
function searchStats(open: OpenProfile, text: string): SearchStats | null {
  if (text.trim() === '' || !open.tree) return null;
  const matches = matchFunctions(open.profile, text);
  return { query: text, matches, ...summarizeSearch(open.tree, matches) };
}

function answerQuery(open: OpenProfile, args: Omit<QueryArgs, 'profileId'>): { result: QueryReply; transfers: ArrayBuffer[] } {
  const started = performance.now();
  const result = runQuery(open.profile, { ...queryOf(args.filters), order: args.order }, { tree: true });
  open.tree = result.tree;
  const tree = result.tree!;
  const flame = flameRects(open.profile, tree, args.root, args.widthPx);
  const transfers = flameTransfers(flame);
  const search = searchStats(open, args.search);
  if (search) transfers.push(search.matches.buffer as ArrayBuffer, search.matchNodes.buffer as ArrayBuffer);
  const top = args.tableSort ? tableOf(open, args.tableSort) : null;
  if (top) transfers.push(...tableTransfers(top));
  return {
    result: { workerMs: performance.now() - started, total: result.total, treeTotal: tree.total[0], nodeCount: tree.count, flame, top, search },
    transfers,
  };
}

function tableOf(open: OpenProfile, sort: TableSortKey): TopRows {
  if (!open.tree) throw new Error('no query has run for this profile yet');
  return sortedTop(open.profile, computeTopTableFromTree(open.profile, open.tree), sort);
}

function tableTransfers(top: TopRows): ArrayBuffer[] {
  return [top.func.buffer as ArrayBuffer, top.flat.buffer as ArrayBuffer, top.cum.buffer as ArrayBuffer];
}

function requireProfile(profileId: number): OpenProfile {
  const open = profiles.get(profileId);
  if (!open) throw new Error(`profile ${profileId} is not open`);
  return open;
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
        if (inflated === 0 && fraction > 0) inflated = performance.now();
        reply({ kind: 'progress', id: request.id, fraction: 0.9 * fraction, phase });
      };
      if (request.stall) {
        onProgress(0.3, 'reading samples');
        spinForever();
      }
      const profile = await decodeProfileBlob(request.source, { onProgress });
      reply({ kind: 'progress', id: request.id, fraction: 0.9, phase: 'building the call tree' });
      const decoded = performance.now();
      const profileId = nextProfileId++;
      const open: OpenProfile = { profile, tree: null };
      profiles.set(profileId, open);
      // The first graph is drawn without waiting for the UI to ask for it.
      const { result, transfers } = answerQuery(open, {
        filters: request.filters ?? { ...NO_FILTERS, sampleTypeIndex: profile.defaultSampleTypeIndex },
        order: request.order,
        root: 0,
        widthPx: request.widthPx,
        search: request.search ?? '',
        tableSort: request.withTable ? 'flat' : null,
      });
      const timings = {
        waitedForWarmUp: started - arrived,
        inflate: inflated - started,
        decode: decoded - inflated,
        query: performance.now() - decoded,
      };
      reply({ kind: 'opened', id: request.id, summary: summarize(profileId, request.name, profile), initial: result, timings }, transfers);
      return;
    }
    case 'warmUp':
      startWarmUp();
      return;
    case 'query': {
      if (request.stall) spinForever();
      const { result, transfers } = answerQuery(requireProfile(request.profileId), request);
      reply({ kind: 'queried', id: request.id, result }, transfers);
      return;
    }
    case 'table': {
      const top = tableOf(requireProfile(request.profileId), request.sort);
      reply({ kind: 'tabled', id: request.id, top }, tableTransfers(top));
      return;
    }
    case 'layout': {
      const open = requireProfile(request.profileId);
      if (!open.tree) throw new Error('no query has run for this profile yet');
      const flame = flameRects(open.profile, open.tree, request.root, request.widthPx);
      reply({ kind: 'laidOut', id: request.id, flame }, flameTransfers(flame));
      return;
    }
    case 'search': {
      const search = searchStats(requireProfile(request.profileId), request.search);
      reply({ kind: 'searched', id: request.id, search }, search ? [search.matches.buffer as ArrayBuffer, search.matchNodes.buffer as ArrayBuffer] : []);
      return;
    }
    case 'tags': {
      const open = requireProfile(request.profileId);
      const tags = summarizeTags(open.profile, request.filters.sampleTypeIndex, samplePredicate(open.profile, queryOf(request.filters)));
      reply({ kind: 'tags', id: request.id, tags });
      return;
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
      flameRects(profile, result.tree!, 0, 1000);
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
  return request.kind === 'query' && queue.some((later) => later.kind === 'query' && later.profileId === request.profileId);
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
      const failure = request.kind === 'open' ? describeFailure(error, request.name, `opening ${request.name}`) : describeFailure(error, '', DOING[request.kind]);
      reply({ kind: 'error', id: request.id, ...failure });
    }
  }
  setTimeout(() => void drain(), 0);
}

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  if (event.data.kind === 'open') openArrived = true;
  queue.push(event.data);
  if (!draining) {
    draining = true;
    setTimeout(() => void drain(), 0);
  }
};
