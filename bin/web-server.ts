import { createReadStream, existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { basename, join, resolve, sep } from 'node:path';
import { CONTENT_SECURITY_POLICY, contentTypeOf } from '../shared/hosting.js';

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

export interface WebServerOptions {
  /** The built renderer (dist/renderer). */
  appDir: string;
  /** Profiles to open at start, in order. */
  files: string[];
  port: number;
}

/**
 * Web mode: the renderer and the host operations over HTTP, on 127.0.0.1 only. The page can
 * read the files named at start (by index) and nothing else on disk.
 */
export function startWebServer({ appDir, files, port }: WebServerOptions): Promise<{ server: Server; url: string }> {
  const root = resolve(appDir);
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const send = (status: number, body: string, type = 'text/plain; charset=utf-8') => {
      response.writeHead(status, { 'Content-Type': type, ...SECURITY_HEADERS });
      response.end(body);
    };
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(405, 'method not allowed');
    if (url.pathname === '/api/files') return send(200, JSON.stringify(files.map((f) => basename(f))), 'application/json');
    const fileMatch = /^\/api\/files\/(\d+)$/.exec(url.pathname);
    if (fileMatch) {
      const path = files[Number(fileMatch[1])];
      if (!path) return send(404, 'no such file');
      readFile(path).then(
        (bytes) => {
          response.writeHead(200, { 'Content-Type': 'application/octet-stream', ...SECURITY_HEADERS });
          response.end(bytes);
        },
        (error: NodeJS.ErrnoException) => send(404, `${basename(path)}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`),
      );
      return;
    }
    const target = resolve(join(root, decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname)));
    if (target !== root && !target.startsWith(root + sep)) return send(403, 'forbidden');
    if (!existsSync(target) || !statSync(target).isFile()) return send(404, 'not found');
    response.writeHead(200, { 'Content-Type': contentTypeOf(target), ...SECURITY_HEADERS });
    createReadStream(target).pipe(response);
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      const actualPort = typeof address === 'object' && address ? address.port : port;
      resolvePromise({ server, url: `http://127.0.0.1:${actualPort}/` });
    });
  });
}
