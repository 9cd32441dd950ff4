import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PyroscopeClient } from '../shared/remote/pyroscope-client.js';
import { decodeUncompressedProfile } from '../shared/formats/pprof-decode.js';
import { queryFromFlags, resolveSampleType, runQuery } from '../shared/analysis/query.js';
import type { Profile } from '../shared/model/profile.js';
import { startPyroscopeServer, type PyroscopeTestServer } from './pyroscope-server/server.js';
import { mergeProfiles } from './pyroscope-server/merge.js';
import { projectProfile } from './pyroscope-server/project.js';
import { fixturesDir, type TopGolden } from './golden-helpers.js';

const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);
const HOUR = 3_600_000;
const CPU = 'process_cpu:cpu:nanoseconds:cpu:nanoseconds';

let server: PyroscopeTestServer;
beforeAll(async () => {
  server = await startPyroscopeServer({ fixturesDir, nowMs: NOW, tenant: 'acme' });
});
afterAll(() => server.close());

const client = () => new PyroscopeClient({ serverUrl: server.url, fetch: (url, init) => fetch(url, init), tenant: 'acme' });

function golden(name: string): TopGolden {
  return JSON.parse(readFileSync(new URL(`./goldens/${name}.json`, import.meta.url), 'utf8')) as TopGolden;
}

/** flat and cum by function name, rows of one name summed. */
function rowsByName(profile: Profile): Map<string, { flat: number; cum: number }> {
  const top = runQuery(profile, { ...queryFromFlags({}), sampleTypeIndex: 0 }).top!;
  const rows = new Map<string, { flat: number; cum: number }>();
  for (let i = 0; i < top.count; i++) {
    const name = profile.strings[profile.functions.name[top.func[i]]];
    const row = rows.get(name) ?? { flat: 0, cum: 0 };
    row.flat += top.flat[i];
    row.cum += top.cum[i];
    rows.set(name, row);
  }
  return rows;
}

/** What merging `scrapes` copies of each golden's profile gives, by function name. */
function expectedRows(parts: [TopGolden, number][]): Map<string, { flat: number; cum: number }> {
  const rows = new Map<string, { flat: number; cum: number }>();
  for (const [g, scrapes] of parts) {
    for (const f of g.functions) {
      const row = rows.get(f.name) ?? { flat: 0, cum: 0 };
      row.flat += f.flat * scrapes;
      row.cum += f.cum * scrapes;
      rows.set(f.name, row);
    }
  }
  return rows;
}

describe('the test server merges series of different fixtures', () => {
  const v1 = golden('app-v1-cpu__sample_index-cpu');
  const v2 = golden('app-v2-cpu__sample_index-cpu');

  // checkout prod (app-v1) has data for a day, checkout canary (app-v2) for the last hour: over
  // the last hour both have 240 scrapes, over the last two hours 480 and 240.
  for (const [label, startMs, v1Scrapes, v2Scrapes] of [
    ['the last hour', NOW - HOUR, 240, 240],
    ['the last two hours', NOW - 2 * HOUR, 480, 240],
  ] as const) {
    it(`answers checkout over ${label} with the union of app-v1 and app-v2, each times its scrapes`, async () => {
      const bytes = await client().selectMergeProfile({ profileTypeId: CPU, labelSelector: '{service_name="checkout"}', startMs, endMs: NOW });
      const profile = decodeUncompressedProfile(bytes);
      expect(profile.sampleTypes.map((t) => `${t.type}/${t.unit}`)).toEqual(['cpu/nanoseconds']);
      expect(profile.periodType).toEqual({ type: 'cpu', unit: 'nanoseconds' });
      const result = runQuery(profile, { ...queryFromFlags({}), sampleTypeIndex: 0 });
      expect(result.total).toBe(v1.total * v1Scrapes + v2.total * v2Scrapes);

      const rows = rowsByName(profile);
      // main.newFeature is in app-v2 only; runtime.tgkill in app-v1 only.
      expect(v1.functions.some((f) => f.name === 'main.newFeature')).toBe(false);
      expect(rows.get('main.newFeature')).toEqual(expectedRows([[v2, v2Scrapes]]).get('main.newFeature'));
      expect(rows.get('main.newFeature')!.flat + rows.get('main.newFeature')!.cum).toBeGreaterThan(0);
      expect(rows.has('runtime.tgkill')).toBe(true);
      // Every function's flat and cum: the re-mapped stacks are the fixtures' own.
      expect(rows).toEqual(expectedRows([[v1, v1Scrapes], [v2, v2Scrapes]]));

      // The timeline of the same query sums to the same total.
      const [timeline] = await client().selectSeries({ profileTypeId: CPU, labelSelector: '{service_name="checkout"}', startMs, endMs: NOW }, 300);
      expect(timeline.points.reduce((sum, p) => sum + p.value, 0)).toBe(result.total);
    });
  }

  it('keeps the samples\' labels, re-mapped into the first profile\'s strings', async () => {
    const bytes = await client().selectMergeProfile({ profileTypeId: CPU, labelSelector: '{service_name="checkout"}', startMs: NOW - HOUR, endMs: NOW });
    const merged = decodeUncompressedProfile(bytes);
    const query = queryFromFlags({ tagfocus: 'endpoint=/api/v1/orders' });
    const flatSum = (profile: Profile, sampleTypeIndex: number) => runQuery(profile, { ...query, sampleTypeIndex }).top!.flat.reduce((sum, v) => sum + v, 0);
    const fixture = (name: string) => decodeUncompressedProfile(new Uint8Array(gunzipSync(readFileSync(`${fixturesDir}/${name}.pb.gz`))));
    const [a, b] = [fixture('app-v1-cpu'), fixture('app-v2-cpu')];
    const expected = 240 * flatSum(a, resolveSampleType(a, 'cpu')) + 240 * flatSum(b, resolveSampleType(b, 'cpu'));
    expect(flatSum(b, resolveSampleType(b, 'cpu'))).toBeGreaterThan(0);
    expect(flatSum(merged, 0)).toBe(expected);
    expect(merged.samples.count).toBe(a.samples.count + b.samples.count);
  });

  it('answers one fixture byte for byte as projectProfile does', () => {
    const pprof = new Uint8Array(gunzipSync(readFileSync(`${fixturesDir}/app-v1-cpu.pb.gz`)));
    expect(mergeProfiles([{ pprof, typeIndex: 1, scrapes: 240 }])).toEqual(projectProfile(pprof, 1, 240));
  });
});
