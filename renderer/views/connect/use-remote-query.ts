import { useEffect, useState } from 'react';
import type { RemoteHost } from '../../host.js';
import type { RemoteQueryAnswer, RemoteQueryRequest } from '../../../shared/remote/remote-api.js';

export interface QueryState<T> {
  value?: T;
  /** The host's one sentence (RemoteHostError.message). */
  error?: string;
  loading: boolean;
}

/** The one sentence a failure shows; '' for a cancelled request, which is not an error. */
export function failureMessage(error: unknown): string {
  if (error instanceof Error) return error.name === 'AbortError' ? '' : error.message;
  return String(error);
}

/**
 * Runs a host query while `request` stays the same (compared by value) and answers its state. A new
 * request, null, or unmounting aborts the one in flight: a cancelled query shows no error. A new
 * `attempt` asks the same again (a second click on List or Test).
 */
export function useRemoteQuery<R extends RemoteQueryRequest>(
  remote: RemoteHost,
  request: R | null,
  { attempt = 0, keepStale = false }: { attempt?: number; keepStale?: boolean } = {},
): QueryState<RemoteQueryAnswer<R>> {
  const key = request ? JSON.stringify([attempt, request]) : '';
  const [result, setResult] = useState<{ key: string; value?: RemoteQueryAnswer<R>; error?: string }>({ key: '' });
  useEffect(() => {
    if (!key) return;
    const controller = new AbortController();
    remote.query((JSON.parse(key) as [number, R])[1], controller.signal).then(
      (value) => {
        if (!controller.signal.aborted) setResult({ key, value });
      },
      (error: unknown) => {
        // Cancelled by someone else (the host closing): no answer and no error.
        if (!controller.signal.aborted) setResult({ key, error: failureMessage(error) || undefined });
      },
    );
    return () => controller.abort();
  }, [remote, key]);
  if (!key) return { loading: false };
  // With keepStale the last answer stays up while the next one loads (a timeline does not blink).
  if (result.key !== key) return { loading: true, value: keepStale ? result.value : undefined };
  return { value: result.value, error: result.error, loading: false };
}
