/** A box in window (client) coordinates, CSS px. */
interface ClientBox {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** What the tooltip points at: the mouse pointer, or the frame chosen with the keyboard. */
export type TooltipAnchor = { kind: 'pointer'; x: number; y: number } | { kind: 'frame'; box: ClientBox };

/** Room kept between the tooltip and the window's edges. */
const MARGIN = 4;
/** Distance from the pointer, so the tooltip does not sit under the cursor. */
const POINTER_GAP_X = 14;
const POINTER_GAP_Y = 16;
/** Distance from a chosen frame's outline. */
const FRAME_GAP = 4;

/**
 * Where a tooltip of this size goes: below its anchor if it fits, above if that fits, else on the
 * side with more room; to the right of a pointer (left of it near the right edge) or under a
 * frame's left end. Always inside the window, whatever the anchor (a flame graph's root row sits
 * on the window's bottom edge, an icicle's deep rows too).
 */
export function placeTooltip(anchor: TooltipAnchor, size: { width: number; height: number }, window: { width: number; height: number }): { left: number; top: number } {
  const box = anchor.kind === 'pointer' ? { left: anchor.x, right: anchor.x, top: anchor.y, bottom: anchor.y } : anchor.box;
  const gapY = anchor.kind === 'pointer' ? POINTER_GAP_Y : FRAME_GAP;
  const below = box.bottom + gapY;
  const above = box.top - gapY - size.height;
  let top: number;
  if (below + size.height <= window.height - MARGIN) top = below;
  else if (above >= MARGIN) top = above;
  else top = window.height - box.bottom > box.top ? below : above;

  let left = anchor.kind === 'pointer' ? box.left + POINTER_GAP_X : Math.max(box.left, MARGIN);
  if (left + size.width > window.width - MARGIN) {
    left = anchor.kind === 'pointer' ? box.left - POINTER_GAP_X - size.width : window.width - MARGIN - size.width;
  }
  return { left: clamp(left, MARGIN, window.width - MARGIN - size.width), top: clamp(top, MARGIN, window.height - MARGIN - size.height) };
}

/** Within [low, high]; low wins when the window is smaller than the tooltip. */
function clamp(value: number, low: number, high: number): number {
  return Math.max(low, Math.min(value, high));
}
