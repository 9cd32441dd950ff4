import { closeConnectDialog } from '../../state/connect-store.js';

/**
 * The dialog's bottom line, always in view: what went wrong (the host's one sentence), what Open
 * will open, Cancel and Open. Without `onOpen` there is no Open button (explore opens by row).
 */
export function DialogFooter({ error, summary, onOpen, canOpen = true, busy = false }: { error?: string; summary: string; onOpen?: () => void; canOpen?: boolean; busy?: boolean }) {
  return (
    <footer className="connect-footer">
      {error && (
        <p className="connect-error error-text" role="alert" data-testid="connect-error">
          {error}
        </p>
      )}
      <div className="connect-footer-row">
        <span className="muted connect-summary" title={summary} data-testid="connect-summary">
          {summary}
        </span>
        <button type="button" onClick={closeConnectDialog} data-testid="connect-cancel">
          Cancel
        </button>
        {onOpen && (
          <button type="button" className="primary" disabled={!canOpen || busy} onClick={onOpen} data-testid="connect-open">
            {busy ? 'Opening…' : 'Open'}
          </button>
        )}
      </div>
    </footer>
  );
}
