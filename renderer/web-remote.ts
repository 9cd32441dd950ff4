/**
 * RemoteHost in web mode: each request is one POST to `flamedeck serve`'s /api/remote, whose
 * answer streams frames (shared/remote/remote-frames.ts): progress, then the profile's bytes or
 * the JSON answer, or the host's one-sentence failure. The page itself never reaches a remote
 * server (CSP connect-src 'self').
 */
import { FrameDecoder, FrameError } from '../shared/remote/remote-frames.js';
import { RemoteHostError, type FetchProgress, type RemoteQueryAnswer, type RemoteRequest } from '../shared/remote/remote-api.js';
import type { RemoteHost } from './host.js';

/** Sends a request's JSON to /api/remote (with the page's token). */
type PostRemote = (body: string, signal?: AbortSignal) => Promise<Response>;

type Outcome = { kind: 'bytes'; blob: Blob } | { kind: 'json'; value: unknown };

function abortError(): DOMException {
  return new DOMException('The remote request was cancelled.', 'AbortError');
}

async function call(post: PostRemote, request: RemoteRequest, signal?: AbortSignal, onProgress?: (progress: FetchProgress) => void): Promise<Outcome> {
  if (signal?.aborted) throw abortError();
  let response: Response;
  try {
    response = await post(JSON.stringify(request), signal);
  } catch {
    if (signal?.aborted) throw abortError();
    throw new RemoteHostError("Flamedeck's local server could not be reached (is flamedeck serve still running?).", 'network');
  }
  if (!response.ok || !response.body) {
    const text = (await response.text().catch(() => '')).split('\n', 1)[0].slice(0, 200);
    throw new RemoteHostError(`Flamedeck's local server refused the request (HTTP ${response.status}${text ? `: ${text}` : ''}).`, 'internal');
  }
  const reader = response.body.getReader();
  const decoder = new FrameDecoder();
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        decoder.finish();
        throw new FrameError("the connection to Flamedeck's local server was cut before the answer was complete");
      }
      for (const frame of decoder.push(value)) {
        switch (frame.type) {
          case 'progress':
            onProgress?.(frame.progress);
            break;
          case 'data':
            chunks.push(frame.bytes as Uint8Array<ArrayBuffer>);
            break;
          case 'end': {
            const blob = new Blob(chunks);
            if (blob.size !== frame.size) throw new FrameError(`the profile arrived with ${blob.size} of its ${frame.size} bytes`);
            return { kind: 'bytes', blob };
          }
          case 'json':
            return { kind: 'json', value: frame.value };
          case 'error':
            throw new RemoteHostError(frame.failure.message, frame.failure.kind);
        }
      }
    }
  } catch (error) {
    if (signal?.aborted) throw abortError();
    if (error instanceof RemoteHostError) throw error;
    const message = error instanceof FrameError ? error.message : "the connection to Flamedeck's local server failed";
    throw new RemoteHostError(`${message[0].toUpperCase()}${message.slice(1)}.`, 'network');
  } finally {
    reader.cancel().catch(() => undefined);
  }
}

export function webRemoteHost(post: PostRemote): RemoteHost {
  return {
    async fetchProfile(request, { signal, onProgress }) {
      const outcome = await call(post, request, signal, onProgress);
      if (outcome.kind !== 'bytes') throw new RemoteHostError("Flamedeck's local server answered a profile fetch with something else.", 'internal');
      return outcome.blob;
    },
    async query<R extends Parameters<RemoteHost['query']>[0]>(request: R, signal?: AbortSignal) {
      const outcome = await call(post, request, signal);
      if (outcome.kind !== 'json') throw new RemoteHostError("Flamedeck's local server answered a query with a profile.", 'internal');
      return outcome.value as RemoteQueryAnswer<R>;
    },
  };
}
