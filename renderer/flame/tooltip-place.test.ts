import { describe, expect, it } from 'vitest';
import { placeTooltip } from './tooltip-place.js';

const window = { width: 800, height: 600 };
const size = { width: 300, height: 100 };

describe('placeTooltip', () => {
  it('goes below and right of the pointer when there is room', () => {
    expect(placeTooltip({ kind: 'pointer', x: 100, y: 100 }, size, window)).toEqual({ left: 114, top: 116 });
  });

  it('opens upwards at the bottom edge (a flame graph root row) and leftwards at the right edge', () => {
    expect(placeTooltip({ kind: 'pointer', x: 790, y: 591 }, size, window)).toEqual({ left: 790 - 14 - 300, top: 591 - 16 - 100 });
  });

  it('sits under a chosen frame, or over it when the frame is at the bottom, aligned with its left end', () => {
    expect(placeTooltip({ kind: 'frame', box: { left: 200, right: 400, top: 100, bottom: 117 } }, size, window)).toEqual({ left: 200, top: 121 });
    expect(placeTooltip({ kind: 'frame', box: { left: -50, right: 900, top: 580, bottom: 597 } }, size, window)).toEqual({ left: 4, top: 476 });
  });

  it('stays inside a window smaller than the room it would need on either side', () => {
    const place = placeTooltip({ kind: 'pointer', x: 400, y: 60 }, size, { width: 800, height: 150 });
    expect(place.top).toBeGreaterThanOrEqual(4);
    expect(place.top + size.height).toBeLessThanOrEqual(146);
  });
});
