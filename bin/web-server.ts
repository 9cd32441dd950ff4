import { readFile, realpath } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, join } from 'node:path';
import { contentTypeOf, decodeUrlPath, resolveServedFile, TOKEN_HEADER } from '../shared/hosting.js';
import { isOwnHost, newToken, tokenMatches, withTokenMeta } from './web-access.js';
import { nodeServedFileSystem, SECURITY_HEADERS, sendFile, sendText } from './web-files.js';
import { handleRemoteRoute } from './web-remote.js';
import { isRemoteSource, offeredSource } from './remote-sources.js';
import { memoryConnectionStore } from '../shared/remote/connection-store.js';
import type { RemoteServiceDeps } from '../shared/remote/remote-service.js';

export interface WebServerOptions {
  /** The built renderer (dist/renderer). */
  appDir: string;
  /** Profiles to open at start, in order: file paths, or source URLs the page fetches through /api/remote. */
  files: string[];
  /** The two files are a comparison: base, then target. */
  compare?: boolean;
  port: number;
  /** How /api/remote reaches servers: Node's fetch and a connection store for this launch unless given. */
  remote?: Partial<RemoteServiceDeps>;
}

const NO_STORE = { 'Cache-Control': 'no-store' };

/** The decoded path of a request target, or null when it is not a well-formed origin-form path. */
function requestPath(target: string | undefined): string | null {
  return target?.startsWith('/') ? decodeUrlPath(target.split(/[?#]/, 1)[0]) : null;
}

/** An answer that says nothing (refused Host or token). */
function refuse(response: ServerResponse): void {
  response.writeHead(403, { 'Content-Length': 0, ...SECURITY_HEADERS });
  response.end();
}

/**
 * Web mode: the renderer and the host operations over HTTP, on 127.0.0.1 only. The page can read
 * the files named at start (by index) and nothing else on disk. Only requests naming our own
 * loopback Host are answered (DNS rebinding), and the API needs the per-launch token that the
 * served page carries. Nothing a client sends ends the server: malformed requests get a 4xx,
 * anything unexpected a 500.
 */
export async function startWebServer({ appDir, files, port, compare = false, remote = {} }: WebServerOptions): Promise<{ server: Server; url: string; token: string }> {
  const root = await realpath(appDir);
  const token = newToken();
  const remoteDeps: RemoteServiceDeps = { fetch: (url, init) => fetch(url, init), connections: memoryConnectionStore(), ...remote };
  // A source is listed with its name and credential-free URL; a file by its name only.
  const listed = files.map((f) => (isRemoteSource(f) ? offeredSource(f) : basename(f)));

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!isOwnHost(request.headers.host, (server.address() as AddressInfo).port)) return refuse(response);
    const path = requestPath(request.url);
    // The one route that is not a GET: the page's remote requests (remote-api.ts).
    if (path === '/api/remote') {
      if (request.method !== 'POST') return sendText(response, 405, 'method not allowed', { Allow: 'POST' });
      if (!tokenMatches(request.headers[TOKEN_HEADER], token)) return refuse(response);
      return handleRemoteRoute(request, response, remoteDeps);
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') return sendText(response, 405, 'method not allowed');
    if (path === null) return sendText(response, 400, 'bad request');
    const headOnly = request.method === 'HEAD';

    if (path.startsWith('/api/')) {
      if (!tokenMatches(request.headers[TOKEN_HEADER], token)) return refuse(response);
      if (path === '/api/files') return sendText(response, 200, JSON.stringify(listed), { 'Content-Type': 'application/json', ...NO_STORE });
      if (path === '/api/compare') return sendText(response, 200, JSON.stringify(compare ? { base: 0, target: 1 } : null), { 'Content-Type': 'application/json', ...NO_STORE });
      const index = /^\/api\/files\/(\d+)$/.exec(path);
      const file = index ? files[Number(index[1])] : undefined;
      if (!file) return sendText(response, 404, 'no such file');
      if (isRemoteSource(file)) return sendText(response, 404, 'a remote source: the page fetches it through api/remote');
      return sendFile(response, { path: file, name: basename(file), contentType: 'application/octet-stream', headOnly, headers: NO_STORE });
    }
    if (path === '/' || path === '/index.html') {
      const page = Buffer.from(withTokenMeta(await readFile(join(root, 'index.html'), 'utf8'), token));
      response.writeHead(200, { 'Content-Type': contentTypeOf('index.html'), 'Content-Length': page.length, ...SECURITY_HEADERS, ...NO_STORE });
      response.end(headOnly ? undefined : page);
      return;
    }
    const served = await resolveServedFile(nodeServedFileSystem, root, path);
    if (!('path' in served)) return sendText(response, 404, 'not found');
    return sendFile(response, { path: served.path, name: basename(served.path), contentType: contentTypeOf(served.path), headOnly });
  }

  // Garbage bytes and bad HTTP never reach `handle`: Node answers them 400 (431 for huge headers,
  // 408 on timeout) and closes the connection, which is what we want, so there is no
  // 'clientError' listener. No Host at all is ours to refuse (403), not the parser's.
  const server = createServer({ requireHostHeader: false, headersTimeout: 10_000, requestTimeout: 30_000 }, (request, response) => {
    handle(request, response).catch((error: unknown) => {
      process.stderr.write(`flamedeck: web server: ${request.method} ${request.url}: ${error instanceof Error ? error.message : String(error)}\n`);
      if (response.headersSent) response.destroy();
      else sendText(response, 500, 'server error');
    });
  });
  // A client that stops reading would hold its file open forever: idle connections are cut.
  server.setTimeout(120_000);
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      // Once listening, an error (e.g. out of file descriptors while accepting) is said, not fatal.
      server.on('error', (error) => process.stderr.write(`flamedeck: web server: ${error.message}\n`));
      resolvePromise({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, token });
    });
  });
}
