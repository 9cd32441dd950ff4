import type { GoEndpoint } from './remote-api.js';

/**
 * What a Go service's net/http/pprof index page (`/debug/pprof/`) lists: a table row per profile,
 * `<td>COUNT</td><td><a href='NAME?debug=1'>NAME</a></td>`, and a list of descriptions,
 * `<li><div class=profile-name>NAME: </div> TEXT</li>`. Profiles a program registers itself
 * (pprof.NewProfile) appear there too. Only the endpoints whose answer is a pprof profile are
 * kept: `cmdline`, `symbol` and `trace` answer something else.
 */

const NOT_PROFILES = new Set(['cmdline', 'symbol', 'trace']);
/** Endpoints that record for a duration (`?seconds=N`) before they answer. */
const TIMED = new Set(['profile']);

/** The standard profiles, described as Go's own index page describes them. */
const STANDARD: [name: string, description: string][] = [
  ['allocs', 'A sampling of all past memory allocations'],
  ['block', 'Stack traces that led to blocking on synchronization primitives'],
  ['goroutine', 'Stack traces of all current goroutines'],
  ['heap', 'A sampling of memory allocations of live objects. You can specify the gc GET parameter to run GC before taking the heap sample.'],
  ['mutex', 'Stack traces of holders of contended mutexes'],
  ['profile', 'CPU profile. You can specify the duration in the seconds GET parameter. After you get the profile file, use the go tool pprof command to investigate the profile.'],
  ['threadcreate', 'Stack traces that led to the creation of new OS threads'],
];

/** Bounds on what is read from a page: a hostile one cannot make the list (or the work) large. */
const MAX_ENDPOINTS = 200;
const MAX_TEXT = 500;

/**
 * The base URL the endpoints are relative to, with its trailing slash: a bare origin
 * (`http://host:6060`) means the usual `/debug/pprof/`.
 */
export function goIndexUrl(baseUrl: string): string {
  const url = new URL(baseUrl);
  url.hash = '';
  url.search = '';
  if (url.pathname === '/' || url.pathname === '') url.pathname = '/debug/pprof/';
  else if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url.toString();
}

function endpoint(indexUrl: string, name: string, description: string, count?: number): GoEndpoint {
  return {
    name,
    url: new URL(encodeURIComponent(name), indexUrl).toString(),
    ...(count !== undefined ? { count } : {}),
    description,
    timed: TIMED.has(name),
  };
}

/** The standard endpoints under an index URL (goIndexUrl's), for a page that lists nothing readable. */
export function standardGoEndpoints(indexUrl: string): GoEndpoint[] {
  return STANDARD.map(([name, description]) => endpoint(indexUrl, name, description));
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#34': '"', '#39': "'", apos: "'" };

function unescapeHtml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#34|#39|apos);/g, (_, name: string) => ENTITIES[name]);
}

function plainText(html: string): string {
  return unescapeHtml(html.replace(/<[^>]{0,200}>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_TEXT);
}

/**
 * The profiles an index page lists, with absolute URLs under `indexUrl`, or null when the page
 * lists none in Go's format (not an index page, or one this parser does not know).
 */
export function parseGoIndex(html: string, indexUrl: string): GoEndpoint[] | null {
  const descriptions = new Map<string, string>();
  // Linear scans with bounded, non-nested quantifiers: a hostile page cannot make them backtrack.
  for (const match of html.matchAll(/<li>\s*<div class=["']?profile-name["']?>([^<]{1,200})<\/div>([^<]{0,2000})<\/li>/gi)) {
    const name = unescapeHtml(match[1]).trim().replace(/:$/, '');
    if (!descriptions.has(name)) descriptions.set(name, plainText(match[2]));
  }
  const found: GoEndpoint[] = [];
  const seen = new Set<string>();
  for (const match of html.matchAll(/<tr>\s*<td>\s*(\d{1,15})\s*<\/td>\s*<td>\s*<a href=["']([^"'<>]{1,200})["']>([^<]{1,200})<\/a>\s*<\/td>\s*<\/tr>/gi)) {
    const href = unescapeHtml(match[2]);
    const name = decodeName(href.split('?', 1)[0]);
    if (!name || NOT_PROFILES.has(name) || seen.has(name) || name.includes('/')) continue;
    seen.add(name);
    const standard = STANDARD.find(([n]) => n === name)?.[1];
    // The count of `profile` is always 0 on the page: it is not a count of anything.
    const count = TIMED.has(name) ? undefined : Number(match[1]);
    found.push(endpoint(indexUrl, name, descriptions.get(name) || standard || '', count));
    if (found.length >= MAX_ENDPOINTS) break;
  }
  return found.length > 0 ? found : null;
}

function decodeName(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
