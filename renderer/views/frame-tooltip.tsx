import { useLayoutEffect, useRef } from 'react';
import { placeTooltip, type TooltipAnchor } from '../flame/tooltip-place.js';
import { formatPercent, formatValue } from '../format.js';
import type { FlameRects, ProfileSummary } from '../worker/protocol.js';

interface Props {
  summary: ProfileSummary;
  unit: string;
  /** The total that shares are of. */
  total: number;
  rects: FlameRects;
  /** What a frame's parent is: its caller, or in a callers graph the function it calls. */
  parentIs: string;
  /** Figures that replace total/self/parent (a diff graph's). */
  details?: React.ReactNode;
  index: number;
  /** What it points at, in window coordinates. */
  anchor: TooltipAnchor;
}

export function FrameTooltip({ summary, unit, total, rects, parentIs, details, index, anchor }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  // Placed once its size is known (its text varies), before the browser paints it.
  useLayoutEffect(() => {
    const tip = ref.current!;
    const root = document.documentElement;
    const { left, top } = placeTooltip(anchor, { width: tip.offsetWidth, height: tip.offsetHeight }, { width: root.clientWidth, height: root.clientHeight });
    tip.style.left = `${left}px`;
    tip.style.top = `${top}px`;
  });
  const func = rects.func[index];
  const name = func >= 0 ? summary.functionNames[func] : 'all samples';
  const file = func >= 0 ? summary.functionFiles[func] : '';
  const line = func >= 0 ? summary.functionStartLines[func] : 0;
  return (
    <div className="tooltip" role="tooltip" data-testid="tooltip" ref={ref}>
      <div className="tooltip-name">{name}</div>
      {file && <div className="tooltip-file">{line ? `${file}:${line}` : file}</div>}
      {details ?? (
      <table>
        <tbody>
          <tr>
            <th>total</th>
            <td>{formatValue(rects.total[index], unit)}</td>
            <td>{formatPercent(rects.total[index], total)} of all</td>
          </tr>
          <tr>
            <th>self</th>
            <td>{formatValue(rects.self[index], unit)}</td>
            <td>{formatPercent(rects.self[index], total)} of all</td>
          </tr>
          <tr>
            <th>parent</th>
            <td colSpan={2}>
              {formatPercent(rects.total[index], rects.parentTotal[index])} of {parentIs}
            </td>
          </tr>
        </tbody>
      </table>
      )}
    </div>
  );
}
