import { useCallback, useState } from 'react';
import type { Theme } from '../../shared/render/frame-colors.js';
import { diffColors, diffDeltas, legendColors, strongestChange } from '../../shared/render/diff-colors.js';
import { formatPercent, formatValue } from '../format.js';
import { refresh, zoomTo } from '../state/actions.js';
import { setGraphWidth } from '../state/sessions.js';
import { unitOf, useStore, type Tab } from '../state/store.js';
import type { FlameRects } from '../worker/protocol.js';
import { FlameGraph } from './flame-graph.js';
import { frameMenuItems, markFirstPaint, useHighlight } from './graph-wiring.js';
import { imageHeader } from '../export/image-header.js';

/** A change with its sign, the minus a true minus as in a share column. */
export const signed = (value: number, unit: string) => (value > 0 ? `+${formatValue(value, unit)}` : value < 0 ? `−${formatValue(-value, unit)}` : formatValue(0, unit));
/** The change as a share of the base's value; a path the base lacks is new, one the target lacks removed. */
const change = (base: number, target: number) =>
  base === 0 ? (target === 0 ? '0%' : 'new') : target === 0 ? 'removed' : `${target >= base ? '+' : '−'}${formatPercent(Math.abs(target - base), Math.abs(base))}`;

/** The diff graph's settings: colour by share or value, size by target, base or both, the palette; and its legend. */
function DiffControls({ tab }: { tab: Tab }) {
  const update = useStore((s) => s.update);
  const legend = legendColors(tab.colorBlind);
  const rects = tab.flame;
  const strongest = rects?.compare ? strongestChange(rects, diffDeltas(rects, tab.diffColor, rects.compare.baseTotal[0], rects.compare.targetTotal[0])) : 0;
  const scale = tab.diffColor === 'absolute' ? formatValue(strongest, unitOf(tab)) : `${(strongest * 100).toFixed(2)} points of share`;
  return (
    <div className="diff-controls" data-testid="diff-controls">
      <label>
        <span className="label">Colour</span>
        <select value={tab.diffColor} data-testid="diff-color" onChange={(e) => update(tab.key, { diffColor: e.target.value as Tab['diffColor'] })}>
          <option value="normalized">change in share of total</option>
          <option value="absolute">change in value</option>
        </select>
      </label>
      <label>
        <span className="label">Width</span>
        <select
          value={tab.diffWidth}
          data-testid="diff-width"
          onChange={(e) => {
            update(tab.key, { diffWidth: e.target.value as Tab['diffWidth'] });
            void refresh(tab.key);
          }}
        >
          <option value="target">target</option>
          <option value="base">base</option>
          <option value="both">both (removed paths stay visible)</option>
        </select>
      </label>
      <label className="check">
        <input type="checkbox" checked={tab.colorBlind} data-testid="diff-colorblind" onChange={(e) => update(tab.key, { colorBlind: e.target.checked })} />
        colour-blind palette
      </label>
      <span className="diff-legend" data-testid="diff-legend">
        <span className="swatch" style={{ background: legend.shrank }} /> shrank
        <span className="swatch grey" /> unchanged
        <span className="swatch" style={{ background: legend.grew }} /> grew
        <span className="muted" data-testid="diff-scale">
          {' '}
          (full colour at ±{scale}) in {tab.comparison!.targetName} against {tab.comparison!.baseName}
        </span>
      </span>
    </div>
  );
}

/** The colours of a diff graph: the tab's colour mode and palette (memoized for the graph). */
export function useDiffColorize(tab: Tab) {
  const { diffColor, colorBlind } = tab;
  return useCallback(
    (rects: FlameRects, th: Theme, hl: Uint8Array | null) => diffColors(rects, diffDeltas(rects, diffColor, rects.compare!.baseTotal[0], rects.compare!.targetTotal[0]), th, colorBlind, hl),
    [diffColor, colorBlind],
  );
}

/** A diff graph's tooltip figures: base, target and delta for total and self, and the shares. */
export function diffTooltipDetails(unit: string) {
  return function DiffDetails(rects: FlameRects, i: number) {
    const c = rects.compare!;
    const status = c.baseTotal[i] === 0 && c.targetTotal[i] !== 0 ? 'new in the target' : c.targetTotal[i] === 0 && c.baseTotal[i] !== 0 ? 'removed in the target' : '';
    return (
      <table data-testid="diff-tooltip">
        <tbody>
          {status && (
            <tr>
              <td colSpan={4} className="diff-status">
                {status}
              </td>
            </tr>
          )}
          <tr>
            <th />
            <th>base</th>
            <th>target</th>
            <th>delta</th>
          </tr>
          <tr>
            <th>total</th>
            <td>{formatValue(c.baseTotal[i], unit)}</td>
            <td>{formatValue(c.targetTotal[i], unit)}</td>
            <td>
              {signed(c.targetTotal[i] - c.baseTotal[i], unit)} ({change(c.baseTotal[i], c.targetTotal[i])})
            </td>
          </tr>
          <tr>
            <th>self</th>
            <td>{formatValue(c.baseSelf[i], unit)}</td>
            <td>{formatValue(c.targetSelf[i], unit)}</td>
            <td>
              {signed(c.targetSelf[i] - c.baseSelf[i], unit)} ({change(c.baseSelf[i], c.targetSelf[i])})
            </td>
          </tr>
          <tr>
            <th>share</th>
            <td>{formatPercent(c.baseTotal[i], c.baseTotal[0])}</td>
            <td>{formatPercent(c.targetTotal[i], c.targetTotal[0])}</td>
            <td>{((c.targetTotal[i] / (c.targetTotal[0] || 1) - c.baseTotal[i] / (c.baseTotal[0] || 1)) * 100).toFixed(2)} points</td>
          </tr>
        </tbody>
      </table>
    );
  };
}

/** One graph of both profiles: nodes by call path of names, coloured by what changed. */
export function DiffView({ tab, theme, flipped }: { tab: Tab; theme: Theme; flipped: boolean }) {
  const highlight = useHighlight(tab);
  const unit = unitOf(tab);
  const compared = tab.compared!;
  const colorize = useDiffColorize(tab);
  const details = diffTooltipDetails(unit);
  return (
    <div className="compare-view">
      <DiffControls tab={tab} />
      <FlameGraph
        rects={tab.flame}
        summary={tab.summary!}
        unit={unit}
        total={compared.targetTotal}
        flipped={flipped}
        fitShort
        theme={theme}
        highlight={highlight}
        busy={tab.busy}
        label={tab.name}
        dataset={{ mode: 'diff', 'color-mode': tab.diffColor, width: tab.diffWidth }}
        onZoom={(path) => void zoomTo(tab.key, { path })}
        menuFor={(frame) => frameMenuItems(tab, frame)}
        onWidth={setGraphWidth}
        onDrawn={() => markFirstPaint(tab)}
        colorize={colorize}
        tooltipDetails={details}
        image={{ header: [...imageHeader(tab), `coloured by ${tab.diffColor === 'absolute' ? 'change in value' : 'change in share'}`] }}
      />
    </div>
  );
}

/** Base left, target right, each with its own totals, zoomed and filtered together. */
export function SideBySide({ tab, theme }: { tab: Tab; theme: Theme }) {
  const highlight = useHighlight(tab);
  // The call path under the mouse on one side lights up on the other.
  const [hovered, setHovered] = useState<{ side: 'base' | 'target'; path: Int32Array } | null>(null);
  const compared = tab.compared!;
  const unit = unitOf(tab);
  const side = (which: 'base' | 'target') => {
    const flame = compared[which].flame;
    const name = which === 'base' ? tab.comparison!.baseName : tab.comparison!.targetName;
    const total = which === 'base' ? compared.baseTotal : compared.targetTotal;
    return (
      <section className="sbs-side" key={which} aria-label={`${which}: ${name}`}>
        <div className="sbs-title">
          <strong>{which}</strong> <span className="muted">{name}</span> · {formatValue(flame.total[0] ?? 0, unit)}
          {!flame.zoomFound && (
            <span className="stopped-text" data-testid={`zoom-missing-${which}`}>
              {' '}
              {tab.zoom[tab.zoom.length - 1]} is not on this side
            </span>
          )}
        </div>
        <FlameGraph
          rects={flame}
          summary={tab.summary!}
          unit={unit}
          total={total}
          flipped={true}
          theme={theme}
          highlight={highlight}
          busy={tab.busy}
          label={name}
          dataset={{ side: which }}
          onHoverPath={(path) => setHovered(path ? { side: which, path } : null)}
          linkedPath={hovered && hovered.side !== which ? hovered.path : null}
          onZoom={(path) => void zoomTo(tab.key, { path })}
          menuFor={(frame) => frameMenuItems(tab, frame)}
          onWidth={(px) => setGraphWidth(px * 2)}
        />
      </section>
    );
  };
  return <div className="sbs">{[side('base'), side('target')]}</div>;
}
