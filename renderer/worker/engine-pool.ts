import { EngineClient } from './engine-client.js';

/**
 * Each tab has a worker of its own, so that a stuck request can be ended (by ending its worker)
 * without touching the other tabs' profiles. A new worker is slow on its first big decode until
 * V8 has optimized the decoder, so one warmed spare waits for the next open.
 */
let spare: EngineClient | null = null;

function newSpare(): EngineClient {
  const engine = new EngineClient();
  engine.warmUp();
  return engine;
}

/** Starts (once) the spare that the first open will take; resolves when it is warm. */
export function warmSpare(): Promise<number> {
  spare ??= newSpare();
  return spare.warm;
}

/** The warmed spare if there is one, else a fresh worker (several files opened at once). */
export function takeEngine(): EngineClient {
  const engine = spare ?? new EngineClient();
  spare = null;
  return engine;
}

/**
 * Warming a spare takes about half a second of CPU. Started right after an open, it shared this
 * 2-core machine with the user's first filters on the new tab and slowed them by a third
 * (`npm run bench`: 316 → 420 ms for a tag filter on the large profile); so it waits until no
 * engine has had work for a while.
 */
const SPARE_AFTER_IDLE_MS = 2_000;
let spareTimer: ReturnType<typeof setTimeout> | undefined;

/** Warms the next spare up once every engine has been idle for a while (see above). */
export function replenishSpare(anyEngineBusy: () => boolean): void {
  clearTimeout(spareTimer);
  spareTimer = setTimeout(() => {
    if (spare) return;
    if (anyEngineBusy()) replenishSpare(anyEngineBusy);
    else spare = newSpare();
  }, SPARE_AFTER_IDLE_MS);
}
