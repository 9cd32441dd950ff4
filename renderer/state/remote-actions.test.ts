import { beforeEach, describe, expect, it, vi } from 'vitest';
import { RemoteHostError } from '../../shared/remote/remote-api.js';
import type { RemoteHost } from '../host.js';

// The engine side is not under test here: what a fetched tab hands on is recorded instead.
const loaded: { key: number; bytes: Blob }[] = [];
const replaced: { key: number; bytes: Blob }[] = [];
vi.mock('./actions.js', () => ({
  loadIntoTab: async (key: number, bytes: Blob) => {
    loaded.push({ key, bytes });
    const { sessions } = await import('./sessions.js');
    sessions.set(key, { engine: null, source: bytes });
  },
  loadComparisonIntoTab: async (key: number, base: { source: Blob }, target: { source: Blob }) => {
    loaded.push({ key, bytes: base.source }, { key, bytes: target.source });
  },
  replaceSource: async (key: number, next: { source: Blob }) => {
    replaced.push({ key, bytes: next.source });
  },
  retryOpen: vi.fn(),
  comparisonTabPatch: (baseName: string, targetName: string) => ({ view: 'diff', comparison: { baseName, targetName, warnings: [] } }),
}));

const { openRemoteComparison, openRemoteSource, refreshRemote, rememberedRemoteTabs, retryTab, setRemoteHost } = await import('./remote-actions.js');
const { useStore } = await import('./store.js');
const { remoteFetches } = await import('./sessions.js');

/** A host whose fetches the test answers by hand. */
function manualHost() {
  const pending: { source: string; signal: AbortSignal; onProgress?: (p: { received: number; total?: number }) => void; resolve: (b: Blob) => void; reject: (e: unknown) => void }[] = [];
  const host: RemoteHost = {
    fetchProfile: (request, { signal, onProgress }) =>
      new Promise<Blob>((resolve, reject) => {
        const entry = { source: request.source, signal, onProgress, resolve, reject };
        pending.push(entry);
        signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      }),
    query: () => Promise.reject(new Error('not used')),
  };
  return { host, pending };
}

const tab = (key: number) => useStore.getState().tabs.find((t) => t.key === key)!;
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

const HEAP = 'http://127.0.0.1:6060/debug/pprof/heap';

describe('remote tabs', () => {
  beforeEach(() => {
    loaded.length = 0;
    replaced.length = 0;
  });

  it('shows progress while fetching, then opens the bytes in the same tab with its source', async () => {
    const { host, pending } = manualHost();
    setRemoteHost(host);
    const key = await openRemoteSource({ source: HEAP });
    expect(tab(key)).toMatchObject({ name: 'heap · 127.0.0.1:6060', status: 'loading', remote: { source: HEAP } });
    await settle();
    pending[0].onProgress?.({ received: 1000, total: 4000 });
    expect(tab(key).fetching).toMatchObject({ received: 1000, total: 4000 });
    const bytes = new Blob([new Uint8Array([1, 2, 3])]);
    pending[0].resolve(bytes);
    await settle();
    expect(loaded).toEqual([{ key, bytes }]);
    expect(tab(key).fetching).toBeNull();
    expect(tab(key).remote?.fetchedAt).toBeGreaterThan(0);
  });

  it('a CPU recording counts down from its seconds', async () => {
    const { host } = manualHost();
    setRemoteHost(host);
    const before = Date.now();
    const key = await openRemoteSource({ source: 'http://127.0.0.1:6060/debug/pprof/profile?seconds=30' });
    await settle();
    const ends = tab(key).fetching?.recordingEndsAt ?? 0;
    expect(ends - before).toBeGreaterThanOrEqual(30_000);
    expect(ends - Date.now()).toBeLessThanOrEqual(30_000);
    expect(tab(key).phase).toBe('recording');
  });

  it('Cancel (the abort) stops the fetch without an error, and Retry fetches again', async () => {
    const { host, pending } = manualHost();
    setRemoteHost(host);
    const key = await openRemoteSource({ source: HEAP });
    await settle();
    remoteFetches.get(key)!.abort();
    await settle();
    expect(tab(key)).toMatchObject({ status: 'stopped', error: '' });
    expect(tab(key).stopped).toMatch(/cancelled/);
    retryTab(key);
    await settle();
    expect(pending).toHaveLength(2);
    pending[1].resolve(new Blob([]));
    await settle();
    expect(loaded.map((l) => l.key)).toEqual([key]);
  });

  it("a failed fetch shows the host's one sentence in the tab", async () => {
    const { host, pending } = manualHost();
    setRemoteHost(host);
    const key = await openRemoteSource({ source: HEAP });
    await settle();
    pending[0].reject(new RemoteHostError('Could not connect to 127.0.0.1:6060: the connection was refused.', 'refused'));
    await settle();
    expect(tab(key)).toMatchObject({ status: 'error', error: 'Could not connect to 127.0.0.1:6060: the connection was refused.' });
  });

  it('a fetch aborted as its tab closes loads nothing', async () => {
    const { host, pending } = manualHost();
    setRemoteHost(host);
    const key = await openRemoteSource({ source: HEAP });
    await settle();
    remoteFetches.get(key)!.abort(); // what closeProfile does
    useStore.getState().closeTab(key);
    await settle();
    expect(pending[0].signal.aborted).toBe(true);
    expect(loaded).toEqual([]);
  });

  it('closing a remote tab forgets its retry and its credentials', async () => {
    const { host, pending } = manualHost();
    setRemoteHost(host);
    const before = rememberedRemoteTabs();
    const key = await openRemoteSource({ source: HEAP, credentials: { user: 'u', password: 'secret' } });
    await settle();
    expect(rememberedRemoteTabs()).toBe(before + 1);
    pending[0].resolve(new Blob(['one']));
    await settle();
    useStore.getState().closeTab(key);
    await settle();
    expect(rememberedRemoteTabs()).toBe(before);
  });

  it('Refresh fetches again behind the shown graph and replaces the bytes; a failed refresh keeps the graph', async () => {
    const { host, pending } = manualHost();
    setRemoteHost(host);
    const key = await openRemoteSource({ source: HEAP });
    await settle();
    pending[0].resolve(new Blob(['one']));
    await settle();
    useStore.getState().update(key, { status: 'ready' });
    void refreshRemote(key);
    await settle();
    expect(tab(key)).toMatchObject({ status: 'ready', fetching: { received: 0 } });
    const fresh = new Blob(['two']);
    pending[1].resolve(fresh);
    await settle();
    expect(replaced).toEqual([{ key, bytes: fresh }]);
    void refreshRemote(key);
    await settle();
    pending[2].reject(new RemoteHostError('The server failed (500 Internal Server Error).', 'server-error'));
    await settle();
    expect(tab(key)).toMatchObject({ status: 'ready', fetching: null, queryError: 'Refresh failed: The server failed (500 Internal Server Error).' });
    expect(replaced).toHaveLength(1);
  });

  it('Refresh sends the credentials the tab was opened with', async () => {
    const { host, pending } = manualHost();
    const sent: unknown[] = [];
    const fetchProfile = host.fetchProfile.bind(host);
    host.fetchProfile = (request, options) => {
      sent.push(request.credentials);
      return fetchProfile(request, options);
    };
    setRemoteHost(host);
    const credentials = { tenant: 'acme', user: 'ann', savedSecret: true };
    const key = await openRemoteSource({ source: HEAP, credentials });
    await settle();
    pending[0].resolve(new Blob(['one']));
    await settle();
    useStore.getState().update(key, { status: 'ready' });
    void refreshRemote(key);
    await settle();
    expect(sent).toEqual([credentials, credentials]);
  });

  it('compares two remote sources in one tab, base first', async () => {
    const { host, pending } = manualHost();
    setRemoteHost(host);
    const key = await openRemoteComparison({ source: HEAP, title: 'yesterday' }, { source: `${HEAP}?gc=1`, title: 'today' });
    expect(tab(key)).toMatchObject({ name: 'yesterday → today', view: 'diff', remote: { source: `${HEAP}?gc=1`, baseSource: HEAP } });
    await settle();
    const [base, target] = [new Blob(['b']), new Blob(['t'])];
    pending[1].resolve(target);
    pending[0].resolve(base);
    await settle();
    expect(loaded.map((l) => l.bytes)).toEqual([base, target]);
  });

});
