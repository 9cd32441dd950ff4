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

/** Warms the next spare up; called once an open is done, so the two do not share the CPU. */
export function replenishSpare(): void {
  spare ??= newSpare();
}
