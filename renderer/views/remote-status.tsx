import { useEffect, useState } from 'react';
import { formatSize } from '../../shared/remote/transport.js';
import { cancelRequest } from '../state/actions.js';
import { refreshRemote } from '../state/remote-actions.js';
import type { FetchState, Tab } from '../state/store.js';

/** Re-renders every half second while `active`, for a countdown. */
function useClock(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const id = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(id);
  }, [active]);
  return now;
}

/** What a fetch is doing, in words: the service's recording countdown, then the bytes received. */
export function fetchWords(fetching: FetchState, now: number): string {
  const left = fetching.recordingEndsAt === undefined ? 0 : Math.ceil((fetching.recordingEndsAt - now) / 1000);
  if (left > 0 && fetching.received === 0) return `the service is recording: ${left} s left`;
  if (fetching.received === 0) return fetching.recordingEndsAt === undefined ? 'waiting for the server' : 'waiting for the service to answer';
  return `received ${formatSize(fetching.received)}${fetching.total ? ` of ${formatSize(fetching.total)}` : ''}`;
}

/** The share done: the recording's time, then the bytes when the server said how many. */
function fetchFraction(fetching: FetchState, now: number, recordingMs: number | undefined): number | undefined {
  if (fetching.total) return fetching.received / fetching.total;
  if (fetching.recordingEndsAt !== undefined && recordingMs) return Math.min(1, 1 - (fetching.recordingEndsAt - now) / recordingMs);
  return undefined;
}

/** A remote tab's first fetch: what it is waiting for, a progress bar and Cancel. */
export function FetchProgress({ tab }: { tab: Tab }) {
  const fetching = tab.fetching!;
  const now = useClock(fetching.recordingEndsAt !== undefined);
  const [recordingMs] = useState(() => (fetching.recordingEndsAt === undefined ? undefined : fetching.recordingEndsAt - Date.now()));
  const fraction = fetchFraction(fetching, now, recordingMs);
  return (
    <div className="loading-screen" role="status" data-testid="loading" data-fetching="true">
      <p>
        Fetching {tab.name}… <span data-testid="fetch-progress">{fetchWords(fetching, now)}</span>
      </p>
      <p className="muted" data-testid="fetch-source">
        {tab.remote?.baseSource ? `${tab.remote.baseSource} → ` : ''}
        {tab.remote?.source}
      </p>
      <div className="progress-row">
        <progress {...(fraction === undefined ? {} : { value: fraction, max: 1 })} />
        <button onClick={() => cancelRequest(tab.key)} data-testid="cancel-request" title="Stop fetching (Esc)">
          Cancel
        </button>
      </div>
    </div>
  );
}

/** Where a remote tab's profile came from, when, and Refresh (fetch again / record again). */
export function RemoteOrigin({ tab }: { tab: Tab }) {
  const remote = tab.remote;
  const now = useClock(tab.fetching?.recordingEndsAt !== undefined);
  if (!remote) return null;
  const fetchedAt = remote.fetchedAt ? new Date(remote.fetchedAt).toLocaleTimeString() : '';
  const source = remote.baseSource ? `${remote.baseSource} → ${remote.source}` : remote.source;
  return (
    <span className="remote-origin" data-testid="remote-origin" data-source={remote.source}>
      <span className="muted" title={source}>
        {' '}
        · from {source}
        {fetchedAt && `, fetched ${fetchedAt}`}
      </span>
      {tab.fetching ? (
        <span className="busy" role="status" data-testid="refreshing">
          {' '}
          · refreshing: {fetchWords(tab.fetching, now)}… <span className="busy-bar" />
          <button className="small" onClick={() => cancelRequest(tab.key)} data-testid="cancel-refresh" title="Stop the refresh and keep this profile (Esc)">
            Cancel
          </button>
        </span>
      ) : (
        <button className="small" onClick={() => void refreshRemote(tab.key)} data-testid="refresh-remote" title="Fetch this profile again (a CPU profile is recorded again)" disabled={tab.busy}>
          Refresh
        </button>
      )}
    </span>
  );
}
