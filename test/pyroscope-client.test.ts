import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchPyroscopeSource, PyroscopeCancelled, PyroscopeClient, PyroscopeRequestError, type PyroscopeClientOptions } from '../shared/remote/pyroscope-client.js';
import { decodeProfileBlob, decodeUncompressedProfile } from '../shared/formats/pprof-decode.js';
import { queryFromFlags, resolveSampleType, runQuery } from '../shared/analysis/query.js';
import { parsePyroscopeSource } from '../shared/remote/pyroscope-source.js';
import { startPyroscopeServer, type PyroscopeTestServer } from './pyroscope-server/server.js';
import { fixturesDir } from './golden-helpers.js';

const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);
const HOUR = 3_600_000;
const CPU = 'process_cpu:cpu:nanoseconds:cpu:nanoseconds';
const LAST_HOUR = { startMs: NOW - HOUR, endMs: NOW };

let server: PyroscopeTestServer;
beforeAll(async () => {
  server = await startPyroscopeServer({ fixturesDir, nowMs: NOW, tenant: 'acme' });
});
afterAll(() => server.close());

const client = (options: Partial<PyroscopeClientOptions> = {}) =>
  new PyroscopeClient({ serverUrl: server.url, fetch: (url, init) => fetch(url, init), tenant: 'acme', ...options });

function goldenTotal(name: string): number {
  return (JSON.parse(readFileSync(new URL(`./goldens/${name}.json`, import.meta.url), 'utf8')) as { total: number }).total;
}

async function errorOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the request to fail');
}

describe('Pyroscope client against the test server', () => {
  it('lists profile types, label names, values and series', async () => {
    const types = await client().profileTypes(LAST_HOUR);
    expect(types.map((t) => t.id)).toContain(CPU);
    expect(types.find((t) => t.id === CPU)).toEqual({ id: CPU, name: 'process_cpu', sampleType: 'cpu', sampleUnit: 'nanoseconds', periodType: 'cpu', periodUnit: 'nanoseconds' });
    expect(types.map((t) => t.id)).toContain('memory:alloc_space:bytes:space:bytes');

    expect(await client().labelNames(LAST_HOUR)).toEqual(expect.arrayContaining(['__profile_type__', 'env', 'service_name', 'version']));
    // payments has data from 6 h to 2 h ago only.
    expect(await client().labelValues('service_name', LAST_HOUR)).toEqual(['checkout']);
    expect(await client().labelValues('service_name', { startMs: NOW - 5 * HOUR, endMs: NOW })).toEqual(['checkout', 'payments']);
    expect(await client().labelValues('env', LAST_HOUR, ['{service_name="checkout"}'])).toEqual(['canary', 'prod']);
    expect(await client().labelValues('env', LAST_HOUR, ['{service_name="checkout",env!="prod"}'])).toEqual(['canary']);
    expect(await client().labelValues('version', { startMs: NOW - 5 * HOUR, endMs: NOW }, ['{service_name=~"check.*|pay"}'])).toEqual(['v1', 'v2']);
    expect(await client().labelValues('service_name', { startMs: NOW - 5 * HOUR, endMs: NOW }, ['{service_name!~"check.*"}'])).toEqual(['payments']);

    const series = await client().series(LAST_HOUR, [`{__profile_type__="${CPU}"}`], ['service_name', '__profile_type__', 'env']);
    expect(series).toEqual([
      [{ name: '__profile_type__', value: CPU }, { name: 'env', value: 'canary' }, { name: 'service_name', value: 'checkout' }],
      [{ name: '__profile_type__', value: CPU }, { name: 'env', value: 'prod' }, { name: 'service_name', value: 'checkout' }],
    ]);
  });

  it('sends Connect JSON as Pyroscope UI does: lowerCamelCase, int64 as strings, empty fields left out', async () => {
    server.requests.length = 0;
    await client().selectSeries({ profileTypeId: CPU, labelSelector: '{service_name="checkout"}', ...LAST_HOUR }, 60, ['env']);
    await client().labelNames(LAST_HOUR);
    const [select, names] = server.requests;
    expect(JSON.parse(select.body)).toEqual({ profileTypeID: CPU, labelSelector: '{service_name="checkout"}', start: String(NOW - HOUR), end: String(NOW), groupBy: ['env'], step: 60 });
    expect(JSON.parse(names.body)).toEqual({ start: String(NOW - HOUR), end: String(NOW) });
    expect(select.headers['content-type']).toBe('application/json');
    expect(select.headers['x-scope-orgid']).toBe('acme');
    expect(select.headers['connect-protocol-version']).toBe('1');
  });

  it('sends basic and bearer credentials', async () => {
    server.requests.length = 0;
    await client({ auth: { kind: 'basic', user: 'ann', password: 'pä:ss' } }).labelNames(LAST_HOUR);
    await client({ auth: { kind: 'bearer', token: 'tok' } }).labelNames(LAST_HOUR);
    expect(server.requests[0].headers.authorization).toBe(`Basic ${Buffer.from('ann:pä:ss').toString('base64')}`);
    expect(server.requests[1].headers.authorization).toBe('Bearer tok');
  });

  it('gets a timeline, grouped by a label', async () => {
    const cpuTotal = goldenTotal('app-v1-cpu__sample_index-cpu');
    const series = await client().selectSeries({ profileTypeId: CPU, labelSelector: '{service_name="checkout"}', ...LAST_HOUR }, 60, ['env']);
    expect(series.map((s) => s.labels)).toEqual([[{ name: 'env', value: 'canary' }], [{ name: 'env', value: 'prod' }]]);
    const prod = series[1];
    expect(prod.points).toHaveLength(60);
    expect(prod.points[0]).toEqual({ timestampMs: NOW - HOUR, value: 4 * cpuTotal });
    const ungrouped = await client().selectSeries({ profileTypeId: CPU, labelSelector: '{service_name="payments"}', startMs: NOW - 3 * HOUR, endMs: NOW }, 600);
    // payments stops 2 h ago: points for the first hour only.
    expect(ungrouped).toHaveLength(1);
    expect(ungrouped[0].labels).toEqual([]);
    expect(ungrouped[0].points.map((p) => p.timestampMs)).toEqual([0, 1, 2, 3, 4, 5].map((i) => NOW - 3 * HOUR + i * 600_000));
  });

  it('merges a profile that the decoder opens with the fixture totals times the scrapes', async () => {
    // 240 scrapes (every 15 s) of one fixture in the last hour; the timeline sums to the same.
    for (const [selector, golden] of [
      ['{service_name="checkout",env="prod"}', 'app-v1-cpu__sample_index-cpu'],
      ['{service_name="checkout",version=~"v2"}', 'app-v2-cpu__sample_index-cpu'],
    ]) {
      const query = { profileTypeId: CPU, labelSelector: selector, ...LAST_HOUR };
      const bytes = await client().selectMergeProfile(query);
      for (const profile of [decodeUncompressedProfile(bytes), await decodeProfileBlob(new Blob([bytes.slice()]))]) {
        expect(profile.sampleTypes.map((t) => `${t.type}/${t.unit}`)).toEqual(['cpu/nanoseconds']);
        const result = runQuery(profile, { ...queryFromFlags({}), sampleTypeIndex: resolveSampleType(profile, 'cpu') });
        expect(result.total).toBe(240 * goldenTotal(golden));
      }
      const [timeline] = await client().selectSeries(query, 300);
      expect(timeline.points.reduce((sum, p) => sum + p.value, 0)).toBe(240 * goldenTotal(golden));
    }
    expect(server.requests.at(-2)!.headers['content-type']).toBe('application/proto');
  });

  it('merges a narrower range into fewer scrapes, and keeps other sample types apart', async () => {
    const bytes = await client().selectMergeProfile({ profileTypeId: 'memory:alloc_space:bytes:space:bytes', labelSelector: '{service_name="checkout",env="prod"}', startMs: NOW - 60_000, endMs: NOW });
    const profile = decodeUncompressedProfile(bytes);
    expect(profile.sampleTypes.map((t) => t.type)).toEqual(['alloc_space']);
    expect(runQuery(profile, { ...queryFromFlags({}), sampleTypeIndex: 0 }).total).toBe(4 * goldenTotal('app-v1-heap__sample_index-alloc_space'));
  });

  it('opens a source URL end to end', async () => {
    const url = `pyroscope+${server.url}/?query=${CPU}{service_name="checkout",env="prod"}&from=now-15m&until=now&tenant=acme`;
    const source = parsePyroscopeSource(url, NOW);
    const bytes = await fetchPyroscopeSource(source, { fetch: (u, init) => fetch(u, init) });
    const profile = decodeUncompressedProfile(bytes);
    expect(runQuery(profile, { ...queryFromFlags({}), sampleTypeIndex: 0 }).total).toBe(60 * goldenTotal('app-v1-cpu__sample_index-cpu'));
    // The settings' tenant wins over the URL's.
    const error = await errorOf(fetchPyroscopeSource(source, { fetch: (u, init) => fetch(u, init), tenant: 'other' }));
    expect(error.message).toMatch(/has no process_cpu:cpu:nanoseconds:cpu:nanoseconds samples for/);
  });

  it('says when nothing matched the query in that range', async () => {
    const error = await errorOf(client().selectMergeProfile({ profileTypeId: CPU, labelSelector: '{service_name="payments"}', ...LAST_HOUR }));
    expect(error).toBeInstanceOf(PyroscopeRequestError);
    expect(error.message).toBe(`The Pyroscope server has no ${CPU} samples for {service_name="payments"} in that time range.`);
  });

  it('passes on the Connect error message of a bad selector', async () => {
    const error = await errorOf(client().selectSeries({ profileTypeId: CPU, labelSelector: '{service_name=~"("}', ...LAST_HOUR }, 60));
    expect(error.message).toMatch(/^The Pyroscope server answered SelectSeries with an error \(invalid_argument\): failed to parse label selector .*\.$/);
  });

  it('asks for a tenant when none is given, and a tenant without data has none', async () => {
    const error = await errorOf(client({ tenant: undefined }).labelNames(LAST_HOUR));
    expect(error.message).toBe('The Pyroscope server refused access (401 Unauthorized): no org id; check the tenant (X-Scope-OrgID) and the user and password or token.');
    expect(await client({ tenant: 'other' }).labelNames(LAST_HOUR)).toEqual([]);
  });

  it('cancels without an error sentence', async () => {
    server.fault = { kind: 'delay', ms: 5_000 };
    try {
      const controller = new AbortController();
      const pending = client({ signal: controller.signal }).profileTypes();
      setTimeout(() => controller.abort(), 50);
      expect(await errorOf(pending)).toBeInstanceOf(PyroscopeCancelled);
    } finally {
      server.fault = undefined;
    }
  });

  const faults: [string, PyroscopeTestServer['fault'], Partial<PyroscopeClientOptions>, RegExp][] = [
    ['delay past the timeout', { kind: 'delay', ms: 2_000 }, { timeoutMs: 200 }, /^The Pyroscope server at http:\/\/127\.0\.0\.1:\d+ did not answer ProfileTypes within 0\.2 s\.$/],
    ['503', { kind: 'status', status: 503 }, {}, /^The Pyroscope server failed \(503 Service Unavailable\); try again later or check the server's logs\.$/],
    ['500', { kind: 'status', status: 500 }, {}, /^The Pyroscope server failed \(500 Internal Server Error\);/],
    ['401', { kind: 'status', status: 401 }, {}, /^The Pyroscope server refused access \(401 Unauthorized\); check the tenant/],
    ['403', { kind: 'status', status: 403 }, {}, /^The Pyroscope server refused access \(403 Forbidden\); check the tenant/],
    ['404', { kind: 'status', status: 404 }, {}, /^http:\/\/127\.0\.0\.1:\d+ has no Pyroscope ProfileTypes API \(404 Not Found\); check the server URL and its path prefix\.$/],
    ['429', { kind: 'status', status: 429 }, {}, /^The Pyroscope server is rate-limiting requests \(429 Too Many Requests\); try again later\.$/],
    ['HTML', { kind: 'html' }, {}, /^An HTML page came back from http:\/\/127\.0\.0\.1:\d+ instead of a Pyroscope answer/],
    ['oversize, declared', { kind: 'oversize', bytes: 200_000, declareLength: true }, { maxBytes: 100_000 }, /^The answer from the Pyroscope server is larger than the 97\.7 KiB limit\.$/],
    ['oversize, streamed', { kind: 'oversize', bytes: 3_000_000, declareLength: false }, { maxBytes: 1024 ** 2 }, /^The answer from the Pyroscope server is larger than the 1 MiB limit\.$/],
    ['drip', { kind: 'drip', intervalMs: 400, bytes: 50 }, { idleTimeoutMs: 150 }, /^The Pyroscope server at http:\/\/127\.0\.0\.1:\d+ stopped sending data for 0\.15 s, so the request was dropped\.$/],
    ['Connect error body', { kind: 'connect-error', status: 503, code: 'unavailable', message: 'too many in-flight queries.' }, {}, /^The Pyroscope server answered ProfileTypes with an error \(unavailable\): too many in-flight queries\.$/],
  ];

  it.each(faults)('fault: %s gives one sentence', async (_name, fault, options, message) => {
    server.fault = fault;
    try {
      const started = performance.now();
      const error = await errorOf(client(options).profileTypes());
      expect(error).toBeInstanceOf(PyroscopeRequestError);
      expect(error.message).toMatch(message);
      expect(error.message.split('. ').length).toBe(1);
      expect(performance.now() - started).toBeLessThan(3_000);
    } finally {
      server.fault = undefined;
    }
    // The server and a fresh request are fine afterwards.
    expect((await client().profileTypes(LAST_HOUR)).length).toBeGreaterThan(0);
  });

  it('says so when nothing listens', async () => {
    // A port that was free a moment ago (fetch refuses "bad ports" such as 9 before connecting).
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    const error = await errorOf(new PyroscopeClient({ serverUrl: `http://127.0.0.1:${port}`, fetch: (url, init) => fetch(url, init) }).labelNames(LAST_HOUR));
    expect(error.message).toBe(`Could not connect to the Pyroscope server at http://127.0.0.1:${port}: the connection was refused.`);
  });
});
