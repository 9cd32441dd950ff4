import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { goIndexUrl, parseGoIndex, standardGoEndpoints } from './go-endpoints.js';

// Saved from a Go 1.19 program's net/http/pprof (GET /debug/pprof/).
const page = readFileSync(new URL('../../test/fixtures/go-pprof-index.html', import.meta.url), 'utf8');
const base = 'http://svc:6060/debug/pprof/';

describe("a Go service's /debug/pprof/ index", () => {
  it('lists its profiles with counts, descriptions and absolute URLs, leaving out what is not a profile', () => {
    const endpoints = parseGoIndex(page, base);
    expect(endpoints?.map((e) => [e.name, e.count])).toEqual([
      ['allocs', 2],
      ['block', 0],
      ['goroutine', 6],
      ['heap', 2],
      ['mutex', 0],
      ['profile', undefined],
      ['threadcreate', 6],
    ]);
    expect(endpoints?.find((e) => e.name === 'goroutine')).toEqual({
      name: 'goroutine',
      url: 'http://svc:6060/debug/pprof/goroutine',
      count: 6,
      description: 'Stack traces of all current goroutines',
      timed: false,
    });
    expect(endpoints?.filter((e) => e.timed).map((e) => e.name)).toEqual(['profile']);
  });

  it("keeps a program's own profiles, their names unescaped and their URLs encoded", () => {
    const custom = page.replace(
      '</table>',
      "<tr><td>3</td><td><a href='my%20conns&amp;pools?debug=1'>my conns&amp;pools</a></td></tr>\n</table>",
    );
    const mine = parseGoIndex(custom, base)?.find((e) => e.name === 'my conns&pools');
    expect(mine).toEqual({ name: 'my conns&pools', url: 'http://svc:6060/debug/pprof/my%20conns%26pools', count: 3, description: '', timed: false });
  });

  it('reads nothing from a page that is not an index, so the caller falls back to the standard names', () => {
    expect(parseGoIndex('<html><body>Welcome</body></html>', base)).toBeNull();
    expect(parseGoIndex('<tr><td>1</td><td><a href="../../etc?debug=1">x</a></td></tr>'.repeat(3), base)).toBeNull();
    expect(standardGoEndpoints(base).map((e) => e.name)).toEqual(['allocs', 'block', 'goroutine', 'heap', 'mutex', 'profile', 'threadcreate']);
  });

  it('reads a huge hostile page in bounded time', () => {
    const hostile = '<tr><td>1<td><a href=\''.repeat(50_000) + '<li><div class=profile-name>'.repeat(50_000);
    const started = performance.now();
    expect(parseGoIndex(hostile, base)).toBeNull();
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('takes a base URL with or without its slash, or a bare origin', () => {
    expect(goIndexUrl('http://svc:6060')).toBe(base);
    expect(goIndexUrl('http://svc:6060/debug/pprof')).toBe(base);
    expect(goIndexUrl('http://svc:6060/debug/pprof/?x=1#y')).toBe(base);
    expect(goIndexUrl('http://svc:6060/admin/pprof')).toBe('http://svc:6060/admin/pprof/');
  });
});
