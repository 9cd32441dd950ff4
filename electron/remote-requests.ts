import type { DesktopRemoteOutcome } from '../shared/hosting.js';
import type { FetchProgress, RemoteFailure, RemoteRequest } from '../shared/remote/remote-api.js';
import type { RemoteAnswer } from '../shared/remote/remote-service.js';
import { UserFacingError } from '../shared/user-facing-error.js';
import type { WebContentsLike } from './electron-api.js';

export interface RemoteRequestsOptions {
  /** parseRemoteRequest of shared/remote/remote-service.ts: the page's request may be anything. */
  parse(input: unknown): RemoteRequest;
  /** answerRemote with the desktop's fetch and connection store. */
  answer(request: RemoteRequest, options: { signal: AbortSignal; onProgress: (progress: FetchProgress) => void }): Promise<RemoteAnswer>;
  /** A profile fetched from a source URL (it goes on Open Recent). */
  onFetched?(source: string): void;
  /** At most this many requests run at once for one window; more are refused, not queued. */
  maxPerWindow?: number;
  /** Progress goes to the page at most this often (a 1 GiB body arrives in ~16k chunks). */
  progressIntervalMs?: number;
}

const REQUEST_ID = /^[A-Za-z0-9_.:-]{1,64}$/;

/** What crosses back for a failure: the error's one sentence and kind when it has them, a generic sentence when it is a bug. */
function failureOf(error: unknown): RemoteFailure {
  const carried = (error as { failure?: Partial<RemoteFailure> } | null)?.failure;
  if (typeof carried?.message === 'string' && typeof carried.kind === 'string') return { message: carried.message, kind: carried.kind };
  if (error instanceof UserFacingError) {
    const kind = (error as { kind?: unknown }).kind;
    return { message: error.message, kind: typeof kind === 'string' ? kind : 'invalid' };
  }
  console.error('remote request failed', error);
  return { message: `The remote request failed inside the app (${error instanceof Error ? error.message : String(error)}).`, kind: 'internal' };
}

/**
 * The bytes in an array of their own: IPC's structured clone copies a view's whole ArrayBuffer, and
 * a Node Buffer may be a slice of a larger one.
 */
function ownBuffer(bytes: Uint8Array): Uint8Array {
  const exact = bytes.constructor === Uint8Array && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  return exact ? bytes : new Uint8Array(bytes);
}

function isCancelled(error: unknown): boolean {
  const e = error as { kind?: unknown; failure?: { kind?: unknown }; name?: unknown } | null;
  return e?.kind === 'cancelled' || e?.failure?.kind === 'cancelled' || e?.name === 'AbortError';
}

/**
 * The remote operations of the desktop's windows, run in the main process: each one is named by
 * the page's request id (for its cancel and its progress), bounded per window, and aborted when
 * its window closes. Answers are plain data, failures included (see DesktopRemoteOutcome).
 */
export class RemoteRequests {
  /** Running requests' abort controllers, by web contents id, then request id. */
  private readonly running = new Map<number, Map<string, AbortController>>();
  private readonly maxPerWindow: number;

  constructor(private readonly options: RemoteRequestsOptions) {
    // The Connect dialog asks a few things at once (labels, values, series, the timeline) while a tab may fetch.
    this.maxPerWindow = options.maxPerWindow ?? 16;
  }

  async run(sender: WebContentsLike, requestId: unknown, input: unknown): Promise<DesktopRemoteOutcome> {
    const refuse = (message: string, kind = 'invalid'): DesktopRemoteOutcome => ({ kind: 'failure', failure: { message, kind } });
    if (typeof requestId !== 'string' || !REQUEST_ID.test(requestId)) return refuse('A remote request needs an id of 1 to 64 letters, digits or -_.:');
    const mine = this.running.get(sender.id) ?? new Map<string, AbortController>();
    if (mine.has(requestId)) return refuse(`A remote request with the id ${requestId} is already running.`);
    if (mine.size >= this.maxPerWindow) {
      return refuse(`Too many remote requests at once (at most ${this.maxPerWindow} per window): wait for one to finish, or cancel one.`, 'busy');
    }
    let request: RemoteRequest;
    try {
      request = this.options.parse(input);
    } catch (error) {
      return { kind: 'failure', failure: failureOf(error) };
    }
    const controller = new AbortController();
    mine.set(requestId, controller);
    this.running.set(sender.id, mine);
    const interval = this.options.progressIntervalMs ?? 100;
    let lastSent = -Infinity;
    const onProgress = (progress: FetchProgress) => {
      const now = Date.now();
      if (controller.signal.aborted || now - lastSent < interval || sender.isDestroyed()) return;
      lastSent = now;
      sender.send('remote-progress', requestId, { received: progress.received, ...(progress.total !== undefined ? { total: progress.total } : {}) });
    };
    try {
      const answer = await this.options.answer(request, { signal: controller.signal, onProgress });
      if (controller.signal.aborted) return { kind: 'cancelled' };
      if (answer.kind === 'json') return answer;
      if (request.op === 'fetch') this.options.onFetched?.(request.source);
      return { kind: 'bytes', name: answer.name, bytes: ownBuffer(answer.bytes) };
    } catch (error) {
      if (controller.signal.aborted || isCancelled(error)) return { kind: 'cancelled' };
      return { kind: 'failure', failure: failureOf(error) };
    } finally {
      mine.delete(requestId);
      if (mine.size === 0 && this.running.get(sender.id) === mine) this.running.delete(sender.id);
    }
  }

  /** The page's Cancel: only its own window's request of that id. */
  cancel(sender: WebContentsLike, requestId: unknown): void {
    if (typeof requestId === 'string') this.running.get(sender.id)?.get(requestId)?.abort();
  }

  /** A window closed: whatever it was fetching stops. */
  abortAll(webContentsId: number): void {
    const mine = this.running.get(webContentsId);
    this.running.delete(webContentsId);
    for (const controller of mine?.values() ?? []) controller.abort();
  }

  /** How many requests a window has running. */
  runningCount(webContentsId: number): number {
    return this.running.get(webContentsId)?.size ?? 0;
  }
}
