import { readFile } from 'node:fs/promises';
import { join, normalize, resolve, sep } from 'node:path';
import { contentTypeOf } from '../shared/hosting.js';

/** Answers app://flamedeck/… from the built renderer folder, and nothing outside it. */
export function appProtocolHandler(rendererDir: string, csp: string): (request: { url: string }) => Promise<Response> {
  const root = resolve(rendererDir);
  return async (request) => {
    const url = new URL(request.url);
    if (url.host !== 'flamedeck') return new Response('not found', { status: 404 });
    const relative = normalize(decodeURIComponent(url.pathname)).replace(/^[/\\]+/, '') || 'index.html';
    const path = resolve(join(root, relative));
    if (path !== root && !path.startsWith(root + sep)) return new Response('forbidden', { status: 403 });
    try {
      const body = await readFile(path);
      return new Response(body, {
        headers: { 'Content-Type': contentTypeOf(path), 'Content-Security-Policy': csp },
      });
    } catch {
      return new Response('not found', { status: 404 });
    }
  };
}
