import type { IncomingMessage, ServerResponse } from 'node:http';
import { encodeFrame } from '../shared/remote/remote-frames.js';
import { answerRemote, parseRemoteRequest, RemoteServiceError, type RemoteServiceDeps } from '../shared/remote/remote-service.js';
import type { FetchProgress, RemoteFailure, RemoteRequest } from '../shared/remote/remote-api.js';
import { SECURITY_HEADERS, sendText } from './web-files.js';

/** A request is a few fields and URLs: anything near this is not one. */
const MAX_REMOTE_BODY = 64 * 1024;
/** While a CPU profile records, nothing else is sent: a repeat of the last progress keeps the idle timeout away. */
const HEARTBEAT_MS = 15_000;

/** A client error before the answer starts: one line, and the connection closed (the body may be unread). */
function reject(request: IncomingMessage, response: ServerResponse, status: number, line: string): void {
  response.once('finish', () => request.destroy());
  sendText(response, status, line, { Connection: 'close' });
}

/** The body, or null when it grows past `max` (a lying or missing Content-Length included). */
async function readBody(request: IncomingMessage, max: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > max) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * POST /api/remote (the token and the Host are checked before): one remote-api.ts request as
 * JSON, answered 200 with a stream of frames (shared/remote/remote-frames.ts) — progress, then the
 * bytes or the JSON, or a failure — so that failures of the remote side are the page's to show,
 * and 4xx are only for requests that are not ours. When the page goes away (its Cancel aborts the
 * fetch), the upstream request is aborted too.
 */
export async function handleRemoteRoute(request: IncomingMessage, response: ServerResponse, deps: RemoteServiceDeps): Promise<void> {
  if (!/^application\/json\s*(;|$)/i.test(request.headers['content-type'] ?? '')) return reject(request, response, 415, 'the body must be application/json');
  const declared = request.headers['content-length'];
  if (declared !== undefined && Number(declared) > MAX_REMOTE_BODY) return reject(request, response, 413, 'the request is too large');
  const body = await readBody(request, MAX_REMOTE_BODY);
  if (body === null) return reject(request, response, 413, 'the request is too large');
  let parsed: RemoteRequest;
  try {
    parsed = parseRemoteRequest(JSON.parse(body.toString('utf8')));
  } catch (error) {
    return sendText(response, 400, error instanceof RemoteServiceError ? error.failure.message : 'the body is not JSON');
  }
  await streamAnswer(parsed, response, deps);
}

async function streamAnswer(parsed: RemoteRequest, response: ServerResponse, deps: RemoteServiceDeps): Promise<void> {
  const controller = new AbortController();
  response.on('close', () => {
    if (!response.writableFinished) controller.abort();
  });
  response.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Cache-Control': 'no-store', ...SECURITY_HEADERS });
  response.flushHeaders();

  const send = async (frame: Uint8Array): Promise<void> => {
    if (response.destroyed || controller.signal.aborted) return;
    if (!response.write(frame)) await new Promise<void>((resolve) => {
      const done = () => {
        response.off('drain', done);
        response.off('close', done);
        resolve();
      };
      response.on('drain', done);
      response.on('close', done);
    });
  };
  let last: FetchProgress = { received: 0 };
  const heartbeat = setInterval(() => void send(encodeFrame.progress(last)), HEARTBEAT_MS);
  try {
    const answer = await answerRemote(parsed, deps, {
      signal: controller.signal,
      onProgress: (progress) => {
        last = progress;
        // Progress is advisory: under back-pressure it is dropped rather than queued.
        if (response.writableNeedDrain) return;
        void send(encodeFrame.progress(progress));
      },
    });
    clearInterval(heartbeat);
    if (answer.kind === 'bytes') {
      for (const frame of encodeFrame.data(answer.bytes)) await send(frame);
      await send(encodeFrame.end(answer.name, answer.bytes.byteLength));
    } else {
      await send(encodeFrame.json(answer.value));
    }
  } catch (error) {
    clearInterval(heartbeat);
    if (controller.signal.aborted) return void response.destroy();
    const failure: RemoteFailure = error instanceof RemoteServiceError ? error.failure : { message: 'The host failed to answer the remote request.', kind: 'internal' };
    await send(encodeFrame.error(failure));
  }
  response.end();
}
