import { describe, expect, it } from 'vitest';
import { NO_FILTERS } from '../../shared/analysis/query.js';
import { formatHash, parseHash } from './url-state.js';

describe('the location hash', () => {
  it('round-trips the sandwich function and a zoom path of any names', () => {
    const zoom = ['main.main', 'a&b=c d', 'std::vector<int, std::allocator<int> >::push_back', 'π.(*T).m#1', 'x%2Fy'];
    const hash = formatHash({ view: 'sandwich', sampleTypeName: 'cpu', search: '', filters: { ...NO_FILTERS, show: 'main\\.' }, sandwichFunc: 'runtime.mallocgc', zoom });
    expect(parseHash(hash)).toEqual({ view: 'sandwich', si: 'cpu', s: 'main\\.', sw: 'runtime.mallocgc', z: zoom });
  });

  it('reads z in order and a hash without it as no zoom', () => {
    expect(parseHash('#view=flame&z=a&z=b&z=c').z).toEqual(['a', 'b', 'c']);
    expect(parseHash('#view=flame').z).toEqual([]);
    // An unknown view is kept as written, for the notice that names it.
    expect(parseHash('#view=bogus').view).toBe('bogus');
    expect(parseHash('#si=cpu').view).toBeUndefined();
  });
});

describe('a remote source in the hash', () => {
  it('round-trips a Pyroscope source URL with its braces, quotes and ampersands', () => {
    const source = 'pyroscope+http://127.0.0.1:4040/?query=process_cpu:cpu:nanoseconds:cpu:nanoseconds{service_name="checkout",env=~"prod|canary"}&from=now-1h&until=now';
    const hash = formatHash({ view: 'flame', sampleTypeName: '', search: '', filters: { ...NO_FILTERS }, sandwichFunc: '', zoom: [], source });
    expect(parseHash(hash).src).toBe(source);
  });

  it('names both sources of a remote comparison', () => {
    const hash = formatHash({ view: 'diff', sampleTypeName: '', search: '', filters: { ...NO_FILTERS }, sandwichFunc: '', zoom: [], source: 'http://h/t', baseSource: 'http://h/b?x=1&y=2' });
    expect(parseHash(hash)).toMatchObject({ src: 'http://h/t', base: 'http://h/b?x=1&y=2' });
  });

  it('leaves src out for a file, which is named by tab', () => {
    const hash = formatHash({ view: 'flame', sampleTypeName: '', search: '', filters: { ...NO_FILTERS }, sandwichFunc: '', zoom: [], tabName: 'a → b.pb.gz' });
    expect(parseHash(hash).src).toBeUndefined();
    expect(parseHash(hash).tab).toBe('a → b.pb.gz');
  });

  it('names a remote tab by its source only', () => {
    const hash = formatHash({ view: 'flame', sampleTypeName: '', search: '', filters: { ...NO_FILTERS }, sandwichFunc: '', zoom: [], source: 'http://h/x', tabName: 'x' });
    expect(parseHash(hash).tab).toBeUndefined();
  });
});
