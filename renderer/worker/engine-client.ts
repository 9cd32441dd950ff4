import type { TagKeySummary } from '../../shared/analysis/tag-summary.js';
import type { ChildOrder } from '../../shared/analysis/call-tree.js';
import { EngineError } from './engine-errors.js';
import type { Profile } from '../../shared/model/profile.js';
import type {
  ComparisonInput,
  CompareArgs,
  CompareReply,
  ComparisonSummary,
  ExportArgs,
  FlameRects,
  ProfileFilters,
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
  ZoomPath,
  ZoomTarget,
} from './protocol.js';

type Pending = {
  kind: WorkerRequest['kind'];
  resolve: (reply: WorkerReply) => void;
  reject: (error: Error) => void;
  onProgress?: (fraction: number, phase: string) => void;
};

/** What a stopped worker was doing, for the sentence the tab shows. */
export type StoppedWork = WorkerRequest['kind'];
type StopListener = (error: EngineError, doing: StoppedWork) => void;

/**
 * A worker that sends nothing (no reply, no progress) for this long while it owes an answer is
 * taken for stuck and stopped. Far above any budget in DESIGN.md section 7 (an open of the large
 * profile is ≤ 5 s and reports progress); a test shortens it.
 */
let watchdogMs = 60_000;
export function setWatchdogMs(ms: number): void {
  watchdogMs = ms;
}

/** Test hook: the next request of this kind, from any tab, never ends (a stuck worker, deterministically). */
let stallNext: 'open' | 'query' | null = null;
export function setStallNext(kind: 'open' | 'query'): void {
  stallNext = kind;
}
function takeStall(kind: 'open' | 'query'): { stall?: true } {
  if (stallNext !== kind) return {};
  stallNext = null;
  return { stall: true };
}

/**
 * The UI side of one engine worker (one per tab: a stuck request can only hold up its own tab).
 * One promise per request; progress callbacks for opens; `stop` ends the worker and everything
 * it was doing, which is the only way to end a computation that does not yield.
 */
export class EngineClient {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private watchdog: ReturnType<typeof setTimeout> | undefined;
  private stoppedWith: EngineError | null = null;
  /** Called once if the worker is stopped or fails while it owes answers. */
  onStop: StopListener = () => {};

  constructor() {
    this.warm = new Promise((resolve) => (this.resolveWarm = resolve));
    this.worker = new Worker(new URL('./engine-worker.ts', import.meta.url), { type: 'module' });
    this.worker.onmessage = (event: MessageEvent<WorkerReply>) => this.receive(event.data);
    this.worker.onerror = (event) => {
      event.preventDefault();
      console.error('flamedeck: the engine worker failed:', event.message);
      this.stop('crashed');
    };
    this.worker.onmessageerror = () => this.stop('crashed');
  }

  /** Resolves once the worker has warmed up (see engine-worker.ts). */
  readonly warm: Promise<number>;
  private resolveWarm: (ms: number) => void = () => {};

  /** Whether the worker owes an answer. */
  get busy(): boolean {
    return this.pending.size > 0;
  }

  /** Ends the worker of a closed tab or a failed open, without onStop (there is no one to tell). */
  dispose(): void {
    this.stop('cancelled', false);
  }

  /** Warms the worker's code up (a spare, while the user chooses a file). */
  warmUp(): void {
    this.worker.postMessage({ kind: 'warmUp', id: 0 } satisfies WorkerRequest);
  }

  /** Ends the worker: every pending request fails with `code`, and onStop hears what it was doing. */
  stop(code: 'cancelled' | 'timeout' | 'crashed', notify = true): void {
    if (this.stoppedWith) return;
    this.worker.terminate();
    clearTimeout(this.watchdog);
    const seconds = watchdogMs / 1000;
    const text = code === 'cancelled' ? 'was cancelled' : code === 'timeout' ? `took too long (no answer for ${seconds} s)` : 'failed (the engine stopped)';
    this.stoppedWith = new EngineError(code, text);
    const doing = [...this.pending.values()][0]?.kind;
    for (const pending of this.pending.values()) pending.reject(this.stoppedWith);
    this.pending.clear();
    this.resolveWarm(0);
    if (doing && notify) this.onStop(this.stoppedWith, doing);
  }

  private armWatchdog(): void {
    clearTimeout(this.watchdog);
    if (this.pending.size > 0) this.watchdog = setTimeout(() => this.stop('timeout'), watchdogMs);
  }

  private receive(message: WorkerReply): void {
    if (message.kind === 'warm') {
      this.resolveWarm(message.ms);
      return;
    }
    const pending = this.pending.get(message.id);
    if (!pending) return;
    if (message.kind === 'progress') {
      this.armWatchdog();
      pending.onProgress?.(message.fraction, message.phase);
      return;
    }
    this.pending.delete(message.id);
    this.armWatchdog();
    if (message.kind === 'error') pending.reject(new EngineError(message.code, message.message));
    else pending.resolve(message);
  }

  private send<T extends WorkerReply['kind']>(
    request: WorkerRequest,
    kind: T | T[],
    onProgress?: Pending['onProgress'],
    transfer: Transferable[] = [],
  ): Promise<Extract<WorkerReply, { kind: T }>> {
    return new Promise<WorkerReply>((resolve, reject) => {
      if (this.stoppedWith) {
        reject(this.stoppedWith);
        return;
      }
      this.pending.set(request.id, { kind: request.kind, resolve, reject, onProgress });
      this.worker.postMessage(request, transfer);
      this.armWatchdog();
    }).then((reply) => {
      if (Array.isArray(kind) ? !(kind as string[]).includes(reply.kind) : reply.kind !== kind) throw new EngineError('internal', `Flamedeck failed (the engine answered ${reply.kind} to ${request.kind}).`);
      return reply as Extract<WorkerReply, { kind: T }>;
    });
  }

  /**
   * The worker reads the Blob (a File, or bytes the host gave) itself. A pprof diff file answers
   * as the comparison it holds.
   */
  open(
    args: { name: string; source: Blob; widthPx: number; withTable: boolean; order: ChildOrder; filters?: ProfileFilters; search?: string; zoom?: ZoomPath },
    onProgress?: Pending['onProgress'],
  ): Promise<Extract<WorkerReply, { kind: 'opened' | 'comparisonOpened' }>> {
    return this.send({ kind: 'open', id: this.nextId++, ...args, ...takeStall('open') }, ['opened', 'comparisonOpened'], onProgress);
  }

  /** A comparison tab's worker: decodes both profiles and answers the first comparison. */
  openComparison(base: ComparisonInput, target: ComparisonInput, args: CompareArgs, onProgress?: Pending['onProgress']): Promise<{ summary: ComparisonSummary; initial: CompareReply }> {
    // Decoded profiles move to the comparison's worker (their copies were made for it).
    const transfer = [base.profile, target.profile].flatMap((p) => (p ? profileBuffers(p) : []));
    return this.send({ kind: 'openComparison', id: this.nextId++, base, target, args }, 'comparisonOpened', onProgress, transfer);
  }

  /** A copy of this tab's decoded profile (the tab keeps its own). */
  exportProfile(): Promise<Profile> {
    return this.send({ kind: 'exportProfile', id: this.nextId++ }, 'profileExported').then((r) => r.profile);
  }

  /** An export's bytes, built in the worker from the tab's profile (or comparison). */
  exportFile(args: ExportArgs): Promise<Uint8Array> {
    return this.send({ kind: 'exportFile', id: this.nextId++, ...args }, 'fileExported').then((r) => new Uint8Array(r.bytes));
  }

  swap(args: CompareArgs): Promise<{ summary: ComparisonSummary; initial: CompareReply }> {
    return this.send({ kind: 'swap', id: this.nextId++, args }, 'comparisonOpened');
  }

  compare(args: CompareArgs): Promise<CompareReply> {
    return this.send({ kind: 'compare', id: this.nextId++, ...args, ...takeStall('query') }, 'compared').then((r) => r.result);
  }

  /** A newer query makes an older one that has not started fail as 'superseded'. */
  query(args: QueryArgs): Promise<QueryReply> {
    return this.send({ kind: 'query', id: this.nextId++, ...args, ...takeStall('query') }, 'queried').then((r) => r.result);
  }

  table(tree: TreeHandle, sort: TableSort): Promise<TopRows> {
    return this.send({ kind: 'table', id: this.nextId++, tree, sort }, 'tabled').then((r) => r.top);
  }

  layout(tree: TreeHandle, zoom: ZoomTarget, widthPx: number): Promise<FlameRects> {
    return this.send({ kind: 'layout', id: this.nextId++, tree, zoom, widthPx }, 'laidOut').then((r) => r.flame);
  }

  search(tree: TreeHandle, search: string): Promise<SearchStats | null> {
    return this.send({ kind: 'search', id: this.nextId++, tree, search }, 'searched').then((r) => r.search);
  }

  /** Like a query, a newer sandwich request makes an older one that has not started 'superseded'. */
  sandwich(args: SandwichArgs): Promise<SandwichReply> {
    return this.send({ kind: 'sandwich', id: this.nextId++, ...args }, 'sandwiched').then((r) => r.sandwich);
  }

  tags(filters: ProfileFilters): Promise<TagKeySummary[]> {
    return this.send({ kind: 'tags', id: this.nextId++, filters }, 'tags').then((r) => r.tags);
  }
}

/** The buffers of a profile's typed-array columns (its tables are plain objects of columns). */
function profileBuffers(profile: Profile): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  const visit = (value: unknown, depth: number) => {
    if (ArrayBuffer.isView(value)) buffers.add(value.buffer as ArrayBuffer);
    else if (depth < 3 && value !== null && typeof value === 'object') for (const item of Object.values(value)) visit(item, depth + 1);
  };
  for (const table of Object.values(profile)) if (table !== profile.strings) visit(table, 0);
  return [...buffers];
}
