import { update } from '../state/sessions.js';
import type { Tab } from '../state/store.js';

/**
 * The function picked in a table, which greys every other frame of the graphs. It stays when the
 * table is hidden, so this says what the greying is and clears it (× or Esc) in every view.
 */
export function SelectionChip({ tab }: { tab: Tab }) {
  const name = tab.selectedFunc >= 0 ? tab.summary?.functionNames[tab.selectedFunc] : undefined;
  if (name === undefined) return null;
  // The search highlight wins over the selection (graph-wiring.ts useHighlight).
  const searching = tab.search.trim() !== '';
  return (
    <span
      className="chip selection-chip"
      data-testid="selection-chip"
      data-name={name}
      title={
        searching
          ? `Selected in the table: ${name}. The search highlight is shown instead; clear the search to see this selection. Esc or × clears it.`
          : `Selected in the table: ${name}. The graph greys every other function. Esc or × clears it.`
      }
    >
      <span className="selection-label">Selected:</span>
      <span className="selection-name">{name}</span>
      {searching && <span className="muted">(search shown)</span>}
      <button aria-label={`Clear the selection of ${name} (Esc)`} onClick={() => update(tab.key, { selectedFunc: -1 })} data-testid="clear-selection">
        ×
      </button>
    </span>
  );
}
