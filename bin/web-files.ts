import { open, realpath, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { CONTENT_SECURITY_POLICY, type ServedFileSystem } from '../shared/hosting.js';

/** Headers every answer of the web server carries. */
export const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

export function sendText(response: ServerResponse, status: number, line: string, headers: Record<string, string> = {}): void {
  const body = Buffer.from(line);
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': body.length, ...SECURITY_HEADERS, ...headers });
  response.end(body);
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** Node's file system for resolveServedFile; a missing path is null, other errors throw. */
export const nodeServedFileSystem: ServedFileSystem = {
  sep,
  resolve,
  realpath: (path) =>
    realpath(path).catch((error: unknown) => {
      if (isMissing(error)) return null;
      throw error;
    }),
  isFile: async (path) => (await stat(path)).isFile(),
};

/** Passes the bytes on, and fails when the file ended before the length promised in the headers. */
function exactly(size: number) {
  return async function* (source: AsyncIterable<Buffer>) {
    let sent = 0;
    for await (const chunk of source) {
      sent += chunk.length;
      yield chunk;
    }
    if (sent !== size) throw new Error(`the file changed while it was being sent (${sent} of ${size} bytes)`);
  };
}

/**
 * Streams a file with its length (never whole in memory). An error before the headers is a one-line
 * 404/500 naming the file; after them the connection is cut, so the client sees a failed transfer
 * rather than a short file.
 */
export async function sendFile(
  response: ServerResponse,
  { path, name, contentType, headOnly, headers = {} }: { path: string; name: string; contentType: string; headOnly: boolean; headers?: Record<string, string> },
): Promise<void> {
  let file;
  try {
    file = await open(path, 'r');
  } catch (error) {
    return isMissing(error) ? sendText(response, 404, `${name}: no such file`) : sendText(response, 500, `${name}: ${(error as Error).message}`);
  }
  try {
    const info = await file.stat();
    if (!info.isFile()) return sendText(response, 500, `${name}: not a regular file`);
    response.writeHead(200, { 'Content-Type': contentType, 'Content-Length': info.size, ...SECURITY_HEADERS, ...headers });
    if (headOnly || info.size === 0) {
      response.end();
      return;
    }
    await pipeline(file.createReadStream({ start: 0, end: info.size - 1, autoClose: false }), exactly(info.size), response).catch(() => {
      // pipeline has destroyed the response: the client sees the transfer fail (or has gone away).
      response.destroy();
    });
  } finally {
    await file.close();
  }
}
