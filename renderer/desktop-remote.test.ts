import { describe, expect, it } from 'vitest';
import type { DesktopBridge, DesktopRemoteOutcome } from '../shared/hosting.js';
import { RemoteHostError, type FetchProgress, type RemoteRequest } from '../shared/remote/remote-api.js';
import { desktopRemote } from './desktop-remote.js';

/** A bridge whose main process answers when the test says. */
function fakeBridge() {
  const calls: { requestId: string; request: RemoteRequest; answer: (outcome: DesktopRemoteOutcome) => void; fail: (error: Error) => void }[] = [];
  const cancelled: string[] = [];
  let progress: ((requestId: string, progress: FetchProgress) => void) | null = null;
  let subscriptions = 0;
  const bridge = {
    remote: (requestId: string, request: RemoteRequest) =>
      new Promise<DesktopRemoteOutcome>((answer, fail) => void calls.push({ requestId, request, answer, fail })),
    cancelRemote: async (requestId: string) => void cancelled.push(requestId),
    onRemoteProgress: (listener: typeof progress) => {
      subscriptions++;
      progress = listener;
      return () => {};
    },
  } as unknown as DesktopBridge<File>;
  const settle = () => new Promise((r) => setTimeout(r, 0));
  return { bridge, calls, cancelled, sendProgress: (id: string, p: FetchProgress) => progress?.(id, p), subscriptions: () => subscriptions, settle };
}

describe('the desktop host\'s remote operations', () => {
  it('fetches a profile as a Blob, with progress for that request only', async () => {
    const page = fakeBridge();
    const remote = desktopRemote(page.bridge);
    const seen: FetchProgress[] = [];
    const fetching = remote.fetchProfile({ op: 'fetch', source: 'http://127.0.0.1:6060/debug/pprof/heap' }, { signal: new AbortController().signal, onProgress: (p) => seen.push(p) });
    const [call] = page.calls;
    expect(call.request).toEqual({ op: 'fetch', source: 'http://127.0.0.1:6060/debug/pprof/heap' });
    page.sendProgress(call.requestId, { received: 10, total: 20 });
    page.sendProgress('some-other-request', { received: 99 });
    call.answer({ kind: 'bytes', name: 'heap', bytes: new Uint8Array([1, 2, 3]) });
    const blob = await fetching;
    expect(new Uint8Array(await blob.arrayBuffer())).toEqual(new Uint8Array([1, 2, 3]));
    expect(seen).toEqual([{ received: 10, total: 20 }]);
    page.sendProgress(call.requestId, { received: 20 }); // after the answer: nobody listens
    expect(seen).toHaveLength(1);
  });

  it('answers queries with their JSON value, each request under its own id, one progress subscription in all', async () => {
    const page = fakeBridge();
    const remote = desktopRemote(page.bridge);
    const a = remote.query({ op: 'connections' });
    const b = remote.query({ op: 'goIndex', baseUrl: 'http://127.0.0.1:6060/debug/pprof/' });
    expect(new Set(page.calls.map((c) => c.requestId)).size).toBe(2);
    page.calls[1].answer({ kind: 'json', value: [{ name: 'heap' }] });
    page.calls[0].answer({ kind: 'json', value: [] });
    expect(await a).toEqual([]);
    expect(await b).toEqual([{ name: 'heap' }]);
    const x = remote.fetchProfile({ op: 'fetch', source: 'http://x/' }, { signal: new AbortController().signal, onProgress: () => {} });
    const y = remote.fetchProfile({ op: 'fetch', source: 'http://y/' }, { signal: new AbortController().signal, onProgress: () => {} });
    for (const call of page.calls.slice(2)) call.answer({ kind: 'bytes', name: 'p', bytes: new Uint8Array() });
    await Promise.all([x, y]);
    expect(page.subscriptions()).toBe(1);
  });

  it('a failure rejects with RemoteHostError carrying the host\'s sentence and kind; a broken IPC call too', async () => {
    const page = fakeBridge();
    const remote = desktopRemote(page.bridge);
    const failing = remote.query({ op: 'connections' });
    page.calls[0].answer({ kind: 'failure', failure: { message: 'http://a/: the server asks for credentials (HTTP 401).', kind: 'unauthorized' } });
    const error = await failing.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RemoteHostError);
    expect(error).toMatchObject({ message: 'http://a/: the server asks for credentials (HTTP 401).', kind: 'unauthorized' });
    const broken = remote.query({ op: 'connections' });
    page.calls[1].fail(new Error("Error invoking remote method 'remote-request': refused"));
    await expect(broken).rejects.toMatchObject({ kind: 'internal' });
    await expect(broken).rejects.toThrow(/could not run the remote request/);
    const wrongShape = remote.fetchProfile({ op: 'fetch', source: 'http://a/' }, { signal: new AbortController().signal });
    page.calls[2].answer({ kind: 'json', value: 1 });
    await expect(wrongShape).rejects.toMatchObject({ kind: 'internal' });
  });

  it('Cancel rejects at once with AbortError and tells the main process; its late answer changes nothing', async () => {
    const page = fakeBridge();
    const remote = desktopRemote(page.bridge);
    const controller = new AbortController();
    const fetching = remote.fetchProfile({ op: 'fetch', source: 'http://127.0.0.1:6060/debug/pprof/profile?seconds=30' }, { signal: controller.signal });
    controller.abort();
    const error = await fetching.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('AbortError');
    expect(page.cancelled).toEqual([page.calls[0].requestId]);
    page.calls[0].answer({ kind: 'cancelled' });
    await page.settle();
    // Already aborted: nothing is sent at all.
    await expect(remote.query({ op: 'connections' }, controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
    expect(page.calls).toHaveLength(1);
    // The main process saying "cancelled" (its window's requests were aborted) is an AbortError too.
    const other = remote.query({ op: 'connections' }, new AbortController().signal);
    page.calls[1].answer({ kind: 'cancelled' });
    await expect(other).rejects.toMatchObject({ name: 'AbortError' });
  });
});
