/** The source URL a Go service's endpoint opens as: `profile` records for `?seconds=N`. */
import type { GoEndpoint } from '../../../shared/remote/remote-api.js';

export const DEFAULT_CAPTURE_SECONDS = 30;
/** pprof's own limit is none, but an hour is past any capture one waits for in a dialog. */
const MAX_CAPTURE_SECONDS = 3600;

/** The capture time typed in the duration field, or its one sentence. */
export function parseCaptureSeconds(text: string): number {
  const value = text.trim();
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > MAX_CAPTURE_SECONDS) {
    throw new Error(`The duration must be a whole number of seconds from 1 to ${MAX_CAPTURE_SECONDS}.`);
  }
  return Number(value);
}

export function goSourceUrl(endpoint: GoEndpoint, seconds: number): string {
  if (!endpoint.timed) return endpoint.url;
  const url = new URL(endpoint.url);
  url.searchParams.set('seconds', String(seconds));
  return url.toString();
}
