import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { TOKEN_META_NAME } from '../shared/hosting.js';


/** A fresh secret per launch: 256 bits, URL- and attribute-safe. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * DNS rebinding: a foreign site that points its name at 127.0.0.1 still sends its own name as
 * Host. Only our loopback names with our port are answered.
 */
export function isOwnHost(host: string | undefined, port: number): boolean {
  if (!host) return false;
  const name = host.toLowerCase();
  return name === `127.0.0.1:${port}` || name === `localhost:${port}` || name === `[::1]:${port}`;
}

/** Constant time whatever the guess: both sides are hashed to equal lengths first. */
export function tokenMatches(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** The page with the token in a meta tag, where only a same-origin script can read it. */
export function withTokenMeta(html: string, token: string): string {
  const meta = `<meta name="${TOKEN_META_NAME}" content="${token}">`;
  const head = /<head[^>]*>/i.exec(html);
  if (!head) return meta + html;
  const at = head.index + head[0].length;
  return html.slice(0, at) + meta + html.slice(at);
}
