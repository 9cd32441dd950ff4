import { useEffect, useRef, useState } from 'react';
import type { RemoteHost } from '../../host.js';
import type { SavedConnection } from '../../../shared/remote/remote-api.js';
import { authFieldsOf, credentialsOf, hasKeptSecretFor, type AuthFields } from './credentials.js';
import { DialogFooter } from './dialog-footer.js';
import { PyroscopeBrowser } from './pyroscope-browser.js';
import { type PyroscopeServer, pyroscopeRequest } from './pyroscope-server.js';
import { normalizeServerUrl } from './server-url.js';
import { failureMessage, useRemoteQuery } from './use-remote-query.js';

const DEFAULT_SERVER_URL = 'http://127.0.0.1:4040';

/** What the panel had when the user switched to Go: it comes back as it was (connected again). */
export interface PyroscopeDraft {
  serverText: string;
  auth: AuthFields;
  server: PyroscopeServer | null;
}

/** Pyroscope: the server and how to reach it, tested with ProfileTypes; then what to open from it. */
export function PyroscopePanel({ remote, initial, draft, onDraft }: { remote: RemoteHost; initial?: SavedConnection; draft?: PyroscopeDraft; onDraft: (draft: PyroscopeDraft) => void }) {
  const [serverText, setServerText] = useState(draft?.serverText ?? initial?.url ?? DEFAULT_SERVER_URL);
  const [auth, setAuth] = useState<AuthFields>(() => draft?.auth ?? authFieldsOf(initial));
  const keptSecret = hasKeptSecretFor(auth, initial);
  // The connection being tested or used; editing a field drops it, which aborts its queries.
  const [server, setServer] = useState<PyroscopeServer | null>(() => (draft ? draft.server : initial ? serverOrNull(initial.url, authFieldsOf(initial), initial.hasSecret === true) : null));
  const latest = useRef<PyroscopeDraft>(null);
  useEffect(() => {
    latest.current = { serverText, auth, server };
  });
  useEffect(() => () => onDraft(latest.current!), [onDraft]);
  const [attempt, setAttempt] = useState(0);
  const [formError, setFormError] = useState('');
  const types = useRemoteQuery(remote, server ? pyroscopeRequest(server, { method: 'profileTypes' }) : null, { attempt });

  // Once the server answers, it goes on the recent list: the tenant and user as typed, and the
  // secret typed (or, with savedSecret, the one the host keeps) for the host to keep.
  const connected = types.value !== undefined && server !== null;
  useEffect(() => {
    if (!connected || !server) return;
    const { credentials } = server;
    const connection: SavedConnection = { kind: 'pyroscope', url: server.serverUrl, ...(server.tenant ? { tenant: server.tenant } : {}), ...(credentials?.user ? { user: credentials.user } : {}) };
    remote.query({ op: 'saveConnection', connection, ...(credentials ? { credentials } : {}) }).catch((e: unknown) => console.warn('could not save the connection', e));
  }, [connected, server, remote]);

  const edit = (patch: Partial<AuthFields>) => {
    setAuth((a) => ({ ...a, ...patch }));
    setServer(null);
    setFormError('');
  };
  const test = () => {
    try {
      setServer(serverOf(serverText, auth, keptSecret));
      setAttempt((n) => n + 1);
      setFormError('');
    } catch (e) {
      setServer(null);
      setFormError(failureMessage(e));
    }
  };

  return (
    <div className="connect-panel">
      <form
        className="connect-body connect-server"
        onSubmit={(event) => {
          event.preventDefault();
          test();
        }}
      >
        <div className="connect-row">
          <label className="connect-field grow">
            <span>Server URL</span>
            <input
              data-autofocus
              data-testid="pyroscope-url"
              value={serverText}
              spellCheck={false}
              placeholder={DEFAULT_SERVER_URL}
              onChange={(event) => {
                setServerText(event.target.value);
                edit({});
              }}
            />
          </label>
          <label className="connect-field">
            <span>Tenant</span>
            <input data-testid="pyroscope-tenant" className="short" value={auth.tenant} placeholder="(none)" spellCheck={false} onChange={(event) => edit({ tenant: event.target.value })} />
          </label>
          <label className="connect-field">
            <span>Authentication</span>
            <select data-testid="pyroscope-auth" value={auth.kind} onChange={(event) => edit({ kind: event.target.value as AuthFields['kind'] })}>
              <option value="none">none</option>
              <option value="basic">user and password</option>
              <option value="bearer">bearer token</option>
            </select>
          </label>
          {auth.kind === 'basic' && (
            <>
              <label className="connect-field">
                <span>User</span>
                <input data-testid="pyroscope-user" className="short" value={auth.user} autoComplete="username" onChange={(event) => edit({ user: event.target.value })} />
              </label>
              <label className="connect-field">
                <span>Password</span>
                <input
                  data-testid="pyroscope-password"
                  className="short"
                  type="password"
                  value={auth.password}
                  autoComplete="current-password"
                  placeholder={keptSecret ? '(saved)' : ''}
                  onChange={(event) => edit({ password: event.target.value })}
                />
              </label>
            </>
          )}
          {auth.kind === 'bearer' && (
            <label className="connect-field">
              <span>Token</span>
              <input data-testid="pyroscope-token" type="password" value={auth.token} placeholder={keptSecret ? '(saved)' : ''} onChange={(event) => edit({ token: event.target.value })} />
            </label>
          )}
          <button type="submit" data-testid="pyroscope-test">
            {types.loading ? 'Testing…' : 'Test connection'}
          </button>
        </div>
        {types.value && (
          <p className="connect-status" data-testid="pyroscope-status">
            Connected: {types.value.length} profile type{types.value.length === 1 ? '' : 's'}.
          </p>
        )}
      </form>
      {server && types.value ? (
        <PyroscopeBrowser key={`${attempt}`} remote={remote} server={server} types={types.value} />
      ) : (
        <DialogFooter error={formError || types.error} summary="Test the connection to pick a service and a time range." canOpen={false} onOpen={() => undefined} />
      )}
    </div>
  );
}

function serverOf(text: string, auth: AuthFields, keptSecret: boolean): PyroscopeServer {
  const tenant = auth.tenant.trim();
  return { serverUrl: normalizeServerUrl(text), credentials: credentialsOf(auth, keptSecret), ...(tenant ? { tenant } : {}) };
}

function serverOrNull(text: string, auth: AuthFields, keptSecret: boolean): PyroscopeServer | null {
  try {
    return serverOf(text, auth, keptSecret);
  } catch {
    return null;
  }
}
