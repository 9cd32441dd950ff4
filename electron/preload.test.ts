import { describe, expect, expectTypeOf, it } from 'vitest';
import { DESKTOP_BRIDGE_KEYS, type DesktopBridge } from '../shared/hosting.js';
import { loadPreload } from './electron-stub.js';

describe('the preload', () => {
  it('exposes exactly the desktop bridge the renderer uses, and nothing else', () => {
    expectTypeOf<(typeof DESKTOP_BRIDGE_KEYS)[number]>().toEqualTypeOf<keyof DesktopBridge<unknown>>();
    const { exposed } = loadPreload();
    expect([...exposed.keys()]).toEqual(['flamedeckHost']);
    const api = exposed.get('flamedeckHost')!;
    expect(Object.keys(api).sort()).toEqual([...DESKTOP_BRIDGE_KEYS].sort());
    for (const key of DESKTOP_BRIDGE_KEYS) expect(typeof api[key]).toBe('function');
  });

  it('sends a dropped file\'s path only when the File has one (a File the page made up has none)', async () => {
    const paths = new Map<string, string>();
    const { exposed, invoked } = loadPreload((file) => paths.get(file.name) ?? '');
    const bridge = exposed.get('flamedeckHost') as unknown as DesktopBridge<File>;
    await bridge.noteDroppedFile(new File([], 'made-up.pb'));
    expect(invoked).toEqual([]);
    paths.set('dropped.pb', '/home/u/dropped.pb');
    await bridge.noteDroppedFile(new File(['abc'], 'dropped.pb', { lastModified: 1234 }));
    expect(invoked).toEqual([['note-dropped-file', ['/home/u/dropped.pb', 3, 1234]]]);
  });

  it('passes remote requests, cancels and progress through under the page\'s request id', async () => {
    const { exposed, invoked, send } = loadPreload();
    const bridge = exposed.get('flamedeckHost') as unknown as DesktopBridge<File>;
    await bridge.remote('r1', { op: 'fetch', source: 'http://127.0.0.1:6060/debug/pprof/heap' });
    await bridge.cancelRemote('r1');
    expect(invoked).toEqual([
      ['remote-request', ['r1', { op: 'fetch', source: 'http://127.0.0.1:6060/debug/pprof/heap' }]],
      ['remote-cancel', ['r1']],
    ]);
    const seen: unknown[] = [];
    const stop = bridge.onRemoteProgress((requestId, progress) => seen.push([requestId, progress]));
    send('remote-progress', 'r1', { received: 10, total: 20 });
    stop();
    send('remote-progress', 'r1', { received: 20, total: 20 });
    expect(seen).toEqual([['r1', { received: 10, total: 20 }]]);
  });
});
