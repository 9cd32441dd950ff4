/// <reference lib="webworker" />
// The engine worker: owns every decoded profile; the UI thread sends small requests and gets
// typed arrays back as transfers. The UI thread never decodes, filters or aggregates.
import type { CallTree } from '../../shared/analysis/call-tree.js';
import { runQuery } from '../../shared/analysis/query.js';
import { samplePredicate } from '../../shared/analysis/query.js';
import { matchFunctions, summarizeSearch } from '../../shared/analysis/search.js';
import { summarizeTags } from '../../shared/analysis/tag-summary.js';
import type { TopTable } from '../../shared/analysis/top-table.js';
import { decodeProfile } from '../../shared/formats/pprof-decode.js';
import type { Profile } from '../../shared/model/profile.js';
import { flameRects, flameTransfers } from './flame-rects.js';
import type { ProfileFilters, ProfileSummary, SearchStats, TableSortKey, TopRows, WorkerReply, WorkerRequest } from './protocol.js';

declare const self: DedicatedWorkerGlobalScope;

interface OpenProfile {
  profile: Profile;
  tree: CallTree | null;
}

const SUPERSEDED = 'superseded by a newer query';

const profiles = new Map<number, OpenProfile>();
let nextProfileId = 1;
/** The newest query id per profile: an older query still waiting is answered as superseded. */
const latestQuery = new Map<number, number>();

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
    sampleCount: profile.samples.count,
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

function queryOf(filters: ProfileFilters) {
  return {
    sampleTypeIndex: filters.sampleTypeIndex,
    tagFocus: filters.tagFocus,
    tagIgnore: filters.tagIgnore,
    focus: filters.focus || undefined,
    ignore: filters.ignore || undefined,
    hide: filters.hide || undefined,
    show: filters.show || undefined,
  };
}

/** Search runs against the last call tree: no re-query, so it keeps up with typing. */
function searchStats(open: OpenProfile, text: string): SearchStats | null {
  if (text.trim() === '' || !open.tree) return null;
  const matches = matchFunctions(open.profile, text);
  return { query: text, matches, ...summarizeSearch(open.tree, matches) };
}

function requireProfile(profileId: number): OpenProfile {
  const open = profiles.get(profileId);
  if (!open) throw new Error(`profile ${profileId} is not open`);
  return open;
}

async function handle(request: WorkerRequest): Promise<void> {
  switch (request.kind) {
    case 'open': {
      const profile = await decodeProfile(new Uint8Array(request.bytes), {
        onProgress: (fraction, phase) => reply({ kind: 'progress', id: request.id, fraction: 0.9 * fraction, phase }),
      });
      reply({ kind: 'progress', id: request.id, fraction: 0.9, phase: 'building the call tree' });
      const profileId = nextProfileId++;
      profiles.set(profileId, { profile, tree: null });
      reply({ kind: 'opened', id: request.id, summary: summarize(profileId, request.name, profile) });
      return;
    }
    case 'close':
      profiles.delete(request.profileId);
      reply({ kind: 'closed', id: request.id });
      return;
    case 'query': {
      const started = performance.now();
      latestQuery.set(request.profileId, request.id);
      const open = requireProfile(request.profileId);
      const result = runQuery(open.profile, { ...queryOf(request.filters), order: request.order });
      open.tree = result.tree;
      const tree = result.tree!;
      const flame = flameRects(open.profile, tree, request.root, request.widthPx);
      const transfers = flameTransfers(flame);
      const search = searchStats(open, request.search);
      if (search) transfers.push(search.matches.buffer as ArrayBuffer, search.matchNodes.buffer as ArrayBuffer);
      const top = sortedTop(open.profile, result.top!, request.tableSort);
      transfers.push(top.func.buffer as ArrayBuffer, top.flat.buffer as ArrayBuffer, top.cum.buffer as ArrayBuffer);
      reply(
        {
          kind: 'queried',
          id: request.id,
          result: { workerMs: performance.now() - started, total: result.total, treeTotal: tree.total[0], nodeCount: tree.count, flame, top, search },
        },
        transfers,
      );
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

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const request = event.data;
  if (request.kind === 'query' && (latestQuery.get(request.profileId) ?? 0) > request.id) {
    reply({ kind: 'error', id: request.id, message: SUPERSEDED });
    return;
  }
  handle(request).catch((error: unknown) => {
    reply({ kind: 'error', id: request.id, message: error instanceof Error ? error.message : String(error) });
  });
};
