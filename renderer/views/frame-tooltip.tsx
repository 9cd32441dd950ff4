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
  x: number;
  y: number;
  width: number;
  height: number;
}

export function FrameTooltip({ summary, unit, total, rects, parentIs, details, index, x, y, width, height }: Props) {
  const func = rects.func[index];
  const name = func >= 0 ? summary.functionNames[func] : 'all samples';
  const file = func >= 0 ? summary.functionFiles[func] : '';
  const line = func >= 0 ? summary.functionStartLines[func] : 0;
  const left = Math.min(x + 14, Math.max(0, width - 380));
  // Near the bottom edge (a flame graph's root rows) the tooltip opens upwards.
  const place = y > height - 160 ? { bottom: height - y + 12 } : { top: y + 16 };
  return (
    <div className="tooltip" role="tooltip" data-testid="tooltip" style={{ left, ...place }}>
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
