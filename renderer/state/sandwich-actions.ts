import { layoutZoomPath } from '../flame/zoom-names.js';
import { EngineError, isStopped } from '../worker/engine-errors.js';
import type { ZoomTarget } from '../worker/protocol.js';
import { engineOf, failed, messageOf, sandwichWidth, tabOf, update } from './sessions.js';
import type { Tab } from './store.js';

/** Shows the sandwich of `name` (the view, the URL's `sw`); the worker cuts it from the current tree. */
export function openSandwich(key: number, name: string): void {
  update(key, (tab) => ({ view: 'sandwich', sandwichFunc: name, sandwichError: '', selectedFunc: -1, sandwich: tab.sandwich?.name === name ? tab.sandwich : null }));
}

/** Whether the tab's sandwich is missing or was cut from an older tree or for another function. */
export function sandwichStale(tab: Tab): boolean {
  return tab.sandwichFunc !== '' && !!tab.result && (tab.sandwich === null || tab.sandwich.from !== tab.result.tree || tab.sandwich.name !== tab.sandwichFunc);
}

/** The sandwich request out per tab (tree and function), so a re-render does not send it twice. */
const sandwichInFlight = new Map<number, string>();

/** Asks the worker for the sandwich of the tab's function; the halves keep their zoom when it stays. */
export async function loadSandwich(key: number): Promise<void> {
  const tab = tabOf(key);
  const engine = engineOf(key);
  if (!tab?.summary || !tab.result || !engine || !tab.sandwichFunc) return;
  const { tree } = tab.result;
  const func = tab.sandwichFunc;
  const request = `${tree}\n${func}`;
  if (sandwichInFlight.get(key) === request) return;
  sandwichInFlight.set(key, request);
  const names = tab.summary.functionNames;
  const kept = tab.sandwich?.name === func ? tab.sandwich : null;
  update(key, { sandwichBusy: true });
  try {
    const sandwich = await engine.sandwich({
      tree,
      func,
      order: tab.order,
      widthPx: sandwichWidth(),
      callersZoom: kept ? layoutZoomPath(kept.callers.flame, names) : [],
      calleesZoom: kept ? layoutZoomPath(kept.callees.flame, names) : [],
    });
    const now = tabOf(key);
    // A search answer replaces the result object but not its tree: the sandwich still holds.
    if (now?.result?.tree === tree && now.sandwichFunc === func) update(key, { sandwich, sandwichError: '' });
  } catch (error) {
    if (isStopped(error) || (error instanceof EngineError && error.code === 'superseded')) return;
    update(key, { sandwichError: messageOf(error) });
  } finally {
    if (sandwichInFlight.get(key) === request) sandwichInFlight.delete(key);
    if (!sandwichInFlight.has(key)) update(key, { sandwichBusy: false });
  }
}

export type SandwichHalfName = 'callers' | 'callees';

/** Zooms one half of the sandwich (its own tree; no re-query). */
export async function zoomSandwich(key: number, half: SandwichHalfName, target: ZoomTarget): Promise<void> {
  const tab = tabOf(key);
  const engine = engineOf(key);
  const sandwich = tab?.sandwich;
  if (!sandwich || !engine) return;
  try {
    const flame = await engine.layout(sandwich[half].tree, target, sandwichWidth());
    update(key, (t): Partial<Tab> => (t.sandwich === sandwich ? { sandwich: { ...sandwich, [half]: { ...sandwich[half], flame } } } : {}));
  } catch (error) {
    failed(key, error);
  }
}

/** Esc/Backspace in the sandwich: zooms the callees half out one level, else the callers half. */
export function zoomOutSandwich(key: number): void {
  const tab = tabOf(key);
  const sandwich = tab?.sandwich;
  if (!tab?.summary || !sandwich) return;
  for (const half of ['callees', 'callers'] as const) {
    const path = layoutZoomPath(sandwich[half].flame, tab.summary.functionNames);
    if (path.length > 0) {
      void zoomSandwich(key, half, { path: path.slice(0, -1) });
      return;
    }
  }
}

