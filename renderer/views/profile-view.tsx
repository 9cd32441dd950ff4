import { useState } from 'react';
import type { Theme } from '../flame/colors.js';
import { formatValue } from '../format.js';
import { cancelRequest, zoomTo } from '../state/actions.js';
import type { Tab } from '../state/store.js';
import { FilterChips } from './filter-chips.js';
import { FlameGraph } from './flame-graph.js';
import { TagPanel } from './tag-panel.js';
import { Toolbar } from './toolbar.js';
import { TopTable } from './top-table.js';

function Breadcrumbs({ tab }: { tab: Tab }) {
  const flame = tab.flame;
  if (!flame || tab.view === 'table') return null;
  const names = tab.summary!.functionNames;
  const path = Array.from(flame.path);
  return (
    <nav className="breadcrumbs" aria-label="Zoom path" data-testid="breadcrumbs">
      {path.map((node, i) => (
        <span key={node}>
          {i > 0 && <span className="sep">›</span>}
          <button onClick={() => void zoomTo(tab.key, node)} className={i === path.length - 1 ? 'current' : ''}>
            {flame.pathFuncs[i] >= 0 ? names[flame.pathFuncs[i]] : 'all'}
          </button>
        </span>
      ))}
      {path.length > 1 && (
        <button className="small" onClick={() => void zoomTo(tab.key, 0)} data-testid="reset-zoom">
          Reset zoom
        </button>
      )}
    </nav>
  );
}

export function ProfileView({ tab, theme }: { tab: Tab; theme: Theme }) {
  const [showTags, setShowTags] = useState(false);
  const unit = tab.summary!.sampleTypes[tab.filters.sampleTypeIndex]?.unit ?? '';
  const result = tab.result;
  const graph = tab.view !== 'table';
  return (
    <div className="profile-view">
      <Toolbar tab={tab} showTags={showTags} onToggleTags={() => setShowTags(!showTags)} />
      <FilterChips tab={tab} />
      <div className="status-line">
        {result && (
          <span data-testid="profile-total">
            Total {formatValue(result.total, unit)}
            {result.treeTotal !== result.total && ` · shown ${formatValue(result.treeTotal, unit)}`} · {tab.summary!.sampleCount.toLocaleString()} samples
          </span>
        )}
        {tab.busy && (
          <span className="busy" role="status" data-testid="busy">
            {' '}
            · {tab.phase}… <span className="busy-bar" />
            <button className="small" onClick={() => cancelRequest(tab.key)} data-testid="cancel-request" title="Stop this update (Esc)">
              Cancel
            </button>
          </span>
        )}
        {tab.stopped && (
          <span className="stopped-text" role="status" data-testid="stopped">
            {tab.stopped}
          </span>
        )}
        {result && <span className="muted" data-testid="worker-ms" data-ms={Math.round(result.workerMs)} />}
        {tab.queryError && (
          <span className="error-text" role="alert">
            {' '}
            {tab.queryError}
          </span>
        )}
      </div>
      <Breadcrumbs tab={tab} />
      <div className={`panes ${graph && tab.tableBeside ? 'split' : ''}`}>
        {graph && <FlameGraph tab={tab} flipped={tab.view === 'flame'} theme={theme} />}
        {(!graph || tab.tableBeside) && <TopTable tab={tab} />}
        {showTags && <TagPanel tab={tab} />}
      </div>
    </div>
  );
}
