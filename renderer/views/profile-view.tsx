import { isFiltered } from '../../shared/analysis/query.js';
import { useState } from 'react';
import type { Theme } from '../../shared/render/frame-colors.js';
import { exactValue, formatCount, formatPercent, formatValue } from '../format.js';
import { cancelRequest, zoomTo } from '../state/actions.js';
import { openSandwich } from '../state/sandwich-actions.js';
import { setGraphWidth, update } from '../state/sessions.js';
import { unitOf, type Tab } from '../state/store.js';
import { FilterChips } from './filter-chips.js';
import { SelectionChip } from './selection-chip.js';
import { layoutZoomPath } from '../flame/zoom-names.js';
import { FlameGraph } from './flame-graph.js';
import { frameMenuItems, markFirstPaint, useHighlight } from './graph-wiring.js';
import { imageHeader } from '../export/image-header.js';
import { SandwichView } from './sandwich-view.js';
import { DiffView, SideBySide } from './compare-views.js';
import { DeltaTable } from './delta-table.js';
import { TagPanel } from './tag-panel.js';
import { Toolbar } from './toolbar.js';
import { RemoteOrigin } from './remote-status.js';
import { TopTable } from './top-table.js';
import { SplitHandle } from './split-handle.js';
import { readTableShare, writeTableShare } from '../state/local-prefs.js';

/**
 * The graph, and with "table beside" the top table beside it, split where the user last dragged
 * the line. The graph keeps its place in the tree either way, so turning the table on and off does
 * not remount it.
 */
function GraphArea({ tab, theme }: { tab: Tab; theme: Theme }) {
  const [share, setShare] = useState(readTableShare);
  return (
    <div className="split-area">
      <MainGraph tab={tab} theme={theme} />
      {tab.tableBeside && (
        <>
          <SplitHandle share={share} onChange={setShare} onDone={writeTableShare} />
          <div className="split-table" style={{ flexBasis: `${share * 100}%` }}>
            <TopTable tab={tab} />
          </div>
        </>
      )}
    </div>
  );
}

function Breadcrumbs({ tab }: { tab: Tab }) {
  const flame = tab.flame;
  if (!flame || tab.view === 'table' || tab.view === 'sandwich') return null;
  const names = tab.summary!.functionNames;
  const path = Array.from(flame.path);
  const pathNames = layoutZoomPath(flame, names);
  return (
    <nav className="breadcrumbs" aria-label="Zoom path" data-testid="breadcrumbs">
      {path.map((node, i) => (
        <span key={node}>
          {i > 0 && <span className="sep">›</span>}
          <button onClick={() => void zoomTo(tab.key, { path: pathNames.slice(0, i) })} className={i === path.length - 1 ? 'current' : ''}>
            {flame.pathFuncs[i] >= 0 ? names[flame.pathFuncs[i]] : 'all'}
          </button>
        </span>
      ))}
      {!flame.zoomFound && (
        <span className="muted" data-testid="zoom-missing" title={tab.zoom.join(' › ')}>
          {' '}
          (the zoom path {tab.zoom[tab.zoom.length - 1]} is not in this graph)
        </span>
      )}
      {(path.length > 1 || !flame.zoomFound) && (
        <button className="small" onClick={() => void zoomTo(tab.key, { path: [] })} data-testid="reset-zoom">
          Reset zoom
        </button>
      )}
    </nav>
  );
}

function MainGraph({ tab, theme }: { tab: Tab; theme: Theme }) {
  const highlight = useHighlight(tab);
  return (
    <FlameGraph
      rects={tab.flame}
      summary={tab.summary!}
      unit={unitOf(tab)}
      total={tab.result?.total ?? 0}
      flipped={tab.view === 'flame'}
      fitShort
      theme={theme}
      highlight={highlight}
      busy={tab.busy}
      label={tab.name}
      dataset={{ nodes: String(tab.result?.nodeCount ?? 0), ...(tab.remote && { source: tab.remote.source }) }}
      onZoom={(path) => void zoomTo(tab.key, { path })}
      menuFor={(frame) => frameMenuItems(tab, frame)}
      onSandwich={(name) => openSandwich(tab.key, name)}
      onWidth={setGraphWidth}
      onDrawn={() => markFirstPaint(tab)}
      image={{ header: imageHeader(tab) }}
    />
  );
}

/** How many of the file's samples the filters keep, of all of them. */
function SampleCount({ tab }: { tab: Tab }) {
  const all = tab.summary!.sampleCount;
  const kept = tab.result?.sampleCount ?? all;
  const exact = kept === all ? all.toLocaleString('en-US') : `${kept.toLocaleString('en-US')} of ${all.toLocaleString('en-US')}`;
  return (
    <span data-testid="sample-count" title={`${exact} samples`}>
      {kept === all ? formatCount(all) : `${formatCount(kept)} of ${formatCount(all)}`} samples
    </span>
  );
}

/** The zoomed frame's share of the total: what the graph's full width now stands for. */
function ZoomShare({ tab }: { tab: Tab }) {
  const flame = tab.flame;
  if (!flame || !tab.result || tab.compared || flame.path.length < 2 || (tab.view !== 'flame' && tab.view !== 'icicle')) return null;
  const func = flame.pathFuncs[flame.path.length - 1];
  const name = func >= 0 ? tab.summary!.functionNames[func] : '';
  return (
    <>
      {' · '}
      <span data-testid="zoom-share" data-value={flame.span} title={`${name}: ${formatValue(flame.span, unitOf(tab))} of ${formatValue(tab.result.total, unitOf(tab))}`}>
        zoomed: {name} {formatPercent(flame.span, tab.result.total)} of total
        {/* Under a filter the graph's width is what is shown: its share of that is the one the eye reads. */}
        {tab.result.treeTotal !== tab.result.total && `, ${formatPercent(flame.span, tab.result.treeTotal)} of shown`}
      </span>
    </>
  );
}

/** Said over an empty graph or table: why nothing is drawn, and how to get it back. */
function NothingShown({ tab }: { tab: Tab }) {
  const result = tab.result;
  if (!result || tab.compared || result.treeTotal !== 0 || tab.view === 'sandwich') return null;
  const { filters } = tab;
  const filtered = isFiltered(filters);
  const sampleType = tab.summary!.sampleTypes[filters.sampleTypeIndex]?.type ?? '';
  return (
    <div className="nothing-shown" role="status" data-testid="nothing-shown">
      {filtered
        ? `The filters keep no ${sampleType} samples: remove one (the chips above, or the Tags panel) to see the graph again.`
        : `This profile has no ${sampleType} samples${tab.summary!.sampleTypes.length > 1 ? ': try another sample type' : ''}.`}
    </div>
  );
}

/** What the filters leave of each side, when they leave out anything. */
function ShownTotals({ tab, unit }: { tab: Tab; unit: string }) {
  const compare = tab.compared?.diff.flame.compare;
  if (!compare || compare.baseTotal.length === 0) return null;
  const [base, target] = [compare.baseTotal[0], compare.targetTotal[0]];
  if (base === tab.compared!.baseTotal && target === tab.compared!.targetTotal) return null;
  return (
    <span data-testid="shown-totals">
      {' '}
      · shown: base {formatValue(base, unit)} → target {formatValue(target, unit)}
    </span>
  );
}

/** A comparison tab's views: the diff graph (flame or icicle), side by side, the delta table. */
function ComparisonPanes({ tab, theme }: { tab: Tab; theme: Theme }) {
  if (!tab.compared) return null;
  if (tab.view === 'sandwich') return <SandwichView tab={tab} theme={theme} />;
  if (tab.view === 'sbs') return <SideBySide tab={tab} theme={theme} />;
  if (tab.view === 'table') return <DeltaTable tab={tab} />;
  return <DiffView tab={tab} theme={theme} flipped={tab.view !== 'icicle'} />;
}

export function ProfileView({ tab, theme }: { tab: Tab; theme: Theme }) {
  const [showTags, setShowTags] = useState(false);
  const unit = unitOf(tab);
  const result = tab.result;
  const graph = !tab.comparison && (tab.view === 'flame' || tab.view === 'icicle');
  return (
    <div className="profile-view">
      <Toolbar tab={tab} showTags={showTags} onToggleTags={() => setShowTags(!showTags)} />
      <FilterChips tab={tab} />
      <div className="status-line">
        {result && tab.compared && (
          <span data-testid="profile-total">
            base {formatValue(tab.compared.baseTotal, unit)} → target {formatValue(tab.compared.targetTotal, unit)} ({formatPercent(tab.compared.targetTotal - tab.compared.baseTotal, tab.compared.baseTotal)}{' '}
            {tab.compared.targetTotal >= tab.compared.baseTotal ? 'more' : 'less'})
            <ShownTotals tab={tab} unit={unit} />
            {tab.comparison!.warnings.map((w) => (
              <span key={w} className="stopped-text" role="note">
                {' '}
                {w}
              </span>
            ))}
          </span>
        )}
        {result && !tab.compared && (
          <span data-testid="profile-total">
            Total{' '}
            <span data-testid="total-value" title={exactValue(result.total, unit)}>
              {formatValue(result.total, unit)}
            </span>
            {result.treeTotal !== result.total && (
              <>
                {' · shown '}
                <span title={exactValue(result.treeTotal, unit)}>{formatValue(result.treeTotal, unit)}</span>
              </>
            )}
            {' · '}
            <SampleCount tab={tab} />
          </span>
        )}
        {result && <ZoomShare tab={tab} />}
        <SelectionChip tab={tab} />
        <RemoteOrigin tab={tab} />
        {(tab.busy || tab.sandwichBusy) && (
          <span className="busy" role="status" data-testid="busy">
            {' '}
            · {tab.busy ? tab.phase : 'cutting the sandwich'}… <span className="busy-bar" />
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
        {tab.hashNotice && (
          <span className="stopped-text hash-notice" role="note" data-testid="hash-notice" title={tab.hashNotice}>
            <span className="hash-notice-text">{tab.hashNotice}</span>
            <button className="small" aria-label="Dismiss this notice" onClick={() => update(tab.key, { hashNotice: '' })}>
              ×
            </button>
          </span>
        )}
        {tab.queryError && (
          <span className="error-text" role="alert">
            {' '}
            {tab.queryError}
          </span>
        )}
      </div>
      <Breadcrumbs tab={tab} />
      <div className="panes">
        <NothingShown tab={tab} />
        {tab.comparison ? (
          <ComparisonPanes tab={tab} theme={theme} />
        ) : (
          <>
            {graph && <GraphArea tab={tab} theme={theme} />}
            {tab.view === 'sandwich' && <SandwichView tab={tab} theme={theme} />}
            {tab.view === 'table' && <TopTable tab={tab} />}
          </>
        )}
        {showTags && <TagPanel tab={tab} />}
      </div>
    </div>
  );
}
