import { useRef, type KeyboardEvent, type PointerEvent } from 'react';
import { clampTableShare } from '../state/local-prefs.js';

/**
 * The draggable line between the graph and the table beside it. `share` is the table's share of
 * the width of the handle's parent; dragging (or the arrow keys) changes it, and `onDone` is told
 * the final share once, when the drag ends, so it is stored once rather than on every move.
 */
export function SplitHandle({ share, onChange, onDone }: { share: number; onChange: (share: number) => void; onDone: (share: number) => void }) {
  const last = useRef(share);
  const shareAt = (event: PointerEvent<HTMLDivElement>) => {
    const area = event.currentTarget.parentElement!.getBoundingClientRect();
    return clampTableShare((area.right - event.clientX) / Math.max(1, area.width));
  };
  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    if (event.button !== 0) return;
    event.preventDefault();
    event.currentTarget.setPointerCapture(event.pointerId);
    last.current = share;
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    if (!event.currentTarget.hasPointerCapture(event.pointerId)) return;
    last.current = shareAt(event);
    onChange(last.current);
  };
  const onPointerUp = (event: PointerEvent<HTMLDivElement>) => {
    if (!event.currentTarget.hasPointerCapture(event.pointerId)) return;
    event.currentTarget.releasePointerCapture(event.pointerId);
    onDone(last.current);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const step = event.key === 'ArrowLeft' ? 0.05 : event.key === 'ArrowRight' ? -0.05 : 0;
    if (step === 0) return;
    event.preventDefault();
    const next = clampTableShare(share + step);
    onChange(next);
    onDone(next);
  };
  return (
    <div
      className="split-handle"
      data-testid="split-handle"
      role="separator"
      aria-orientation="vertical"
      aria-label="Resize the graph and the table (drag, or the arrow keys)"
      aria-valuenow={Math.round((1 - share) * 100)}
      aria-valuemin={15}
      aria-valuemax={85}
      tabIndex={0}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onKeyDown={onKeyDown}
    />
  );
}
