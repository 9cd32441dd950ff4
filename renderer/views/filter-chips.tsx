import { setFilters, undoFilters } from '../state/actions.js';
import type { Tab } from '../state/store.js';

/** The active filters as removable chips, and undo for the last refinement. */
export function FilterChips({ tab }: { tab: Tab }) {
  const { filters } = tab;
  const chips: { label: string; remove: () => void }[] = [];
  filters.tagFocus.forEach((e, i) =>
    chips.push({ label: `tag ${e}`, remove: () => setFilters(tab.key, (t) => ({ tagFocus: t.filters.tagFocus.filter((_, j) => j !== i) })) }),
  );
  filters.tagIgnore.forEach((e, i) =>
    chips.push({ label: `not tag ${e}`, remove: () => setFilters(tab.key, (t) => ({ tagIgnore: t.filters.tagIgnore.filter((_, j) => j !== i) })) }),
  );
  for (const [kind, label] of [
    ['focus', 'focus'],
    ['ignore', 'ignore'],
    ['hide', 'hide'],
    ['show', 'show'],
  ] as const) {
    if (filters[kind]) chips.push({ label: `${label} ${filters[kind]}`, remove: () => setFilters(tab.key, () => ({ [kind]: '' })) });
  }
  if (chips.length === 0 && tab.filterHistory.length === 0) return null;
  return (
    <div className="chips" data-testid="filter-chips">
      {chips.map((chip) => (
        <span className="chip" key={chip.label} data-testid="filter-chip">
          {chip.label}
          <button aria-label={`Remove filter ${chip.label}`} onClick={chip.remove}>
            ×
          </button>
        </span>
      ))}
      {tab.filterHistory.length > 0 && (
        <button className="small" onClick={() => undoFilters(tab.key)} data-testid="undo-filter">
          Undo
        </button>
      )}
    </div>
  );
}
