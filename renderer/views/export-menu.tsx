import { useEffect, useLayoutEffect, useRef } from 'react';
import { EXPORT_ITEMS, runExport, setExportMenuOpen, suggestedName, useExport, whyDisabled } from '../state/export-actions.js';
import type { Tab } from '../state/store.js';

/**
 * The toolbar's Export button and its menu (a menu button: arrows move, Esc closes and gives the
 * focus back, a click elsewhere closes). An item that does not apply says why in its title.
 */
export function ExportMenu({ tab }: { tab: Tab }) {
  const { open, busy, error } = useExport();
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const items = EXPORT_ITEMS.map(({ item, label }) => ({ item, label, why: whyDisabled(tab, item) }));

  // Opening puts the focus on the first item that can be chosen; a click outside closes.
  useEffect(() => {
    if (!open) return;
    menu.current?.querySelector<HTMLButtonElement>('[role=menuitem]:not([aria-disabled=true])')?.focus();
    const onPointer = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!menu.current?.contains(target) && !button.current?.contains(target)) setExportMenuOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);

  // The menu hangs from the button's right edge; where the toolbar has wrapped Export to the left,
  // that would put it past the window's left edge: then it hangs from the left edge instead.
  useLayoutEffect(() => {
    const element = menu.current;
    if (!open || !element) return;
    element.classList.remove('from-left');
    if (element.getBoundingClientRect().left < 0) element.classList.add('from-left');
  }, [open]);

  const close = () => {
    setExportMenuOpen(false);
    button.current?.focus();
  };

  const onMenuKey = (event: React.KeyboardEvent) => {
    const entries = Array.from(menu.current?.querySelectorAll<HTMLButtonElement>('[role=menuitem]') ?? []);
    const at = entries.indexOf(document.activeElement as HTMLButtonElement);
    const step = (by: number) => entries[(at + by + entries.length) % entries.length]?.focus();
    if (event.key === 'Escape') close();
    else if (event.key === 'ArrowDown') step(1);
    else if (event.key === 'ArrowUp') step(-1);
    else if (event.key === 'Home') entries[0]?.focus();
    else if (event.key === 'End') entries.at(-1)?.focus();
    else if (event.key === 'Tab') setExportMenuOpen(false);
    else return;
    // Esc here is the menu's, not the window's (which would cancel a query or zoom out).
    if (event.key !== 'Tab') {
      event.preventDefault();
      event.stopPropagation();
    }
  };

  return (
    <div className="export">
      <button
        ref={button}
        data-testid="export-button"
        aria-haspopup="menu"
        aria-expanded={open}
        data-busy={busy ? 'true' : 'false'}
        className={open ? 'active' : ''}
        disabled={busy !== null}
        title="Save what is on screen: the profile with its filters, an image of the graph, folded stacks or the table"
        onClick={() => setExportMenuOpen(!open)}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown' && !open) {
            event.preventDefault();
            setExportMenuOpen(true);
          }
        }}
      >
        {busy ? (
          <>
            <span className="busy-bar" /> Exporting…
          </>
        ) : (
          'Export ▾'
        )}
      </button>
      {open && (
        <div className="export-menu" role="menu" aria-label="Export" ref={menu} data-testid="export-menu" onKeyDown={onMenuKey}>
          {items.map(({ item, label, why }) => (
            <button
              key={item}
              role="menuitem"
              data-testid={`export-${item}`}
              aria-disabled={why !== ''}
              className={why ? 'disabled' : ''}
              title={why || `Save as ${suggestedName(tab, item)}`}
              tabIndex={-1}
              onClick={() => {
                if (why) return;
                void runExport(tab.key, item);
                button.current?.focus();
              }}
            >
              <span>{label}</span>
              {why && <span className="export-why">{item === 'svg' || item === 'png' ? 'only in the flame, icicle or diff view' : why}</span>}
            </button>
          ))}
        </div>
      )}
      {error && (
        <span className="export-error error-text" role="alert" data-testid="export-error">
          {error}{' '}
          <button className="small" aria-label="Dismiss" onClick={() => useExport.setState({ error: '' })}>
            ×
          </button>
        </span>
      )}
    </div>
  );
}
