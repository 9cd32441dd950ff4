import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { parseLabelSelector, type LabelMatcher } from '../../shared/remote/pyroscope-selector.js';
import { mergeProfiles, type MergePart } from './merge.js';
import { buildSeries, compileMatchers, SCRAPE_MS, scrapesIn, type StoredSeries } from './data.js';

/**
 * A Pyroscope-compatible test server: the querier's Connect API (api/querier/v1/querier.proto)
 * over fixture profiles, with Connect's JSON mapping (lowerCamelCase, int64 as strings, zero and
 * empty fields left out), Connect error bodies and statuses, X-Scope-OrgID, and fault modes.
 *
 * Each series is one fixture profile "scraped" every 15 s over its range. SelectMergeProfile
 * answers with that profile's queried sample type, values times the scrapes in range (what
 * merging identical profiles gives); series of different fixtures are merged into one profile
 * (merge.ts).
 */

type Fault =
  | { kind: 'delay'; ms: number }
  | { kind: 'status'; status: number }
  | { kind: 'html' }
  | { kind: 'oversize'; bytes: number; declareLength: boolean }
  | { kind: 'drip'; intervalMs: number; bytes: number }
  | { kind: 'connect-error'; status: number; code: string; message: string };

export interface PyroscopeTestServer {
  url: string;
  /** The server's clock: the services' data ranges end relative to it. */
  nowMs: number;
  /** Affects every request until set back to undefined. */
  fault: Fault | undefined;
  /** Requests seen (method name, headers), for the tests. */
  requests: { method: string; headers: IncomingMessage['headers']; body: string }[];
  close(): Promise<void>;
}

export interface ServerOptions {
  fixturesDir: string;
  nowMs: number;
  /** The tenant whose data this is; requests must name a tenant (X-Scope-OrgID). */
  tenant: string;
  port?: number;
}

const MAX_REQUEST_BYTES = 1 << 20;
const MAX_STEPS = 11_000;

class ConnectError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const CODE_STATUS: Record<string, number> = {
  invalid_argument: 400,
  unauthenticated: 401,
  permission_denied: 403,
  not_found: 404,
  resource_exhausted: 429,
  unimplemented: 501,
  internal: 500,
  unavailable: 503,
};

export async function startPyroscopeServer(options: ServerOptions): Promise<PyroscopeTestServer> {
  const data = buildSeries(options.fixturesDir, options.nowMs);
  const sockets = new Set<Socket>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const state: PyroscopeTestServer = {
    url: '',
    nowMs: options.nowMs,
    fault: undefined,
    requests: [],
    close: () =>
      new Promise((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  const later = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readRequest(req);
    const method = /^\/querier\.v1\.QuerierService\/(\w+)$/.exec(req.url ?? '')?.[1] ?? '';
    state.requests.push({ method, headers: req.headers, body: body.toString('latin1') });
    const fault = state.fault;
    if (fault && (await applyFault(fault, res))) return;
    if (req.method !== 'POST' || !method) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('404 page not found\n');
      return;
    }
    try {
      const tenant = req.headers['x-scope-orgid'];
      if (typeof tenant !== 'string' || !tenant) throw new ConnectError('unauthenticated', 'no org id');
      // Any tenant is valid in Pyroscope; one that never sent data simply has none.
      const series = tenant === options.tenant ? data : [];
      const contentType = (req.headers['content-type'] ?? '').split(';')[0].trim();
      if (method === 'SelectMergeProfile') {
        if (contentType !== 'application/proto') throw new ConnectError('unimplemented', 'this test server answers SelectMergeProfile in the binary codec only');
        const profile = selectMergeProfile(series, decodeMergeRequest(body));
        res.writeHead(200, { 'Content-Type': 'application/proto', 'Content-Length': profile.length }).end(profile);
        return;
      }
      if (contentType !== 'application/json') throw new ConnectError('invalid_argument', `unsupported content type ${contentType}`);
      let request: Record<string, unknown>;
      try {
        request = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
      } catch {
        throw new ConnectError('invalid_argument', 'request body is not valid JSON');
      }
      const answer = answerJson(method, series, request);
      const json = JSON.stringify(answer);
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(json) }).end(json);
    } catch (error) {
      const connect = error instanceof ConnectError ? error : new ConnectError('internal', String(error));
      const json = JSON.stringify({ code: connect.code, message: connect.message });
      res.writeHead(CODE_STATUS[connect.code] ?? 500, { 'Content-Type': 'application/json' }).end(json);
    }
  }

  async function applyFault(fault: Fault, res: ServerResponse): Promise<boolean> {
    switch (fault.kind) {
      case 'delay':
        await later(fault.ms);
        return false;
      case 'status':
        res.writeHead(fault.status, { 'Content-Type': 'text/plain' }).end('upstream connect error or disconnect/reset before headers\n');
        return true;
      case 'html':
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end('<!DOCTYPE html><html><head><title>Sign in</title></head><body><form>Log in</form></body></html>');
        return true;
      case 'oversize': {
        const headers: Record<string, string | number> = { 'Content-Type': 'application/json' };
        if (fault.declareLength) headers['Content-Length'] = fault.bytes;
        res.writeHead(200, headers);
        for (let sent = 0; sent < fault.bytes && !res.destroyed; sent += 4096) {
          if (!res.write(Buffer.alloc(Math.min(4096, fault.bytes - sent), 0x20))) await new Promise((r) => res.once('drain', r));
        }
        res.end();
        return true;
      }
      case 'drip':
        res.writeHead(200, { 'Content-Type': 'application/json' });
        for (let i = 0; i < fault.bytes && !res.destroyed; i++) {
          res.write(' ');
          await later(fault.intervalMs);
        }
        res.end();
        return true;
      case 'connect-error':
        res.writeHead(fault.status, { 'Content-Type': 'application/json' }).end(JSON.stringify({ code: fault.code, message: fault.message }));
        return true;
    }
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}

async function readRequest(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_REQUEST_BYTES) throw new Error('request too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function selectorMatch(selectors: unknown): (s: StoredSeries) => boolean {
  const list = Array.isArray(selectors) ? (selectors as string[]) : [];
  if (list.length === 0) return () => true;
  // Several selectors select the union of their series, as in Prometheus' series API.
  const tests = list.map((text) => compileMatchers(parseSelector(text)));
  return (s) => tests.some((test) => test(s.labels));
}

function parseSelector(text: string): LabelMatcher[] {
  try {
    const matchers = parseLabelSelector(text);
    for (const m of matchers) if (m.op === '=~' || m.op === '!~') new RegExp(m.value);
    return matchers;
  } catch (error) {
    throw new ConnectError('invalid_argument', `failed to parse label selector ${text}: ${(error as Error).message}`);
  }
}

function int64(value: unknown, name: string): number {
  if (value === undefined) return 0;
  // Connect's JSON mapping accepts int64 as a string or a number.
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n)) throw new ConnectError('invalid_argument', `invalid value for int64 field ${name}: ${JSON.stringify(value)}`);
  return n;
}

function inRange(s: StoredSeries, start: number, end: number): boolean {
  // Zero (missing) start or end: no bound, as the ingesters answer.
  return (!start || s.endMs > start) && (!end || s.startMs < end);
}

function labelsJson(labels: Map<string, string>, keep?: string[]): { name: string; value: string }[] {
  const names = [...labels.keys()].filter((n) => !keep?.length || keep.includes(n)).sort();
  return names.map((name) => ({ name, value: labels.get(name)! }));
}

function omitEmpty<T extends Record<string, unknown>>(message: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [key, value] of Object.entries(message) as [keyof T, unknown][]) {
    if (value === 0 || value === '' || value === '0' || (Array.isArray(value) && value.length === 0)) continue;
    out[key] = value as T[keyof T];
  }
  return out;
}

function answerJson(method: string, data: StoredSeries[], req: Record<string, unknown>): unknown {
  const start = int64(req.start, 'start');
  const end = int64(req.end, 'end');
  const live = data.filter((s) => inRange(s, start, end));
  switch (method) {
    case 'ProfileTypes': {
      const types = new Map(live.map((s) => [s.type.id, s.type]));
      const list = [...types.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
      return omitEmpty({ profileTypes: list.map((t) => omitEmpty({ ID: t.id, name: t.name, sampleType: t.sampleType, sampleUnit: t.sampleUnit, periodType: t.periodType, periodUnit: t.periodUnit })) });
    }
    case 'LabelNames': {
      const match = selectorMatch(req.matchers);
      const names = new Set(live.filter(match).flatMap((s) => [...s.labels.keys()]));
      return omitEmpty({ names: [...names].sort() });
    }
    case 'LabelValues': {
      if (typeof req.name !== 'string' || !req.name) throw new ConnectError('invalid_argument', 'name is required');
      const match = selectorMatch(req.matchers);
      const values = new Set(live.filter(match).map((s) => s.labels.get(req.name as string) ?? '').filter(Boolean));
      return omitEmpty({ names: [...values].sort() });
    }
    case 'Series': {
      const match = selectorMatch(req.matchers);
      const keep = Array.isArray(req.labelNames) ? (req.labelNames as string[]) : [];
      const sets = new Map<string, { name: string; value: string }[]>();
      for (const s of live.filter(match)) {
        const labels = labelsJson(s.labels, keep);
        sets.set(JSON.stringify(labels), labels);
      }
      return omitEmpty({ labelsSet: [...sets.keys()].sort().map((k) => omitEmpty({ labels: sets.get(k)! })) });
    }
    case 'SelectSeries':
      return selectSeries(live, req, start, end);
    default:
      throw new ConnectError('unimplemented', `querier.v1.QuerierService.${method} is not implemented`);
  }
}

function matchQuery(data: StoredSeries[], profileTypeId: unknown, selector: unknown): StoredSeries[] {
  if (typeof profileTypeId !== 'string' || !profileTypeId) throw new ConnectError('invalid_argument', 'profile_typeID is required');
  const match = compileMatchers(parseSelector(typeof selector === 'string' && selector ? selector : '{}'));
  return data.filter((s) => s.type.id === profileTypeId && match(s.labels));
}

function selectSeries(live: StoredSeries[], req: Record<string, unknown>, start: number, end: number): unknown {
  if (!start || !end || end <= start) throw new ConnectError('invalid_argument', 'start and end are required, start before end');
  const stepMs = typeof req.step === 'number' && req.step > 0 ? req.step * 1000 : SCRAPE_MS;
  if ((end - start) / stepMs > MAX_STEPS) throw new ConnectError('invalid_argument', `exceeded maximum resolution of ${MAX_STEPS} points per timeseries, try decreasing the query resolution (?step=XX)`);
  const groupBy = Array.isArray(req.groupBy) ? (req.groupBy as string[]) : [];
  const groups = new Map<string, { labels: { name: string; value: string }[]; members: StoredSeries[] }>();
  for (const s of matchQuery(live, req.profileTypeID, req.labelSelector)) {
    const labels = groupBy.filter((n) => s.labels.has(n)).map((name) => ({ name, value: s.labels.get(name)! }));
    const key = JSON.stringify(labels);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { labels, members: [] }));
    group.members.push(s);
  }
  const series = [...groups.keys()].sort().map((key) => {
    const { labels, members } = groups.get(key)!;
    const points: { value?: number; timestamp: string }[] = [];
    const first = Math.floor(start / stepMs) * stepMs;
    for (let t = first; t < end; t += stepMs) {
      let value = 0;
      let any = false;
      for (const s of members) {
        const n = scrapesIn(s, Math.max(t, start), Math.min(t + stepMs, end));
        if (n > 0) any = true;
        value += n * s.total;
      }
      if (any) points.push(omitEmpty({ value, timestamp: String(t) }) as { value?: number; timestamp: string });
    }
    return omitEmpty({ labels, points });
  });
  return omitEmpty({ series });
}

interface MergeRequest {
  profileTypeId: string;
  labelSelector: string;
  start: number;
  end: number;
}

/** Reads the binary SelectMergeProfileRequest: fields 1, 2 (strings), 3, 4, 5 (int64). */
function decodeMergeRequest(buf: Buffer): MergeRequest {
  const out: MergeRequest = { profileTypeId: '', labelSelector: '', start: 0, end: 0 };
  let i = 0;
  const varint = () => {
    let value = 0;
    let scale = 1;
    for (let n = 0; n < 10; n++) {
      if (i >= buf.length) throw new ConnectError('invalid_argument', 'truncated protobuf');
      const byte = buf[i++];
      value += (byte & 0x7f) * scale;
      scale *= 128;
      if (byte < 0x80) return value;
    }
    throw new ConnectError('invalid_argument', 'bad varint');
  };
  while (i < buf.length) {
    const key = varint();
    const field = Math.floor(key / 8);
    const wire = key % 8;
    if (wire === 0) {
      const v = varint();
      if (field === 3) out.start = v;
      if (field === 4) out.end = v;
    } else if (wire === 2) {
      const len = varint();
      const text = buf.subarray(i, i + len).toString('utf8');
      i += len;
      if (field === 1) out.profileTypeId = text;
      if (field === 2) out.labelSelector = text;
    } else {
      throw new ConnectError('invalid_argument', `unexpected wire type ${wire}`);
    }
  }
  return out;
}

function selectMergeProfile(data: StoredSeries[], req: MergeRequest): Uint8Array {
  const start = req.start || -Infinity;
  const end = req.end || Infinity;
  const matched = matchQuery(data, req.profileTypeId, req.labelSelector).filter((s) => scrapesIn(s, start, end) > 0);
  // No profile in range: Pyroscope answers with an empty Profile message (zero bytes).
  if (matched.length === 0) return new Uint8Array(0);
  // Series of one fixture share its bytes: one part per fixture, its scrapes summed over them.
  const parts = new Map<Uint8Array, MergePart>();
  for (const s of matched) {
    const part = parts.get(s.pprof) ?? { pprof: s.pprof, typeIndex: s.typeIndex, scrapes: 0 };
    part.scrapes += scrapesIn(s, start, end);
    parts.set(s.pprof, part);
  }
  return mergeProfiles([...parts.values()]);
}
