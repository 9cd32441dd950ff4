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
    numbers && ['x', 'y', 'width', 'height'].every((k) => typeof numbers[k] === 'number' && Number.isFinite(numbers[k] as number));
  return { bounds: valid ? (numbers as unknown as Rectangle) : null, maximized: maximized === true };
}

export function windowStateStore(userData: string): JsonStore<WindowState> {
  return new JsonStore(join(userData, 'window-state.json'), () => ({ bounds: null, maximized: false }), validateWindowState);
}

/** The saved bounds if they still fall on a display (a monitor may have been unplugged). */
export function restorableBounds(state: WindowState, workAreas: Rectangle[]): Rectangle | null {
  const b = state.bounds;
  if (!b || b.width < 400 || b.height < 300) return null;
  const visible = workAreas.some((a) => b.x < a.x + a.width - 50 && b.x + b.width > a.x + 50 && b.y >= a.y - 10 && b.y < a.y + a.height - 50);
  return visible || workAreas.length === 0 ? b : null;
}
