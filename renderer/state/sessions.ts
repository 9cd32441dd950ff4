import type { EngineClient } from '../worker/engine-client.js';
import { EngineError, isStopped } from '../worker/engine-errors.js';
import { useStore } from './store.js';

/**
 * What the actions share: each tab's engine and files, the store's tab by key, and the graph
 * widths layouts are made for.
 */

/** A tab's engine: its own worker, and the file's bytes to load again after a stop (both files for a comparison). */
export interface Session {
  engine: EngineClient | null;
  source: Blob;
  compare?: { base: { name: string; source: Blob }; target: { name: string; source: Blob } };
}
export const sessions = new Map<number, Session>();
/** A remote tab's fetch in flight (first open or Refresh): Cancel, Esc and closing the tab abort it. */
export const remoteFetches = new Map<number, AbortController>();
export const anyEngineBusy = () => [...sessions.values()].some((session) => session.engine?.busy === true);

// Until the graph has measured itself, the window's width is the best guess (the graph spans it).
let graphWidthPx = Math.round((globalThis.innerWidth || 1200) * (globalThis.devicePixelRatio || 1));
/** Width in device pixels the flame graph draws at; the layout's sub-pixel merge uses it. */
export const graphWidth = () => graphWidthPx;
export function setGraphWidth(px: number): void {
  graphWidthPx = Math.max(100, Math.round(px));
}

/** The same for the sandwich's halves, which share the width with the peek table. */
let sandwichWidthPx = graphWidthPx;
export const sandwichWidth = () => sandwichWidthPx;
export function setSandwichWidth(px: number): void {
  sandwichWidthPx = Math.max(100, Math.round(px));
}

export const tabOf = (key: number) => useStore.getState().tabs.find((t) => t.key === key);
export const update: ReturnType<typeof useStore.getState>['update'] = (key, patch) => useStore.getState().update(key, patch);

/** The tab's engine for a follow-up request, or null when the tab has none working. */
export function engineOf(key: number): EngineClient | null {
  return sessions.get(key)?.engine ?? null;
}

export const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** A stop (already said) or a request a newer one replaced: no error for the tab. */
const nothingToShow = (error: unknown) => isStopped(error) || (error instanceof EngineError && error.code === 'superseded');

/** A request that failed for a reason the tab should show (not a stop, not a newer query). */
export function failed(key: number, error: unknown): void {
  if (nothingToShow(error)) return;
  update(key, { busy: false, queryError: messageOf(error) });
}

/**
 * A query that failed: the graph on screen stays, and so does the state it was computed for, so
 * the toolbar, the filter chips, the total's unit and the hash all describe what is shown.
 */
export function queryFailed(key: number, error: unknown): void {
  if (nothingToShow(error)) return;
  update(key, (tab) => ({ ...tab.applied, busy: false, queryError: messageOf(error) }));
}
