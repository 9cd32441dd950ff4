import { afterEach, describe, expect, it } from 'vitest';
import { DESKTOP_BRIDGE_KEYS } from '../shared/hosting.js';
import { downloadBlob, hostForThisWindow } from './host.js';

afterEach(() => {
  delete (globalThis as { window?: unknown }).window;
});

describe('the desktop host', () => {
  it('uses every member of the bridge the preload exposes (so the preload exposes nothing unused)', async () => {
    const used = new Set<string>();
    const bridge = new Proxy(
      {},
      {
        get: (_target, key) => {
          used.add(String(key));
          if (key === 'readFile') return async () => ({ name: 'a.pb', bytes: new Uint8Array([1, 2]) });
          if (key === 'openDialog') return async () => [{ token: 't', name: 'a.pb' }];
          if (key === 'getSettings') return async () => ({ theme: 'dark', defaultView: 'flame', order: 'name' });
          if (key === 'noteDroppedFile') return async () => undefined;
          if (key === 'remote') return async () => ({ kind: 'json', value: [] });
          if (key === 'cancelRemote') return async () => undefined;
          if (key === 'saveFile') return async (name: string, bytes: Uint8Array) => (bytes.length === 0 ? { kind: 'failure', message: `Could not save ${name}: permission denied.` } : { kind: 'cancelled' });
          return () => () => {};
        },
      },
    );
    (globalThis as { window?: unknown }).window = { flamedeckHost: bridge };
    const host = hostForThisWindow();
    expect(host.kind).toBe('desktop');
    const [offered] = await host.openDialog!();
    expect(new Uint8Array(await (await offered.load()).bytes.arrayBuffer())).toEqual(new Uint8Array([1, 2]));
    host.noteDroppedFile!(new File([], 'dropped.pb'));
    expect(await host.settings!()).toMatchObject({ theme: 'dark' });
    host.onOpenFiles!(() => {})();
    host.onOpenComparison!(() => {})();
    host.onSettings!(() => {})();
    host.onConnect!(() => {})();
    host.onExport!(() => {})();
    expect(await host.saveFile('a.csv', new Blob(['x']))).toBe('cancelled');
    await expect(host.saveFile('b.csv', new Blob([]))).rejects.toThrow('Could not save b.csv: permission denied.');
    expect(await host.remote!.query({ op: 'connections' })).toEqual([]);
    const cancel = new AbortController();
    const fetching = host.remote!.fetchProfile({ op: 'fetch', source: 'http://127.0.0.1:1/heap' }, { signal: cancel.signal, onProgress: () => {} });
    cancel.abort();
    await expect(fetching).rejects.toMatchObject({ name: 'AbortError' });
    expect([...used].sort()).toEqual([...DESKTOP_BRIDGE_KEYS].sort());
  });
});

describe('a source URL the desktop host sends (command line, Open Recent)', () => {
  it('is offered with its source, and its load fetches it through the host', async () => {
    const asked: unknown[] = [];
    let sendFiles: (files: { token: string; name: string; source?: string }[]) => void = () => {};
    const bridge = {
      onOpenFiles: (listener: typeof sendFiles) => ((sendFiles = listener), () => {}),
      remote: async (_id: string, request: unknown) => (asked.push(request), { kind: 'bytes', name: 'heap', bytes: new Uint8Array([9]) }),
    };
    (globalThis as { window?: unknown }).window = { flamedeckHost: bridge };
    const offered: { name: string; source?: string; load: () => Promise<{ bytes: Blob }> }[] = [];
    hostForThisWindow().onOpenFiles!((files) => offered.push(...files));
    sendFiles([{ token: '', name: 'heap · 127.0.0.1:6060', source: 'http://127.0.0.1:6060/debug/pprof/heap' }]);
    expect(offered[0]).toMatchObject({ name: 'heap · 127.0.0.1:6060', source: 'http://127.0.0.1:6060/debug/pprof/heap' });
    expect(new Uint8Array(await (await offered[0].load()).bytes.arrayBuffer())).toEqual(new Uint8Array([9]));
    expect(asked).toEqual([{ op: 'fetch', source: 'http://127.0.0.1:6060/debug/pprof/heap' }]);
  });
});

describe('saving in web mode', () => {
  it('downloads the bytes under the suggested name through a link that is gone afterwards', async () => {
    const clicked: { download: string; bytes: string }[] = [];
    const body = new Set<unknown>();
    const link = {
      href: '',
      download: '',
      style: {} as Record<string, string>,
      click() {
        clicked.push({ download: this.download, bytes: this.href });
      },
      remove() {
        body.delete(this);
      },
    };
    const doc = { createElement: () => link, body: { append: (node: unknown) => body.add(node) } } as unknown as Document;
    expect(await downloadBlob('app-filtered.folded', new Blob(['a;b 1\n']), doc)).toBe('saved');
    expect(clicked).toHaveLength(1);
    expect(clicked[0].download).toBe('app-filtered.folded');
    expect(clicked[0].bytes).toMatch(/^blob:/);
    expect(body.size).toBe(0);
  });
});
