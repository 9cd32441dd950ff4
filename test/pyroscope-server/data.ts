import type { ProfileType } from '../../shared/remote/pyroscope-client.js';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { decodeUncompressedProfile } from '../../shared/formats/pprof-decode.js';
import type { LabelMatcher } from '../../shared/remote/pyroscope-selector.js';

/** Pyroscope's profile name for each kind of Go profile in the fixtures. */
const KIND_NAME: Record<string, string> = {
  cpu: 'process_cpu',
  heap: 'memory',
  allocs: 'memory',
  goroutine: 'goroutine',
  mutex: 'mutex',
  block: 'block',
};

/** What the server lists for a profile type: the API's own shape. */
type StoredType = ProfileType;

/** One series: a label set, the fixture profile behind it, and when it has data. */
export interface StoredSeries {
  labels: Map<string, string>;
  type: StoredType;
  /** Uncompressed profile.proto bytes, what SelectMergeProfile answers with for this series. */
  pprof: Uint8Array;
  /** Index of the type among the fixture's sample types. */
  typeIndex: number;
  /** Total of the type's sample values in one scrape (one stored profile). */
  total: number;
  startMs: number;
  endMs: number;
}

/** Profiles are "scraped" every 15 s, like Pyroscope's default Go pull interval. */
export const SCRAPE_MS = 15_000;

interface ServiceSpec {
  labels: Record<string, string>;
  /** Fixture prefix: app-v1 or app-v2. */
  fixture: string;
  /** How far back the service has data, and until when, relative to the server's clock. */
  fromAgoMs: number;
  untilAgoMs: number;
}

const HOUR = 3_600_000;

/** A few services over different ranges: checkout for a day, its canary the last hour, payments 6 h to 2 h ago. */
const SERVICES: ServiceSpec[] = [
  { labels: { service_name: 'checkout', env: 'prod', version: 'v1' }, fixture: 'app-v1', fromAgoMs: 24 * HOUR, untilAgoMs: 0 },
  { labels: { service_name: 'checkout', env: 'canary', version: 'v2' }, fixture: 'app-v2', fromAgoMs: HOUR, untilAgoMs: 0 },
  { labels: { service_name: 'payments', env: 'prod', version: 'v2' }, fixture: 'app-v2', fromAgoMs: 6 * HOUR, untilAgoMs: 2 * HOUR },
];

const KINDS = ['cpu', 'heap', 'goroutine', 'mutex'];

export function buildSeries(fixturesDir: string, nowMs: number): StoredSeries[] {
  const out: StoredSeries[] = [];
  const cache = new Map<string, Uint8Array>();
  for (const service of SERVICES) {
    for (const kind of KINDS) {
      const file = `${fixturesDir}/${service.fixture}-${kind}.pb.gz`;
      let pprof = cache.get(file);
      if (!pprof) cache.set(file, (pprof = new Uint8Array(gunzipSync(readFileSync(file)))));
      const profile = decodeUncompressedProfile(pprof);
      profile.sampleTypes.forEach((st, index) => {
        let total = 0;
        for (const column of [profile.samples.values[index]]) for (let i = 0; i < column.length; i++) total += column[i];
        const name = KIND_NAME[kind];
        const type: StoredType = {
          id: `${name}:${st.type}:${st.unit}:${profile.periodType.type}:${profile.periodType.unit}`,
          name,
          sampleType: st.type,
          sampleUnit: st.unit,
          periodType: profile.periodType.type,
          periodUnit: profile.periodType.unit,
        };
        const labels = new Map(Object.entries(service.labels));
        labels.set('__name__', name);
        labels.set('__profile_type__', type.id);
        labels.set('__type__', st.type);
        labels.set('__unit__', st.unit);
        labels.set('__period_type__', type.periodType);
        labels.set('__period_unit__', type.periodUnit);
        out.push({ labels, type, pprof, typeIndex: index, total, startMs: nowMs - service.fromAgoMs, endMs: nowMs - service.untilAgoMs });
      });
    }
  }
  return out;
}

/** PromQL semantics: a regex matches the whole value; a missing label is the empty string. */
export function compileMatchers(matchers: LabelMatcher[]): (labels: Map<string, string>) => boolean {
  const tests = matchers.map((m) => {
    const re = m.op === '=~' || m.op === '!~' ? new RegExp(`^(?:${m.value})$`) : undefined;
    return (labels: Map<string, string>) => {
      const value = labels.get(m.name) ?? '';
      switch (m.op) {
        case '=':
          return value === m.value;
        case '!=':
          return value !== m.value;
        case '=~':
          return re!.test(value);
        case '!~':
          return !re!.test(value);
      }
    };
  });
  return (labels) => tests.every((test) => test(labels));
}

/** Scrapes of a series that fall in [startMs, endMs). */
export function scrapesIn(series: StoredSeries, startMs: number, endMs: number): number {
  const from = Math.max(startMs, series.startMs);
  const to = Math.min(endMs, series.endMs);
  if (to <= from) return 0;
  return Math.floor((to - 1) / SCRAPE_MS) - Math.ceil(from / SCRAPE_MS) + 1;
}
