import { useEffect, useRef, useState } from 'react';
import type { RemoteHost } from '../../host.js';
import type { GoEndpoint, SavedConnection } from '../../../shared/remote/remote-api.js';
import { openRemoteSource } from '../../state/remote-actions.js';
import { closeConnectDialog } from '../../state/connect-store.js';
import { DEFAULT_CAPTURE_SECONDS, goSourceUrl, parseCaptureSeconds } from './go-source.js';
import { normalizeGoBaseUrl } from './server-url.js';
import { failureMessage, useRemoteQuery } from './use-remote-query.js';
import { DialogFooter } from './dialog-footer.js';

const DEFAULT_BASE_URL = 'http://127.0.0.1:6060/debug/pprof/';
/** Endpoints the index lists that are not pprof profiles: shown, but they cannot be opened. */
const NOT_PROFILES = new Set(['trace', 'cmdline', 'symbol']);

/** What the panel had when the user switched to Pyroscope: it comes back as it was (listed again). */
export interface GoDraft {
  baseText: string;
  listed: string | null;
  picked: string;
  secondsText: string;
}

/** Go service: list what its /debug/pprof/ index offers, pick one, open it in a tab. */
export function GoPanel({ remote, initial, draft, onDraft }: { remote: RemoteHost; initial?: SavedConnection; draft?: GoDraft; onDraft: (draft: GoDraft) => void }) {
  const [baseText, setBaseText] = useState(draft?.baseText ?? initial?.url ?? DEFAULT_BASE_URL);
  // The base URL being listed; editing the field drops it (and aborts the listing).
  const [listed, setListed] = useState<string | null>(draft ? draft.listed : initial ? normalizeOrNull(initial.url) : null);
  const [picked, setPicked] = useState(draft?.picked ?? '');
  const [secondsText, setSecondsText] = useState(draft?.secondsText ?? String(DEFAULT_CAPTURE_SECONDS));
  const latest = useRef<GoDraft>(null);
  useEffect(() => {
    latest.current = { baseText, listed, picked, secondsText };
  });
  useEffect(() => () => onDraft(latest.current!), [onDraft]);
  const [attempt, setAttempt] = useState(0);
  const [error, setError] = useState('');
  const [opening, setOpening] = useState(false);
  const index = useRemoteQuery(remote, listed ? { op: 'goIndex', baseUrl: listed } : null, { attempt });
  const endpoints = index.value ?? [];
  const endpoint = endpoints.find((e) => e.name === picked);

  const list = () => {
    setError('');
    try {
      setListed(normalizeGoBaseUrl(baseText));
      setAttempt((n) => n + 1);
    } catch (e) {
      setListed(null);
      setError(failureMessage(e));
    }
  };

  const open = async (chosen: GoEndpoint | undefined) => {
    if (!chosen || !listed) return;
    setError('');
    try {
      const source = goSourceUrl(chosen, chosen.timed ? parseCaptureSeconds(secondsText) : 0);
      setOpening(true);
      remote.query({ op: 'saveConnection', connection: { kind: 'go', url: listed } }).catch((e: unknown) => console.warn('could not save the connection', e));
      await openRemoteSource({ source });
      closeConnectDialog();
    } catch (e) {
      setError(failureMessage(e));
    } finally {
      setOpening(false);
    }
  };

  return (
    <form
      className="connect-panel"
      onSubmit={(event) => {
        event.preventDefault();
        if (endpoint) void open(endpoint);
        else list();
      }}
    >
      <div className="connect-body">
        <div className="connect-row">
          <label className="connect-field grow">
            <span>Base URL</span>
            <input
              data-autofocus
              data-testid="go-base-url"
              value={baseText}
              spellCheck={false}
              placeholder={DEFAULT_BASE_URL}
              onChange={(event) => {
                setBaseText(event.target.value);
                setListed(null);
                setPicked('');
              }}
            />
          </label>
          <button type="button" onClick={list} data-testid="go-list">
            {index.loading ? 'Listing…' : 'List'}
          </button>
        </div>
        {index.loading && <p className="muted">Asking {listed} what it offers…</p>}
        {endpoints.length > 0 && (
          <div className="connect-list" role="listbox" aria-label="Profiles the service offers" data-testid="go-endpoints">
            {endpoints.map((e) => {
              const unavailable = NOT_PROFILES.has(e.name);
              return (
                <button
                  type="button"
                  key={e.name}
                  role="option"
                  aria-selected={e.name === picked}
                  className={`connect-option ${e.name === picked ? 'selected' : ''}`}
                  data-testid="go-endpoint"
                  data-name={e.name}
                  disabled={unavailable}
                  title={unavailable ? `${e.description} (not a pprof profile)` : `${e.description}\n${e.url}`}
                  onClick={() => setPicked(e.name)}
                  onDoubleClick={() => void open(e)}
                >
                  <span className="option-name">{e.name}</span>
                  <span className="option-count num">{e.count ?? ''}</span>
                  <span className="option-description muted">{e.description}</span>
                </button>
              );
            })}
          </div>
        )}
        {endpoint?.timed && (
          <label className="connect-field inline">
            <span>Record for</span>
            <input data-testid="go-seconds" className="seconds" inputMode="numeric" value={secondsText} onChange={(event) => setSecondsText(event.target.value)} />
            <span className="muted">seconds (the service records for this long before it answers)</span>
          </label>
        )}
      </div>
      <DialogFooter
        error={error || index.error}
        summary={endpoint ? goSourceSummary(endpoint, secondsText) : 'List the service, then pick a profile.'}
        canOpen={endpoint !== undefined}
        busy={opening}
        onOpen={() => void open(endpoint)}
      />
    </form>
  );
}

function normalizeOrNull(text: string): string | null {
  try {
    return normalizeGoBaseUrl(text);
  } catch {
    return null;
  }
}

function goSourceSummary(endpoint: GoEndpoint, secondsText: string): string {
  try {
    return goSourceUrl(endpoint, endpoint.timed ? parseCaptureSeconds(secondsText) : 0);
  } catch {
    return endpoint.url;
  }
}
