import { useCallback, useEffect, useRef, useState } from 'react';
import type { RemoteHost } from '../../host.js';
import type { SavedConnection } from '../../../shared/remote/remote-api.js';
import { closeConnectDialog } from '../../state/connect-store.js';
import { GoPanel, type GoDraft } from './go-panel.js';
import { PyroscopePanel, type PyroscopeDraft } from './pyroscope-panel.js';
import { RecentConnections } from './recent-connections.js';

type Mode = 'go' | 'pyroscope';

type Drafts = { go?: GoDraft; pyroscope?: PyroscopeDraft };

/** What the dialog held when it last closed: opening it again carries on from there (this session only, never stored). */
const lastClosed: { mode: Mode; drafts: Drafts } = { mode: 'go', drafts: {} };

const MODES: [Mode, string][] = [
  ['go', 'Go service'],
  ['pyroscope', 'Pyroscope'],
];

/**
 * Connect…: open a profile from a live Go service or a Pyroscope server. The host makes every
 * request; closing the dialog unmounts the panels, which aborts whatever they were asking.
 */
export function ConnectDialog({ remote }: { remote: RemoteHost | undefined }) {
  const [mode, setMode] = useState<Mode>(lastClosed.mode);
  // A recent connection picked: the panel of its kind starts again from it (its key remounts it).
  const [picked, setPicked] = useState<Partial<Record<Mode, { connection: SavedConnection; serial: number }>>>({});
  const dialog = useRef<HTMLDivElement>(null);
  const restoreFocus = useRef<Element | null>(null);

  // Esc closes the dialog wherever focus is (a button that just got disabled leaves it on the
  // body), before the app's own Esc (cancel a load, zoom out) sees it.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      event.preventDefault();
      event.stopPropagation();
      closeConnectDialog();
    };
    window.addEventListener('keydown', onKey, { capture: true });
    return () => window.removeEventListener('keydown', onKey, { capture: true });
  }, []);

  useEffect(() => {
    restoreFocus.current = document.activeElement;
    (dialog.current?.querySelector<HTMLElement>('[data-autofocus]') ?? dialog.current)?.focus();
    return () => {
      if (restoreFocus.current instanceof HTMLElement) restoreFocus.current.focus();
    };
  }, []);

  // The panel of the other mode is unmounted (its queries aborted); what it held comes back with it.
  // Each panel hands its draft over as it unmounts.
  const [drafts, setDrafts] = useState<Drafts>(lastClosed.drafts);
  // The panel unmounting as the dialog closes hands its draft here too, after the dialog's state is gone.
  const keepGoDraft = useCallback((go: GoDraft) => {
    lastClosed.drafts = { ...lastClosed.drafts, go };
    setDrafts((d) => ({ ...d, go }));
  }, []);
  const keepPyroscopeDraft = useCallback((pyroscope: PyroscopeDraft) => {
    lastClosed.drafts = { ...lastClosed.drafts, pyroscope };
    setDrafts((d) => ({ ...d, pyroscope }));
  }, []);
  useEffect(() => {
    lastClosed.mode = mode;
  }, [mode]);

  const pick = (connection: SavedConnection) => {
    lastClosed.drafts = { ...lastClosed.drafts, [connection.kind]: undefined };
    setDrafts((d) => ({ ...d, [connection.kind]: undefined }));
    setMode(connection.kind);
    setPicked((previous) => ({ ...previous, [connection.kind]: { connection, serial: (previous[connection.kind]?.serial ?? 0) + 1 } }));
  };
  const { go: goPick, pyroscope: pyroscopePick } = picked;

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
        // Keys typed here are the dialog's: the app's shortcuts (/ searches, Backspace zooms out) wait.
        onKeyDown={(event) => event.stopPropagation()}
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
              <GoPanel key={`go-${goPick?.serial ?? 0}`} remote={remote} initial={goPick?.connection} draft={drafts.go} onDraft={keepGoDraft} />
            ) : (
              <PyroscopePanel key={`pyroscope-${pyroscopePick?.serial ?? 0}`} remote={remote} initial={pyroscopePick?.connection} draft={drafts.pyroscope} onDraft={keepPyroscopeDraft} />
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
