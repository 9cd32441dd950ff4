/**
 * The desktop host's remote operations, over the preload bridge: the main process runs them (the
 * page never reaches the network) and answers plain data, which becomes here what RemoteHost
 * promises — a Blob or a JSON value, RemoteHostError for a failure, AbortError for a cancel.
 */
import type { DesktopBridge, DesktopRemoteOutcome } from '../shared/hosting.js';
import { RemoteHostError, type FetchProgress, type RemoteQueryAnswer, type RemoteRequest } from '../shared/remote/remote-api.js';
import type { RemoteHost } from './host.js';

const cancelled = () => new DOMException('The remote request was cancelled.', 'AbortError');

export function desktopRemote(bridge: DesktopBridge<File>): RemoteHost {
  let nextId = 0;
  // Ids differ between page loads: the main process may still hold a reloaded page's requests.
  const page = Math.random().toString(36).slice(2, 10);
  const progressListeners = new Map<string, (progress: FetchProgress) => void>();
  let listening = false;

  async function run(request: RemoteRequest, signal?: AbortSignal, onProgress?: (progress: FetchProgress) => void): Promise<DesktopRemoteOutcome> {
    if (signal?.aborted) throw cancelled();
    const requestId = `${page}-${++nextId}`;
    if (onProgress) {
      progressListeners.set(requestId, onProgress);
      if (!listening) bridge.onRemoteProgress((id, progress) => progressListeners.get(id)?.(progress));
      listening = true;
    }
    // Cancel answers at once: the main process aborts its fetch, and its late answer is dropped.
    let onAbort = () => {};
    const aborted = new Promise<never>((_resolve, reject) => {
      onAbort = () => {
        bridge.cancelRemote(requestId).catch(() => {});
        reject(cancelled());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    const answered = bridge.remote(requestId, request).catch(
      (error: unknown): DesktopRemoteOutcome => ({
        kind: 'failure',
        failure: { message: `The desktop app could not run the remote request (${error instanceof Error ? error.message : String(error)}).`, kind: 'internal' },
      }),
    );
    try {
      const outcome = await Promise.race([answered, aborted]);
      if (outcome.kind === 'cancelled') throw cancelled();
      if (outcome.kind === 'failure') throw new RemoteHostError(outcome.failure.message, outcome.failure.kind);
      return outcome;
    } finally {
      progressListeners.delete(requestId);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  const unexpected = () => new RemoteHostError('The desktop app answered the remote request with something unexpected.', 'internal');

  return {
    async fetchProfile(request, { signal, onProgress }) {
      const outcome = await run(request, signal, onProgress);
      if (outcome.kind !== 'bytes') throw unexpected();
      return new Blob([outcome.bytes as Uint8Array<ArrayBuffer>]);
    },
    async query<R extends Parameters<RemoteHost['query']>[0]>(request: R, signal?: AbortSignal) {
      const outcome = await run(request, signal);
      if (outcome.kind !== 'json') throw unexpected();
      return outcome.value as RemoteQueryAnswer<R>;
    },
  };
}
