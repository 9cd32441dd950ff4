import { readFile, realpath, stat } from 'node:fs/promises';
import { join, normalize, resolve, sep } from 'node:path';
import { contentTypeOf, decodeUrlPath } from '../shared/hosting.js';

function isInside(root: string, path: string): boolean {
  return path === root || path.startsWith(root + sep);
}

const answer = (status: number, text: string) => new Response(text, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });

/**
 * Answers app://flamedeck/… from the built renderer folder, and nothing outside it: not by `..`,
 * not through a symlink (the real path must be inside the folder's real path). A malformed
 * request gets a 4xx; the handler never throws.
 */
export function appProtocolHandler(rendererDir: string, csp: string): (request: { url: string }) => Promise<Response> {
  const root = resolve(rendererDir);
  let realRoot: Promise<string> | undefined;
  const serve = async (rawUrl: string): Promise<Response> => {
    let url: URL;
    try {
      url = new URL(rawUrl);
    } catch {
      return answer(400, 'bad request');
    }
    if (url.host !== 'flamedeck') return answer(404, 'not found');
    const decoded = decodeUrlPath(url.pathname);
    if (decoded === null) return answer(400, 'bad request');
    const relative = normalize(decoded).replace(/^[/\\]+/, '') || 'index.html';
    const path = resolve(join(root, relative));
    if (!isInside(root, path)) return answer(403, 'forbidden');
    let real: string;
    try {
      realRoot ??= realpath(root);
      real = await realpath(path);
    } catch {
      return answer(404, 'not found'); // no such file (or folder)
    }
    if (!isInside(await realRoot, real)) return answer(403, 'forbidden');
    if (!(await stat(real)).isFile()) return answer(404, 'not found');
    return new Response(await readFile(real), {
      headers: { 'Content-Type': contentTypeOf(path), 'Content-Security-Policy': csp },
    });
  };
  return async (request) => {
    try {
      return await serve(request.url);
    } catch (error) {
      console.error(`app://: could not answer ${request.url}:`, error);
      return answer(500, 'could not read the file');
    }
  };
}
