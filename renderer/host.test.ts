import { afterEach, describe, expect, it } from 'vitest';
import { DESKTOP_BRIDGE_KEYS } from '../shared/hosting.js';
import { hostForThisWindow } from './host.js';

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
    expect([...used].sort()).toEqual([...DESKTOP_BRIDGE_KEYS].sort());
  });
});
