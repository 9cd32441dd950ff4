import { readFile, realpath, stat } from 'node:fs/promises';
import { normalize, resolve, sep } from 'node:path';
import { contentTypeOf, decodeUrlPath, resolveServedFile, type ServedFileSystem } from '../shared/hosting.js';

const answer = (status: number, text: string) => new Response(text, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });

/** Node's file system for resolveServedFile; a missing path is null, other errors throw (a 500). */
const files: ServedFileSystem = {
  sep,
  resolve,
  realpath: (path) =>
    realpath(path).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' || error.code === 'ENOTDIR' ? null : Promise.reject(error))),
  isFile: async (path) => (await stat(path)).isFile(),
};

/**
 * Answers app://flamedeck/… from the built renderer folder, and nothing outside it: not by `..`,
 * not through a symlink (the real path must be inside the folder's real path). A malformed
 * request gets a 4xx; the handler never throws.
 */
export function appProtocolHandler(rendererDir: string, csp: string): (request: { url: string }) => Promise<Response> {
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
    // `..` stops at the folder's root, as in a browser's URL, rather than being refused.
    const relative = normalize(decoded).replace(/^[/\\]+/, '') || 'index.html';
    realRoot ??= realpath(resolve(rendererDir));
    const served = await resolveServedFile(files, await realRoot, relative);
    if (!('path' in served)) return answer(served.refused === 'outside' ? 403 : 404, served.refused === 'outside' ? 'forbidden' : 'not found');
    return new Response(await readFile(served.path), {
      headers: { 'Content-Type': contentTypeOf(relative), 'Content-Security-Policy': csp },
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
