import { describe, expect, it } from 'vitest';
import { isSourceUrl, sourceCredentials, sourceTitle, storedSource, withCaptureSeconds } from './source-url.js';

describe('source URLs', () => {
  it('names tabs after the source', () => {
    expect(sourceTitle('http://10.0.0.1:6060/debug/pprof/profile?seconds=15')).toBe('profile · 15s · 10.0.0.1:6060');
    expect(sourceTitle('pyroscope+http://p:4040/?query=process_cpu:cpu:nanoseconds:cpu:nanoseconds{service_name="checkout"}&from=now-1h&until=now')).toBe('checkout · cpu · last 1h');
    expect(sourceTitle('http://h:6060/')).toBe('h:6060');
  });

  it('stores a source without its user and password, otherwise as written', () => {
    expect(storedSource(' http://bob:secret@h:6060/debug/pprof/heap ')).toBe('http://h:6060/debug/pprof/heap');
    expect(storedSource('http://ann:p@ss@host:6060/debug/pprof/heap')).toBe('http://host:6060/debug/pprof/heap');
    expect(storedSource('pyroscope+https://ann:p@ss@pyro:4040/?query=x&from=a@b')).toBe('pyroscope+https://pyro:4040/?query=x&from=a@b');
    const pyroscope = 'pyroscope+https://p/?query=memory:alloc_space:bytes::{service_name="a b"}&from=now-1h&until=now';
    expect(storedSource(pyroscope)).toBe(pyroscope);
  });

  it('tells sources from file paths', () => {
    expect(['http://h/x', 'HTTPS://h/x', 'pyroscope+http://p/?query=a', '/tmp/http.pb.gz', 'http.pb.gz', 'ftp://h/x'].map(isSourceUrl)).toEqual([true, true, true, false, false, false]);
  });

  it('sets --seconds on an http source, over its own (as pprof does), and leaves Pyroscope sources alone', () => {
    expect(withCaptureSeconds('http://h/debug/pprof/profile', 5)).toBe('http://h/debug/pprof/profile?seconds=5');
    expect(withCaptureSeconds('http://h/debug/pprof/profile?seconds=9', 5)).toBe('http://h/debug/pprof/profile?seconds=5');
    expect(withCaptureSeconds('pyroscope+http://p/?query=x', 5)).toBe('pyroscope+http://p/?query=x');
  });

  it("keeps the command line's credentials and a URL's user:password for the server's origin", () => {
    expect(sourceCredentials('http://bob:s%40cret@h:6060/debug/pprof/heap', { tenant: 't' })).toEqual({ kind: 'go', url: 'http://h:6060/', credentials: { tenant: 't', user: 'bob', password: 's@cret' } });
    expect(sourceCredentials('pyroscope+https://p:4040/?query=x', { token: 'tok', user: '' })).toEqual({ kind: 'pyroscope', url: 'https://p:4040/', credentials: { token: 'tok' } });
    expect(sourceCredentials('http://h/x', {})).toBeNull();
    expect(sourceCredentials('http://a%zz:b@h/x', {})).toMatchObject({ credentials: { user: 'a%zz', password: 'b' } });
  });
});
