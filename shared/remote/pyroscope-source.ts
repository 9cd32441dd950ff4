import { parseLabelSelector, PyroscopeQueryError } from './pyroscope-selector.js';

/**
 * A Pyroscope source URL, `pyroscope+http(s)://host[:port][/prefix]/?query=…&from=…&until=…[&tenant=…]`:
 * the merged profile of one query over one time range. The names are those of Pyroscope's render
 * API and UI, so a URL copied from either reads the same. Credentials never appear in it.
 */
export interface PyroscopeSource {
  /** `http(s)://host[:port][/prefix]`, no trailing slash: where `/querier.v1.QuerierService/…` lives. */
  serverUrl: string;
  /** `<name>:<sample type>:<sample unit>:<period type>:<period unit>`. */
  profileTypeId: string;
  /** `{…}` label selector, `{}` when the query had none. */
  labelSelector: string;
  /** As written (`now-1h`, seconds, RFC 3339…), kept so the URL stays relative when it is stored. */
  from: string;
  until: string;
  tenant?: string;
}

/** A source with its time range resolved against a clock, in epoch milliseconds. */
export interface ResolvedPyroscopeSource extends PyroscopeSource {
  startMs: number;
  endMs: number;
}

const SCHEME = /^pyroscope\+(https?):\/\/([^/?#]*)([^?#]*)(?:\?([^#]*))?(?:#.*)?$/i;
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::(\d{1,5}))?$/;
const PROFILE_TYPE = /^[^:{}\s]+:[^:{}\s]+:[^:{}\s]+:[^:{}\s]*:[^:{}\s]*$/;

export function isPyroscopeSource(text: string): boolean {
  return /^pyroscope\+https?:\/\//i.test(text.trim());
}

/** Parses a source URL; `nowMs` is the clock relative times (`now-1h`) are taken from. */
export function parsePyroscopeSource(text: string, nowMs: number): ResolvedPyroscopeSource {
  const match = SCHEME.exec(text.trim());
  if (!match) throw new PyroscopeQueryError(`"${text}" is not a Pyroscope source URL: it must start with pyroscope+http:// or pyroscope+https://.`);
  const [, scheme, authority, rawPath, rawQuery = ''] = match;
  if (authority.includes('@')) {
    throw new PyroscopeQueryError('A Pyroscope source URL may not hold credentials: give the user, password or token in the connection settings instead.');
  }
  const host = HOST.exec(authority);
  if (!host) throw new PyroscopeQueryError(`"${authority}" is not a valid host name and port in the Pyroscope source URL.`);
  if (host[1] !== undefined && (Number(host[1]) < 1 || Number(host[1]) > 65535)) {
    throw new PyroscopeQueryError(`The port ${host[1]} in the Pyroscope source URL is not between 1 and 65535.`);
  }
  const prefix = rawPath.replace(/\/+$/, '');
  const params = parseQueryString(rawQuery);
  const query = params.get('query');
  if (!query) throw new PyroscopeQueryError('The Pyroscope source URL needs a query, like ?query=process_cpu:cpu:nanoseconds:cpu:nanoseconds{service_name="checkout"}.');
  const brace = query.indexOf('{');
  const profileTypeId = (brace < 0 ? query : query.slice(0, brace)).trim();
  const labelSelector = brace < 0 ? '{}' : query.slice(brace).trim();
  if (!PROFILE_TYPE.test(profileTypeId)) {
    throw new PyroscopeQueryError(`"${profileTypeId}" is not a Pyroscope profile type: it must read name:type:unit:period_type:period_unit, like process_cpu:cpu:nanoseconds:cpu:nanoseconds.`);
  }
  parseLabelSelector(labelSelector);
  const from = params.get('from') ?? 'now-1h';
  const until = params.get('until') ?? 'now';
  const startMs = parsePyroscopeTime(from, nowMs, 'from');
  const endMs = parsePyroscopeTime(until, nowMs, 'until');
  if (startMs >= endMs) throw new PyroscopeQueryError(`The time range of the Pyroscope source is empty: from (${from}) must be before until (${until}).`);
  const tenant = params.get('tenant');
  return {
    serverUrl: `${scheme.toLowerCase()}://${authority}${prefix}`,
    profileTypeId,
    labelSelector,
    from,
    until,
    ...(tenant ? { tenant } : {}),
    startMs,
    endMs,
  };
}

/** Writes a source URL that parses back to the same source (credentials are never part of it). */
export function formatPyroscopeSource(source: PyroscopeSource): string {
  const server = /^(https?):\/\/(.*)$/i.exec(source.serverUrl);
  if (!server) throw new PyroscopeQueryError(`"${source.serverUrl}" is not an http or https server URL.`);
  const selector = source.labelSelector.trim() === '{}' ? '' : source.labelSelector;
  const parts = [`query=${encode(source.profileTypeId + selector)}`, `from=${encode(source.from)}`, `until=${encode(source.until)}`];
  if (source.tenant) parts.push(`tenant=${encode(source.tenant)}`);
  return `pyroscope+${server[1].toLowerCase()}://${server[2].replace(/\/+$/, '')}/?${parts.join('&')}`;
}

// Keeps the characters a selector is made of readable where the URL grammar allows them.
function encode(value: string): string {
  return encodeURIComponent(value).replace(/%(3A|7B|7D|2C)/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

function parseQueryString(query: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const pair of query.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const key = decode(eq < 0 ? pair : pair.slice(0, eq));
    if (!params.has(key)) params.set(key, decode(eq < 0 ? '' : pair.slice(eq + 1)));
  }
  return params;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    throw new PyroscopeQueryError(`"${text}" in the Pyroscope source URL is not valid percent-encoding.`);
  }
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000, y: 31_536_000_000 };
const RELATIVE = /^now(?:\s*([-+])\s*(\d+)(ms|s|m|h|d|w|y))?$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;
/** Below this a number is Unix seconds, above it milliseconds (10^11 s is the year 5138). */
const SECONDS_LIMIT = 1e11;

/** A time of the render API (`now`, `now-15m`, Unix seconds or ms, RFC 3339) in epoch ms. */
export function parsePyroscopeTime(text: string, nowMs: number, name = 'time'): number {
  const value = text.trim();
  const relative = RELATIVE.exec(value);
  if (relative) {
    if (!relative[1]) return nowMs;
    const delta = Number(relative[2]) * UNIT_MS[relative[3]];
    return relative[1] === '-' ? nowMs - delta : nowMs + delta;
  }
  if (/^\d{1,16}$/.test(value)) {
    const n = Number(value);
    return n < SECONDS_LIMIT ? n * 1000 : n;
  }
  if (RFC3339.test(value)) {
    const ms = Date.parse(value.replace(' ', 'T'));
    if (Number.isFinite(ms)) return ms;
  }
  throw new PyroscopeQueryError(`"${text}" is not a valid ${name} time: use now, now-1h, now-7d, Unix seconds or milliseconds, or an RFC 3339 date.`);
}

/** A tab title for the source, `service · type · range`, as the Connect dialog names its tabs. */
export function describePyroscopeSource(source: PyroscopeSource): string {
  const service = /(?:^|[{,\s])service_name\s*=\s*"((?:[^"\\]|\\.)*)"/.exec(source.labelSelector)?.[1];
  const [name, sampleType] = source.profileTypeId.split(':');
  const type = name === 'process_cpu' || name === sampleType ? sampleType : `${name} ${sampleType}`;
  const range = source.until === 'now' && source.from.startsWith('now-') ? `last ${source.from.slice(4)}` : `${source.from} → ${source.until}`;
  return [service, type, range].filter(Boolean).join(' · ');
}
