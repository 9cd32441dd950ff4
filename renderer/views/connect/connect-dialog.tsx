import { useEffect, useRef, useState } from 'react';
import type { RemoteHost } from '../../host.js';
import type { SavedConnection } from '../../../shared/remote/remote-api.js';
import { closeConnectDialog } from '../../state/connect-store.js';
import { GoPanel } from './go-panel.js';
import { PyroscopePanel } from './pyroscope-panel.js';
import { RecentConnections } from './recent-connections.js';

type Mode = 'go' | 'pyroscope';

const MODES: [Mode, string][] = [
  ['go', 'Go service'],
  ['pyroscope', 'Pyroscope'],
];

/**
 * Connect…: open a profile from a live Go service or a Pyroscope server. The host makes every
 * request; closing the dialog unmounts the panels, which aborts whatever they were asking.
 */
export function ConnectDialog({ remote }: { remote: RemoteHost | undefined }) {
  const [mode, setMode] = useState<Mode>('go');
  // A recent connection picked: the panel starts again from it (its key remounts it).
  const [picked, setPicked] = useState<{ connection: SavedConnection; serial: number } | null>(null);
  const dialog = useRef<HTMLDivElement>(null);
  const restoreFocus = useRef<Element | null>(null);

  useEffect(() => {
    restoreFocus.current = document.activeElement;
    (dialog.current?.querySelector<HTMLElement>('[data-autofocus]') ?? dialog.current)?.focus();
    return () => {
      if (restoreFocus.current instanceof HTMLElement) restoreFocus.current.focus();
    };
  }, []);

  const pick = (connection: SavedConnection) => {
    setMode(connection.kind);
    setPicked((previous) => ({ connection, serial: (previous?.serial ?? 0) + 1 }));
  };
  const initial = picked?.connection.kind === mode ? picked.connection : undefined;

  return (
    <div
      className="connect-backdrop"
      onMouseDown={(event) => {
        if (event.target === event.currentTarget) closeConnectDialog();
      }}
    >
      <div
        ref={dialog}
        className="connect-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="connect-title"
        data-testid="connect-dialog"
        tabIndex={-1}
        // Keys typed here are the dialog's: the app's shortcuts (Esc cancels a load, / searches) wait.
        onKeyDown={(event) => {
          event.stopPropagation();
          if (event.key === 'Escape') {
            event.preventDefault();
            closeConnectDialog();
          }
        }}
      >
        <header className="connect-header">
          <h2 id="connect-title">Connect</h2>
          <div className="segmented" role="tablist" aria-label="Source">
            {MODES.map(([m, label]) => (
              <button key={m} role="tab" aria-selected={mode === m} className={mode === m ? 'active' : ''} data-testid={`connect-mode-${m}`} onClick={() => setMode(m)}>
                {label}
              </button>
            ))}
          </div>
          <button className="connect-close" aria-label="Close" title="Close (Esc)" onClick={closeConnectDialog} data-testid="connect-close">
            ×
          </button>
        </header>
        {remote ? (
          <>
            <RecentConnections remote={remote} onPick={pick} />
            {mode === 'go' ? (
              <GoPanel key={`go-${picked?.serial ?? 0}`} remote={remote} initial={initial} />
            ) : (
              <PyroscopePanel key={`pyroscope-${picked?.serial ?? 0}`} remote={remote} initial={initial} />
            )}
          </>
        ) : (
          <p className="connect-body error-text" data-testid="connect-error" role="alert">
            This window cannot reach remote servers: its host offers no remote access.
          </p>
        )}
      </div>
    </div>
  );
}
