import { join } from 'node:path';
import type { Rectangle } from './electron-api.js';
import { JsonStore } from './json-store.js';

export interface WindowState {
  bounds: Rectangle | null;
  maximized: boolean;
}

function validateWindowState(raw: unknown): WindowState {
  if (typeof raw !== 'object' || raw === null) throw new Error('not a window state');
  const { bounds, maximized } = raw as Record<string, unknown>;
  const numbers = bounds && typeof bounds === 'object' ? (bounds as Record<string, unknown>) : null;
  const valid =
    numbers && ['x', 'y', 'width', 'height'].every((k) => typeof numbers[k] === 'number' && Number.isFinite(numbers[k]));
  return { bounds: valid ? (numbers as unknown as Rectangle) : null, maximized: maximized === true };
}

export function windowStateStore(userData: string): JsonStore<WindowState> {
  return new JsonStore(join(userData, 'window-state.json'), () => ({ bounds: null, maximized: false }), validateWindowState);
}

export const DEFAULT_WINDOW_SIZE = { width: 1400, height: 900 };
export const MIN_WINDOW_SIZE = { width: 640, height: 420 };
/** Pixels: no arrangement of screens reaches this far; a larger number comes from a corrupt file. */
const FARTHEST = 100_000;

function isSane(b: Rectangle | null): b is Rectangle {
  if (!b) return false;
  const coordinates = [b.x, b.y, b.width, b.height];
  return coordinates.every((v) => Number.isFinite(v) && Math.abs(v) <= FARTHEST) && b.width > 0 && b.height > 0;
}

function overlap(a: Rectangle, b: Rectangle): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return width > 0 && height > 0 ? width * height : 0;
}

const clamp = (value: number, low: number, high: number) => Math.min(Math.max(value, low), high);

/**
 * Where a window opens, given its saved bounds and the screens' work areas (primary first): on the
 * screen it overlaps most, or the primary one when its screen is gone; no larger than that screen
 * and wholly on it. Absurd saved bounds (negative or zero size, beyond any screen, too small to
 * use) are dropped for the default size, centred. Null (Electron's default placement) only when
 * no screen is known.
 */
export function placeWindow(saved: Rectangle | null, workAreas: Rectangle[]): Rectangle | null {
  const usable = saved && isSane(saved) && saved.width >= MIN_WINDOW_SIZE.width / 2 && saved.height >= MIN_WINDOW_SIZE.height / 2 ? saved : null;
  const areas = workAreas.filter(isSane);
  if (areas.length === 0) return usable;
  const wanted = usable ?? { x: 0, y: 0, ...DEFAULT_WINDOW_SIZE };
  const best = usable ? areas.reduce((a, b) => (overlap(b, usable) > overlap(a, usable) ? b : a)) : areas[0];
  const area = usable && overlap(best, usable) > 0 ? best : areas[0];
  const width = clamp(Math.round(wanted.width), Math.min(MIN_WINDOW_SIZE.width, area.width), area.width);
  const height = clamp(Math.round(wanted.height), Math.min(MIN_WINDOW_SIZE.height, area.height), area.height);
  const x = usable ? Math.round(wanted.x) : area.x + Math.floor((area.width - width) / 2);
  const y = usable ? Math.round(wanted.y) : area.y + Math.floor((area.height - height) / 2);
  return { x: clamp(x, area.x, area.x + area.width - width), y: clamp(y, area.y, area.y + area.height - height), width, height };
}
