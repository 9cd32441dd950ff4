import { useEffect } from 'react';
import type { Theme } from '../../shared/render/frame-colors.js';
import { formatPercent, formatValue } from '../format.js';
import { layoutZoomPath } from '../flame/zoom-names.js';
import { loadSandwich, openSandwich, sandwichStale, zoomSandwich, type SandwichHalfName } from '../state/sandwich-actions.js';
import { setSandwichWidth } from '../state/sessions.js';
import { unitOf, useStore, type Tab } from '../state/store.js';
import type { SandwichReply } from '../worker/protocol.js';
import { FlameGraph } from './flame-graph.js';
import { frameMenuItems, useHighlight } from './graph-wiring.js';
import { PeekTable } from './peek-table.js';
import { diffTooltipDetails, useDiffColorize } from './compare-views.js';
import { TopTable } from './top-table.js';

/**
 * The sandwich of one function (the URL's `sw`): its callers above it, its callees below it, both
 * sized by its cum, and pprof -peek's direct rows beside them. Without a function chosen, the top
 * table to choose one from.
 */
export function SandwichView({ tab, theme }: { tab: Tab; theme: Theme }) {
  const stale = sandwichStale(tab);
  useEffect(() => {
    if (stale && !tab.sandwichError) void loadSandwich(tab.key);
  }, [stale, tab.key, tab.result, tab.sandwichFunc, tab.sandwichError]);
  const update = useStore((s) => s.update);

  if (!tab.sandwichFunc) {
    return (
      <div className="sandwich-pick" data-testid="sandwich-pick">
        <p className="muted">Choose a function to see every caller and callee of it: click a row (or search for it and press Enter).</p>
        <TopTable tab={tab} onPick={(name) => openSandwich(tab.key, name)} />
      </div>
    );
  }
  const sandwich = tab.sandwich && tab.sandwich.name === tab.sandwichFunc ? tab.sandwich : null;
  const unit = unitOf(tab);
  const total = tab.result?.total ?? 0;
  return (
    <div className="sandwich" data-testid="sandwich" data-function={tab.sandwichFunc} data-ready={sandwich && !stale && !tab.busy && !tab.sandwichBusy ? 'true' : 'false'}
      data-worker-ms={sandwich ? Math.round(sandwich.workerMs) : undefined}
    >
      <div className="sandwich-header">
        <span className="sandwich-name" title={tab.sandwichFunc}>
          {tab.sandwichFunc}
        </span>
        {sandwich && sandwich.baseCum === undefined && (
          <span className="sandwich-figures" data-testid="sandwich-figures" data-flat={sandwich.flat} data-cum={sandwich.cum}>
            flat {formatValue(sandwich.flat, unit)} ({formatPercent(sandwich.flat, total)}) · cum {formatValue(sandwich.cum, unit)} ({formatPercent(sandwich.cum, total)} of{' '}
            {formatValue(total, unit)})
          </span>
        )}
        {sandwich && sandwich.baseCum !== undefined && tab.compared && (
          <span className="sandwich-figures" data-testid="sandwich-figures" data-flat={sandwich.flat} data-cum={sandwich.cum} data-base-flat={sandwich.baseFlat} data-base-cum={sandwich.baseCum}>
            flat {formatValue(sandwich.baseFlat!, unit)} → {formatValue(sandwich.flat, unit)} · cum {formatValue(sandwich.baseCum, unit)} ({formatPercent(sandwich.baseCum, tab.compared.baseTotal)}) →{' '}
            {formatValue(sandwich.cum, unit)} ({formatPercent(sandwich.cum, tab.compared.targetTotal)})
          </span>
        )}
        <button className="small" onClick={() => update(tab.key, { sandwichFunc: '', sandwich: null, sandwichError: '' })} data-testid="sandwich-choose">
          Choose another function
        </button>
      </div>
      {tab.sandwichError && (
        <div className="error-text sandwich-error" role="alert">
          {tab.sandwichError}{' '}
          <button className="small" onClick={() => update(tab.key, { sandwichError: '' })} data-testid="sandwich-retry">
            Try again
          </button>
        </div>
      )}
      {sandwich && sandwich.cum === 0 && !stale && (
        <div className="muted sandwich-error" data-testid="sandwich-empty">
          No sample through {tab.sandwichFunc} passes the current filters.
        </div>
      )}
      <div className="sandwich-body">
        <div className="sandwich-graphs">
          <SandwichHalf tab={tab} theme={theme} sandwich={sandwich} half="callers" />
          <SandwichHalf tab={tab} theme={theme} sandwich={sandwich} half="callees" />
        </div>
        {sandwich && <PeekTable tab={tab} sandwich={sandwich} />}
      </div>
    </div>
  );
}

const HALF_TITLE: Record<SandwichHalfName, string> = { callers: 'Callers: who calls it', callees: 'Callees: what it calls' };

function SandwichHalf({ tab, theme, sandwich, half }: { tab: Tab; theme: Theme; sandwich: SandwichReply | null; half: SandwichHalfName }) {
  const highlight = useHighlight(tab);
  // In a comparison each half is a diff graph of the two sides' halves.
  const diffColorize = useDiffColorize(tab);
  const compared = tab.comparison !== null;
  const flame = sandwich?.[half].flame ?? null;
  const names = tab.summary!.functionNames;
  const zoom = flame ? layoutZoomPath(flame, names) : [];
  return (
    <section className={`sandwich-half ${half}`} aria-label={HALF_TITLE[half]}>
      <div className="sandwich-half-title">
        <span>{HALF_TITLE[half]}</span>
        {zoom.length > 0 && (
          <>
            <span className="muted" title={zoom.join(' › ')}>
              {' '}
              › {zoom[zoom.length - 1]}
            </span>
            <button className="small" onClick={() => void zoomSandwich(tab.key, half, { path: zoom.slice(0, -1) })} data-testid={`sandwich-${half}-out`}>
              Zoom out
            </button>
            <button className="small" onClick={() => void zoomSandwich(tab.key, half, { path: [] })}>
              Reset zoom
            </button>
          </>
        )}
      </div>
      <FlameGraph
        rects={flame}
        summary={tab.summary!}
        unit={unitOf(tab)}
        total={tab.result?.total ?? 0}
        flipped={half === 'callers'}
        inverted={half === 'callers'}
        theme={theme}
        highlight={highlight}
        busy={tab.busy || tab.sandwichBusy || sandwichStale(tab)}
        label={`${half} of ${tab.sandwichFunc}`}
        testId="sandwich-graph"
        dataset={{ half }}
        onZoom={(path) => void zoomSandwich(tab.key, half, { path })}
        menuFor={(frame) => frameMenuItems(tab, frame, 'Sandwich this function')}
        onSandwich={(name) => openSandwich(tab.key, name)}
        onWidth={setSandwichWidth}
        colorize={compared ? diffColorize : undefined}
        tooltipDetails={compared ? diffTooltipDetails(unitOf(tab)) : undefined}
      />
    </section>
  );
}
