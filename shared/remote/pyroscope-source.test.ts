import { describe, expect, it } from 'vitest';
import { describePyroscopeSource, formatPyroscopeSource, isPyroscopeSource, parsePyroscopeSource, parsePyroscopeTime } from './pyroscope-source.js';
import { formatLabelSelector, parseLabelSelector, PyroscopeQueryError } from './pyroscope-selector.js';
import { UserFacingError } from '../user-facing-error.js';

const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);
const CPU = 'process_cpu:cpu:nanoseconds:cpu:nanoseconds';

describe('Pyroscope source URL', () => {
  it('parses host, prefix, query, range and tenant', () => {
    const source = parsePyroscopeSource(`pyroscope+https://pyro.example:4040/pyroscope/?query=${CPU}{service_name="checkout",env="prod"}&from=now-1h&until=now&tenant=acme`, NOW);
    expect(source).toEqual({
      serverUrl: 'https://pyro.example:4040/pyroscope',
      profileTypeId: CPU,
      labelSelector: '{service_name="checkout",env="prod"}',
      from: 'now-1h',
      until: 'now',
      tenant: 'acme',
      startMs: NOW - 3_600_000,
      endMs: NOW,
    });
    expect(isPyroscopeSource('pyroscope+http://h/?query=x')).toBe(true);
    expect(isPyroscopeSource('http://h/debug/pprof/heap')).toBe(false);
  });

  it('reads percent-encoded queries and defaults to the last hour and all labels', () => {
    const source = parsePyroscopeSource(`pyroscope+http://127.0.0.1:4040/?query=${encodeURIComponent(CPU)}`, NOW);
    expect(source).toMatchObject({ serverUrl: 'http://127.0.0.1:4040', labelSelector: '{}', startMs: NOW - 3_600_000, endMs: NOW });
    expect(source.tenant).toBeUndefined();
  });

  it.each([
    ['now', NOW],
    ['now-15m', NOW - 900_000],
    ['now-7d', NOW - 7 * 86_400_000],
    ['1764158400', 1764158400_000],
    ['1764158400123', 1764158400123],
    ['2026-11-26T11:00:00Z', NOW - 3_600_000],
    ['2026-11-26T12:30:00+01:00', NOW - 1_800_000],
  ])('time %s', (text, ms) => {
    expect(parsePyroscopeTime(text, NOW)).toBe(ms);
  });

  it('round-trips through format', () => {
    const urls = [
      `pyroscope+http://localhost:4040/?query=${CPU}{service_name="checkout",env=~"prod|canary"}&from=now-6h&until=now-1h&tenant=acme`,
      `pyroscope+https://grafana.example/api/pyroscope/?query=memory:alloc_space:bytes:space:bytes&from=2026-11-26T11:00:00Z&until=1795694400`,
      `pyroscope+http://[::1]:4040/?query=${encodeURIComponent(`${CPU}{path="/a b&c=d+e",q="say \\"hi\\""}`)}&from=now-7d&until=now`,
    ];
    for (const url of urls) {
      const once = parsePyroscopeSource(url, NOW);
      const text = formatPyroscopeSource(once);
      expect(parsePyroscopeSource(text, NOW)).toEqual(once);
      expect(formatPyroscopeSource(parsePyroscopeSource(text, NOW))).toBe(text);
    }
  });

  it.each([
    ['http://host/?query=x', /must start with pyroscope\+http/],
    ['pyroscope+http://user:secret@host/?query=' + CPU, /may not hold credentials/],
    ['pyroscope+http://host:99999/?query=' + CPU, /port 99999/],
    ['pyroscope+http://ho st/?query=' + CPU, /not a valid host/],
    ['pyroscope+http://host/?from=now-1h', /needs a query/],
    ['pyroscope+http://host/?query=cpu{}', /is not a Pyroscope profile type/],
    [`pyroscope+http://host/?query=${CPU}{service_name="x"`, /must be in braces/],
    [`pyroscope+http://host/?query=${CPU}{service_name~"x"}`, /needs =, !=, =~ or !~/],
    [`pyroscope+http://host/?query=${CPU}{service_name="x}`, /unterminated/],
    [`pyroscope+http://host/?query=${CPU}{a="1" b="2"}`, /needs a comma/],
    [`pyroscope+http://host/?query=${CPU}&from=yesterday`, /"yesterday" is not a valid from time/],
    [`pyroscope+http://host/?query=${CPU}&from=now&until=now-1h`, /from \(now\) must be before until/],
    [`pyroscope+http://host/?query=%E0%A4%A`, /not valid percent-encoding/],
  ])('refuses %s in one sentence', (url, message) => {
    let error: unknown;
    try {
      parsePyroscopeSource(url, NOW);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PyroscopeQueryError);
    expect(error).toBeInstanceOf(UserFacingError);
    const text = (error as Error).message;
    expect(text).toMatch(message);
    expect(text).toMatch(/^[A-Z"].*\.$/);
    expect(text.includes('\n')).toBe(false);
  });

  it('parses and formats PromQL-style matchers', () => {
    const matchers = parseLabelSelector(`{ a = "1", b!="x\\"y", c=~"pro.*" ,d!~'z' }`);
    expect(matchers).toEqual([
      { name: 'a', op: '=', value: '1' },
      { name: 'b', op: '!=', value: 'x"y' },
      { name: 'c', op: '=~', value: 'pro.*' },
      { name: 'd', op: '!~', value: 'z' },
    ]);
    expect(parseLabelSelector(formatLabelSelector(matchers))).toEqual(matchers);
    expect(parseLabelSelector('{}')).toEqual([]);
  });
});

describe('Pyroscope source title', () => {
  it.each([
    [`pyroscope+http://h/?query=${CPU}{service_name="checkout",env="prod"}&from=now-1h&until=now`, 'checkout · cpu · last 1h'],
    ['pyroscope+http://h/?query=memory:alloc_space:bytes:space:bytes{env="prod"}&from=now-7d&until=now-1d', 'memory alloc_space · now-7d → now-1d'],
    ['pyroscope+http://h/?query=goroutine:goroutine:count:goroutine:count{service_name=~"a.*"}&from=1764158400&until=1764162000', 'goroutine · 1764158400 → 1764162000'],
  ])('%s', (url, title) => {
    expect(describePyroscopeSource(parsePyroscopeSource(url, NOW))).toBe(title);
  });
});
