import type { RemoteHost } from '../../host.js';
import type { SavedConnection } from '../../../shared/remote/remote-api.js';
import { useRemoteQuery } from './use-remote-query.js';

const SHOWN = 6;
const CONNECTIONS = { op: 'connections' } as const;

/** The host's recent connections, newest first: a click fills the panel of its kind. */
export function RecentConnections({ remote, onPick }: { remote: RemoteHost; onPick: (connection: SavedConnection) => void }) {
  // A failure to list them is not worth a line of its own: the dialog works without them.
  const { value } = useRemoteQuery(remote, CONNECTIONS);
  if (!value || value.length === 0) return null;
  return (
    <div className="connect-recent" aria-label="Recent connections">
      <span className="muted">Recent</span>
      {value.slice(0, SHOWN).map((c) => (
        <button
          key={`${c.kind} ${c.url}`}
          className="small"
          data-testid="recent-connection"
          data-url={c.url}
          title={`${c.kind === 'go' ? 'Go service' : 'Pyroscope'} ${c.url}${c.tenant ? ` (tenant ${c.tenant})` : ''}`}
          onClick={() => onPick(c)}
        >
          <span className="recent-kind">{c.kind === 'go' ? 'Go' : 'Pyro'}</span> {c.url.replace(/^https?:\/\//, '')}
          {c.tenant ? ` · ${c.tenant}` : ''}
        </button>
      ))}
    </div>
  );
}
