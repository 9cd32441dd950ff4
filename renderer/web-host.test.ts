import { afterEach, describe, expect, it, vi } from 'vitest';
import { webHost } from './host.js';

afterEach(() => {
  vi.unstubAllGlobals();
});

/** The page `flamedeck serve` sends, with or without its token meta tag, and a server that records headers. */
function stubPage(token: string | null) {
  vi.stubGlobal('document', {
    querySelector: (selector: string) => (selector === 'meta[name="flamedeck-token"]' && token !== null ? { content: token } : null),
  });
  const seen: { url: string; token: string | null }[] = [];
  vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
    seen.push({ url, token: new Headers(init?.headers).get('X-Flamedeck-Token') });
    return url === 'api/files' ? Response.json(['a.pb.gz']) : new Response(new Uint8Array([1, 2, 3]));
  });
  return seen;
}

describe('the web host', () => {
  it("sends the page's token in a header with every API request, never in the URL", async () => {
    const seen = stubPage('per-launch-token');
    const [file] = await webHost.initialFiles();
    expect(new Uint8Array(await (await file.load()).bytes.arrayBuffer())).toEqual(new Uint8Array([1, 2, 3]));
    expect(seen).toEqual([
      { url: 'api/files', token: 'per-launch-token' },
      { url: 'api/files/0', token: 'per-launch-token' },
    ]);
  });

  it('sends no token header where the page has none (the desktop app)', async () => {
    const seen = stubPage(null);
    await webHost.exampleProfile();
    expect(seen).toEqual([{ url: 'example/example-go-cpu.pb.gz', token: null }]);
  });
});
