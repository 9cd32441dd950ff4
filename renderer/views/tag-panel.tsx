import { useEffect, useState } from 'react';
import { exactTagValueFilter } from '../../shared/analysis/regex-quote.js';
import type { TagKeySummary } from '../../shared/analysis/tag-summary.js';
import { formatPercent, formatValue } from '../format.js';
import { setFilters, tagSummary } from '../state/actions.js';
import { unitOf, type Tab } from '../state/store.js';
import { chooseOnly, LISTED_VALUES, listedValues } from '../state/tag-choices.js';

/** A bar's width: a visible sliver for any weight above zero, so light values are not mistaken for empty. */
function barPercent(total: number, heaviest: number): number {
  if (heaviest <= 0 || total === 0) return 0;
  return Math.max(1, (Math.abs(total) / heaviest) * 100);
}

/** Every label key with its values and each value's total (from the worker); include/exclude. */
export function TagPanel({ tab }: { tab: Tab }) {
  const [tags, setTags] = useState<TagKeySummary[] | null>(null);
  const [error, setError] = useState('');
  const [ranges, setRanges] = useState<Record<string, string>>({});
  const unit = unitOf(tab);
  useEffect(() => {
    let live = true;
    tagSummary(tab).then(
      (t) => live && setTags(t),
      (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
    // Totals follow the sample type and the filters.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [tab.summary, tab.filters]);

  const drop = (expression: string) =>
    setFilters(tab.key, (t) => ({ tagIgnore: t.filters.tagIgnore.includes(expression) ? t.filters.tagIgnore : [...t.filters.tagIgnore, expression] }));
  // One click switches "only A" to "only B"; clicking the chosen "only" again lets every value back.
  const only = (key: string, expression: string, toggle = true) =>
    setFilters(tab.key, (t) =>
      toggle && t.filters.tagFocus.includes(expression) ? { tagFocus: t.filters.tagFocus.filter((e) => e !== expression) } : chooseOnly(t.filters, key, expression),
    );

  if (error) return <aside className="tag-panel error-text">{error}</aside>;
  if (!tags) return <aside className="tag-panel muted">Reading labels…</aside>;
  return (
    <aside className="tag-panel" data-testid="tag-panel" aria-label="Tags">
      <h3>Tags</h3>
      {tags.length === 0 && <p className="muted">This profile has no sample labels.</p>}
      {tags.map((key) => {
        const heaviest = key.values.reduce((max, v) => Math.max(max, Math.abs(v.total)), 0);
        return (
          <section key={key.key} className="tag-key" data-testid="tag-key" data-key={key.key}>
            <h4>
              {key.key} {key.numeric && <span className="muted">({key.unit})</span>}
            </h4>
            {key.numeric && (
              <form
                className="tag-range"
                onSubmit={(event) => {
                  event.preventDefault();
                  const range = (ranges[key.key] ?? '').trim();
                  if (range) only(key.key, `${key.key}=${range}`, false);
                }}
              >
                <input
                  placeholder="e.g. 1kb: or 64kb:512kb"
                  title="A range of values to keep, e.g. 1kb: (1kB and up) or 64kb:512kb"
                  aria-label={`${key.key} range`}
                  value={ranges[key.key] ?? ''}
                  onChange={(event) => setRanges({ ...ranges, [key.key]: event.target.value })}
                />
                <button type="submit">Keep</button>
              </form>
            )}
            <ul>
              {listedValues(key).map((value) => {
                // A numeric value in its base unit matches exactly ("bytes=1536bytes"); a string value as ^value$.
                const expression = key.numeric && value.numeric !== null ? `${key.key}=${value.numeric}${key.unit}` : exactTagValueFilter(key.key, value.label);
                const chosen = tab.filters.tagFocus.includes(expression);
                return (
                  <li key={value.label} data-testid="tag-value" data-value={value.label} data-numeric={value.numeric ?? undefined} data-total={value.total}>
                    <span className="tag-value-name" title={value.label}>
                      {value.label}
                    </span>
                    {/* Figures and buttons as one block: in a narrow panel it goes under a long value rather than cutting it. */}
                    <span className="tag-value-figures">
                      <span className="num">{formatValue(value.total, unit)}</span>
                      <span className="num muted">{formatPercent(value.total, key.total)}</span>
                      <button
                        className={`small ${chosen ? 'active' : ''}`}
                        aria-pressed={chosen}
                        title={chosen ? 'Showing only this value; click to show every value again' : 'Keep only samples with this value (tagfocus); replaces another "only" on this key'}
                        onClick={() => only(key.key, expression)}
                      >
                        only
                      </button>
                      <button className="small" title="Drop samples with this value (tagignore)" onClick={() => drop(expression)}>
                        drop
                      </button>
                    </span>
                    {/* The value's weight against the heaviest value of the key: a histogram when values are in value order. */}
                    <span className="tag-bar" aria-hidden="true">
                      <span data-testid="tag-bar" style={{ width: `${barPercent(value.total, heaviest)}%` }} />
                    </span>
                  </li>
                );
              })}
              {key.values.length > LISTED_VALUES && <li className="muted">…and {key.values.length - LISTED_VALUES} lighter values</li>}
            </ul>
          </section>
        );
      })}
    </aside>
  );
}
