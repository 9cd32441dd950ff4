import { useEffect, useState } from 'react';
import { exactTagValueFilter } from '../../shared/analysis/regex-quote.js';
import type { TagKeySummary } from '../../shared/analysis/tag-summary.js';
import { formatPercent, formatValue } from '../format.js';
import { setFilters, tagSummary } from '../state/actions.js';
import type { Tab } from '../state/store.js';

/** Every label key with its values and each value's total (from the worker); include/exclude. */
export function TagPanel({ tab }: { tab: Tab }) {
  const [tags, setTags] = useState<TagKeySummary[] | null>(null);
  const [error, setError] = useState('');
  const [ranges, setRanges] = useState<Record<string, string>>({});
  const unit = tab.summary?.sampleTypes[tab.filters.sampleTypeIndex]?.unit ?? '';
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

  const add = (list: 'tagFocus' | 'tagIgnore', expression: string) =>
    setFilters(tab.key, (t) => ({ [list]: t.filters[list].includes(expression) ? t.filters[list] : [...t.filters[list], expression] }));

  if (error) return <aside className="tag-panel error-text">{error}</aside>;
  if (!tags) return <aside className="tag-panel muted">Reading labels…</aside>;
  return (
    <aside className="tag-panel" data-testid="tag-panel" aria-label="Tags">
      <h3>Tags</h3>
      {tags.length === 0 && <p className="muted">This profile has no sample labels.</p>}
      {tags.map((key) => (
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
                if (range) add('tagFocus', `${key.key}=${range}`);
              }}
            >
              <input
                placeholder="range, e.g. 1kb: or 64kb:512kb"
                aria-label={`${key.key} range`}
                value={ranges[key.key] ?? ''}
                onChange={(event) => setRanges({ ...ranges, [key.key]: event.target.value })}
              />
              <button type="submit">Keep</button>
            </form>
          )}
          <ul>
            {key.values.slice(0, 200).map((value) => {
              // A numeric value in its base unit matches exactly ("bytes=1536bytes"); a string value as ^value$.
              const expression = key.numeric ? `${key.key}=${value.numeric}${key.unit}` : exactTagValueFilter(key.key, value.label);
              return (
                <li key={value.label} data-testid="tag-value" data-value={value.label} data-total={value.total}>
                  <span className="tag-value-name" title={value.label}>
                    {value.label}
                  </span>
                  <span className="num">{formatValue(value.total, unit)}</span>
                  <span className="num muted">{formatPercent(value.total, key.total)}</span>
                  <button className="small" title="Keep only samples with this value (tagfocus)" onClick={() => add('tagFocus', expression)}>
                    only
                  </button>
                  <button className="small" title="Drop samples with this value (tagignore)" onClick={() => add('tagIgnore', expression)}>
                    drop
                  </button>
                </li>
              );
            })}
            {key.values.length > 200 && <li className="muted">…and {key.values.length - 200} more values</li>}
          </ul>
        </section>
      ))}
    </aside>
  );
}
