import { useRef, useState, type PointerEvent } from 'react';
import type { TimeSeries } from '../../../shared/remote/remote-api.js';
import { formatValue } from '../../format.js';
import { maxValue, seriesPath } from './pyroscope-pick.js';
import { dragToRange, timeToX, type RangeMs } from './time-range.js';

/** The plot's own coordinates; the SVG stretches them to its box (lines keep their width). */
const W = 1000;
const H = 100;
/** Room above the peak, so a steady series is a line below the top edge, not the edge itself. */
const HEADROOM = 1.15;
/** A band narrower than this (in plot units) is widened so that it stays visible. */
const MIN_BAND = 3;

export interface TimelineBand {
  range: RangeMs;
  /** `selection`: the dragged range; `base` / `target`: the two sides of a comparison. */
  kind: 'selection' | 'base' | 'target';
}

export interface TimelineLine {
  points: TimeSeries['points'];
  kind: 'target' | 'base';
}

function tickLabel(ms: number, spanMs: number): string {
  const options: Intl.DateTimeFormatOptions = spanMs <= 86_400_000 ? { hour: '2-digit', minute: '2-digit' } : { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' };
  return new Date(ms).toLocaleString(undefined, options);
}

/**
 * Totals over time with coloured bands; dragging across it selects a range (a click without a drag
 * clears the selection: `onDrag(null)`). `selected` is what the hooks report as data-from/until.
 */
export function Timeline({
  view,
  lines,
  bands,
  selected,
  unit,
  loading,
  onDrag,
}: {
  view: RangeMs;
  lines: TimelineLine[];
  bands: TimelineBand[];
  selected: RangeMs | null;
  unit: string;
  loading: boolean;
  onDrag: (range: RangeMs | null) => void;
}) {
  const svg = useRef<SVGSVGElement>(null);
  // Pixels from the plot's left edge, and the plot's width in pixels when the drag began.
  const [drag, setDrag] = useState<{ x0: number; x1: number; width: number } | null>(null);
  const max = Math.max(0, ...lines.map((l) => maxValue(l.points)));
  const pointCount = lines.reduce((n, l) => n + l.points.length, 0);

  const pixelX = (event: PointerEvent) => event.clientX - (svg.current?.getBoundingClientRect().left ?? 0);
  const bandRect = (range: RangeMs) => {
    const x0 = Math.max(0, timeToX(range.startMs, W, view));
    const x1 = Math.min(W, timeToX(range.endMs, W, view));
    const width = Math.max(MIN_BAND, x1 - x0);
    return { x: Math.min(x0, W - width), width };
  };

  return (
    <div
      className="timeline"
      data-testid="timeline"
      data-from={selected?.startMs ?? ''}
      data-until={selected?.endMs ?? ''}
      data-view-from={view.startMs}
      data-view-until={view.endMs}
      data-points={pointCount}
      data-loading={loading ? 'true' : 'false'}
    >
      <svg
        ref={svg}
        className="timeline-plot"
        viewBox={`0 0 ${W} ${H}`}
        preserveAspectRatio="none"
        role="img"
        aria-label="Totals over time: drag to select a range"
        onPointerDown={(event) => {
          if (event.button !== 0 || !svg.current) return;
          svg.current.setPointerCapture(event.pointerId);
          const x = pixelX(event);
          setDrag({ x0: x, x1: x, width: svg.current.getBoundingClientRect().width });
        }}
        onPointerMove={(event) => {
          if (drag) setDrag({ ...drag, x1: pixelX(event) });
        }}
        onPointerUp={(event) => {
          if (!drag) return;
          setDrag(null);
          onDrag(dragToRange(drag.x0, pixelX(event), drag.width, view));
        }}
        onPointerCancel={() => setDrag(null)}
      >
        {bands.map((band, i) => (
          <rect key={i} className={`timeline-band ${band.kind}`} y={0} height={H} {...bandRect(band.range)} />
        ))}
        {lines.map((line, i) => (
          <g key={i} className={`timeline-line ${line.kind}`}>
            {i === 0 && <path className="area" d={seriesPath(line.points, W, H, view, { closed: true, max: max * HEADROOM })} />}
            <path className="line" d={seriesPath(line.points, W, H, view, { max: max * HEADROOM })} vectorEffect="non-scaling-stroke" />
          </g>
        ))}
        {drag && drag.width > 0 && (
          <rect
            className="timeline-band dragging"
            y={0}
            height={H}
            x={(Math.max(0, Math.min(drag.x0, drag.x1)) / drag.width) * W}
            width={(Math.min(Math.abs(drag.x1 - drag.x0), drag.width) / drag.width) * W}
          />
        )}
      </svg>
      <div className="timeline-axis muted">
        <span>{tickLabel(view.startMs, view.endMs - view.startMs)}</span>
        <span>{loading ? 'loading…' : pointCount === 0 ? 'no data in this range' : `peak ${formatValue(max, unit)} · drag to select`}</span>
        <span>{tickLabel(view.endMs, view.endMs - view.startMs)}</span>
      </div>
    </div>
  );
}
