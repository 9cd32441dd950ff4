/**
 * Remote tabs: a source URL fetched through the host (renderer/host.ts `remote`, never the page's
 * own fetch), then opened like a file, with progress (bytes, or the countdown of a CPU
 * recording), Cancel, Retry and Refresh. The Connect dialog, the hash's `src` and the files the
 * host names at start all come here.
 */
import type { RemoteHost } from '../host.js';
import { RemoteHostError, type RemoteCredentials } from '../../shared/remote/remote-api.js';
import { recordingSeconds } from '../../shared/remote/http-source.js';
import { sourceTitle } from '../../shared/remote/source-url.js';
import { comparisonTabPatch, loadComparisonIntoTab, loadIntoTab, replaceSource, retryOpen } from './actions.js';
import { messageOf, remoteFetches, sessions, tabOf, update } from './sessions.js';
import { useStore, type FetchState } from './store.js';

export interface RemoteOpen {
  /** The source URL, without credentials (it is stored in the hash and the recent list). */
  source: string;
  /** The tab's title (default: sourceTitle). */
  title?: string;
  /** Sent with the fetch (and kept by the host for the source's origin). */
  credentials?: RemoteCredentials;
}

let remoteHost: RemoteHost | undefined;

/** The host's remote operations (App sets them once); without them a source cannot be opened. */
export function setRemoteHost(host: RemoteHost | undefined): void {
  remoteHost = host;
}


const isAbort = (error: unknown) => error instanceof DOMException && error.name === 'AbortError';

/** Fetches a source's bytes, reporting progress; rejects with RemoteHostError, or AbortError when cancelled. */
async function fetchForTab(open: RemoteOpen, progress: (state: FetchState) => void, signal: AbortSignal): Promise<Blob> {
  if (!remoteHost) throw new RemoteHostError('This window cannot fetch remote profiles: its host offers no remote access.', 'internal');
  const seconds = recordingSeconds(open.source);
  const recordingEndsAt = seconds === undefined ? undefined : Date.now() + seconds * 1000;
  progress({ received: 0, recordingEndsAt });
  return remoteHost.fetchProfile(
    { op: 'fetch', source: open.source, ...(open.credentials && { credentials: open.credentials }) },
    { signal, onProgress: ({ received, total }) => progress({ received, total, recordingEndsAt }) },
  );
}

/** Runs fetches for a tab with one AbortController that Cancel, Esc and closing the tab reach. */
async function withFetch<T>(key: number, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  remoteFetches.get(key)?.abort();
  const controller = new AbortController();
  remoteFetches.set(key, controller);
  try {
    return await run(controller.signal);
  } finally {
    if (remoteFetches.get(key) === controller) remoteFetches.delete(key);
  }
}

const loadingPatch = (fetching: FetchState) => ({ status: 'loading' as const, phase: fetching.recordingEndsAt ? 'recording' : 'fetching', fetching, error: '', stopped: '' });

/** The first fetch of a tab (and Retry after it was cancelled or failed). */
async function fetchAndOpen(key: number, open: RemoteOpen): Promise<void> {
  const title = tabOf(key)?.name ?? open.source;
  try {
    const bytes = await withFetch(key, (signal) => fetchForTab(open, (fetching) => update(key, loadingPatch(fetching)), signal));
    if (!tabOf(key)) return; // closed as the bytes came (its retry went with it, see below)
    update(key, { fetching: null, remote: { source: open.source, fetchedAt: Date.now() } });
    await loadIntoTab(key, bytes);
  } catch (error) {
    if (!tabOf(key)) return; // closed while fetching (its retry went with it, see below)
    if (isAbort(error)) update(key, { status: 'stopped', fetching: null, stopped: `Stopped: fetching ${title} was cancelled.` });
    else update(key, { status: 'error', fetching: null, error: messageOf(error) });
  }
}

const remoteRetries = new Map<number, () => Promise<void>>();
/** The credentials a tab's sources were opened with (by source URL), for its Refresh. */
const tabCredentials = new Map<number, Map<string, RemoteCredentials>>();

// A closed tab's retry and credentials go with it (the closures hold its source and secrets).
useStore.subscribe((state, previous) => {
  if (state.tabs === previous.tabs) return;
  const open = new Set(state.tabs.map((tab) => tab.key));
  for (const key of [...remoteRetries.keys(), ...tabCredentials.keys()]) {
    if (!open.has(key)) {
      remoteRetries.delete(key);
      tabCredentials.delete(key);
    }
  }
});

/** How many tabs the module still keeps a retry or credentials for (tests: none once they close). */
export function rememberedRemoteTabs(): number {
  return new Set([...remoteRetries.keys(), ...tabCredentials.keys()]).size;
}

function keepCredentials(key: number, opens: RemoteOpen[]): void {
  const kept = new Map(opens.flatMap((open) => (open.credentials ? [[open.source, open.credentials] as const] : [])));
  if (kept.size > 0) tabCredentials.set(key, kept);
}

const withKeptCredentials = (key: number, source: string): RemoteOpen => {
  const credentials = tabCredentials.get(key)?.get(source);
  return credentials ? { source, credentials } : { source };
};

/** Opens a source in a new tab; resolves with the tab's key once the tab exists (the fetch goes on). */
export function openRemoteSource(open: RemoteOpen): Promise<number> {
  const key = useStore.getState().addTab(open.title ?? sourceTitle(open.source), { remote: { source: open.source }, phase: 'fetching' });
  remoteRetries.set(key, () => fetchAndOpen(key, open));
  keepCredentials(key, [open]);
  void fetchAndOpen(key, open);
  return Promise.resolve(key);
}

/** Fetches two sources and opens them as a comparison (base, target) in a new tab. */
export function openRemoteComparison(base: RemoteOpen, target: RemoteOpen): Promise<number> {
  const baseName = base.title ?? sourceTitle(base.source);
  const targetName = target.title ?? sourceTitle(target.source);
  const key = useStore.getState().addTab(`${baseName} → ${targetName}`, {
    ...comparisonTabPatch(baseName, targetName),
    remote: { source: target.source, baseSource: base.source },
    phase: 'fetching',
  });
  const run = async () => {
    try {
      const received = [0, 0];
      const [baseBytes, targetBytes] = await withFetch(key, (signal) =>
        Promise.all(
          [base, target].map((side, i) =>
            fetchForTab(
              side,
              (fetching) => {
                received[i] = fetching.received;
                update(key, loadingPatch({ ...fetching, received: received[0] + received[1], total: undefined }));
              },
              signal,
            ),
          ),
        ),
      );
      update(key, { fetching: null, remote: { source: target.source, baseSource: base.source, fetchedAt: Date.now() } });
      await loadComparisonIntoTab(key, { name: baseName, source: baseBytes }, { name: targetName, source: targetBytes });
    } catch (error) {
      if (!tabOf(key)) return;
      if (isAbort(error)) update(key, { status: 'stopped', fetching: null, stopped: `Stopped: fetching the two profiles was cancelled.` });
      else update(key, { status: 'error', fetching: null, error: messageOf(error) });
    }
  };
  remoteRetries.set(key, run);
  keepCredentials(key, [base, target]);
  void run();
  return Promise.resolve(key);
}

/** Retry on a stopped or failed tab: a remote tab whose bytes never came fetches again. */
export function retryTab(key: number): void {
  const again = remoteRetries.get(key);
  if (again && !sessions.has(key)) void again();
  else retryOpen(key);
}

/**
 * Refresh: fetch the source again (a Go service records again) while the shown graph stays, then
 * show the new profile in the same view state. Cancel keeps the old one.
 */
export async function refreshRemote(key: number): Promise<void> {
  const tab = tabOf(key);
  if (!tab?.remote || tab.status !== 'ready' || tab.remote.baseSource !== undefined) return refreshComparison(key);
  const source = tab.remote.source;
  try {
    const bytes = await withFetch(key, (signal) =>
      fetchForTab(withKeptCredentials(key, source), (fetching) => update(key, { fetching }), signal),
    );
    update(key, { fetching: null, remote: { source, fetchedAt: Date.now() }, stopped: '', queryError: '' });
    await replaceSource(key, { source: bytes });
  } catch (error) {
    if (!tabOf(key)) return;
    if (isAbort(error)) update(key, { fetching: null, stopped: 'Stopped: the refresh was cancelled. Showing the last profile.' });
    else update(key, { fetching: null, queryError: `Refresh failed: ${messageOf(error)}` });
  }
}

/** A comparison of two remote profiles refreshes by fetching both again in a new tab's place. */
async function refreshComparison(key: number): Promise<void> {
  const tab = tabOf(key);
  if (!tab?.remote?.baseSource || tab.status !== 'ready' || !tab.comparison) return;
  const { source, baseSource } = tab.remote;
  try {
    const [baseBytes, targetBytes] = await withFetch(key, (signal) =>
      Promise.all([baseSource, source].map((s) => fetchForTab(withKeptCredentials(key, s), (fetching) => update(key, { fetching }), signal))),
    );
    update(key, { fetching: null, remote: { source, baseSource, fetchedAt: Date.now() }, stopped: '', queryError: '' });
    const compare = sessions.get(key)?.compare;
    if (compare) await replaceSource(key, { source: targetBytes, compare: { base: { ...compare.base, source: baseBytes }, target: { ...compare.target, source: targetBytes } } });
  } catch (error) {
    if (!tabOf(key)) return;
    if (isAbort(error)) update(key, { fetching: null, stopped: 'Stopped: the refresh was cancelled. Showing the last profiles.' });
    else update(key, { fetching: null, queryError: `Refresh failed: ${messageOf(error)}` });
  }
}
