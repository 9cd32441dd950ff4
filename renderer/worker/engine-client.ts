import type { TagKeySummary } from '../../shared/analysis/tag-summary.js';
import type { ChildOrder } from '../../shared/analysis/call-tree.js';
import type { FlameRects, OpenTimings, ProfileFilters, ProfileSummary, QueryReply, SearchStats, TableSortKey, TopRows, WorkerReply, WorkerRequest } from './protocol.js';

const SUPERSEDED = 'superseded by a newer query';

/** A query's parameters: the request without its kind and id. */
export type QueryArgs = Omit<Extract<WorkerRequest, { kind: 'query' }>, 'kind' | 'id'>;

type Pending = { resolve: (reply: WorkerReply) => void; reject: (error: Error) => void; onProgress?: (fraction: number, phase: string) => void };

export class SupersededError extends Error {}

/** The UI side of the engine worker: one promise per request, progress callbacks for opens. */
export class EngineClient {
  /** Test hook: the next request of this kind never ends (a stuck worker, deterministically). */
  stallNext: 'open' | 'query' | null = null;

  private readonly worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor() {
    this.warm = new Promise((resolve) => (this.resolveWarm = resolve));
    this.worker = new Worker(new URL('./engine-worker.ts', import.meta.url), { type: 'module' });
    this.worker.onmessage = (event: MessageEvent<WorkerReply>) => this.receive(event.data);
    this.worker.onerror = (event) => {
      const error = new Error(`the engine worker failed: ${event.message}`);
      for (const pending of this.pending.values()) pending.reject(error);
      this.pending.clear();
    };
  }

  /** Resolves once the worker has warmed up (see engine-worker.ts). */
  readonly warm: Promise<number>;
  private resolveWarm: (ms: number) => void = () => {};

  private receive(message: WorkerReply): void {
    if (message.kind === 'warm') {
      this.resolveWarm(message.ms);
      return;
    }
    const pending = this.pending.get(message.id);
    if (!pending) return;
    if (message.kind === 'progress') {
      pending.onProgress?.(message.fraction, message.phase);
      return;
    }
    this.pending.delete(message.id);
    if (message.kind === 'error') pending.reject(message.message === SUPERSEDED ? new SupersededError(message.message) : new Error(message.message));
    else pending.resolve(message);
  }

  private send<T extends WorkerReply['kind']>(
    request: WorkerRequest,
    kind: T,
    transfer: Transferable[] = [],
    onProgress?: Pending['onProgress'],
  ): Promise<Extract<WorkerReply, { kind: T }>> {
    return new Promise((resolve, reject) => {
      this.pending.set(request.id, { resolve: resolve as Pending['resolve'], reject, onProgress });
      this.worker.postMessage(request, transfer);
    }).then((reply) => {
      if ((reply as WorkerReply).kind !== kind) throw new Error(`unexpected reply ${(reply as WorkerReply).kind}`);
      return reply as Extract<WorkerReply, { kind: T }>;
    });
  }

  /** A File goes as a Blob handle (the worker reads it); bytes are transferred, not copied. */
  open(
    name: string,
    source: ArrayBuffer | Blob,
    widthPx: number,
    withTable: boolean,
    order: ChildOrder,
    onProgress?: Pending['onProgress'],
  ): Promise<{ summary: ProfileSummary; initial: QueryReply; timings: OpenTimings }> {
    const id = this.nextId++;
    const stall = this.takeStall('open');
    return this.send({ kind: 'open', id, name, source, widthPx, withTable, order, ...stall }, 'opened', source instanceof Blob ? [] : [source], onProgress);
  }

  private takeStall(kind: 'open' | 'query'): { stall?: true } {
    if (this.stallNext !== kind) return {};
    this.stallNext = null;
    return { stall: true };
  }

  close(profileId: number): Promise<void> {
    return this.send({ kind: 'close', id: this.nextId++, profileId }, 'closed').then(() => undefined);
  }

  /** A newer query for the same profile makes an older one that has not started resolve never. */
  query(args: QueryArgs): Promise<QueryReply> {
    const id = this.nextId++;
    return this.send({ kind: 'query', id, ...args, ...this.takeStall('query') }, 'queried').then((r) => r.result);
  }

  table(profileId: number, sort: TableSortKey): Promise<TopRows> {
    return this.send({ kind: 'table', id: this.nextId++, profileId, sort }, 'tabled').then((r) => r.top);
  }

  layout(profileId: number, root: number, widthPx: number): Promise<FlameRects> {
    return this.send({ kind: 'layout', id: this.nextId++, profileId, root, widthPx }, 'laidOut').then((r) => r.flame);
  }

  search(profileId: number, search: string): Promise<SearchStats | null> {
    return this.send({ kind: 'search', id: this.nextId++, profileId, search }, 'searched').then((r) => r.search);
  }

  tags(profileId: number, filters: ProfileFilters): Promise<TagKeySummary[]> {
    return this.send({ kind: 'tags', id: this.nextId++, profileId, filters }, 'tags').then((r) => r.tags);
  }
}
