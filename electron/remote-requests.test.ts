import { describe, expect, it } from 'vitest';
import type { FetchProgress, RemoteRequest } from '../shared/remote/remote-api.js';
import type { RemoteAnswer } from '../shared/remote/remote-service.js';
import { RemoteError } from '../shared/remote/http-source.js';
import { UserFacingError } from '../shared/user-facing-error.js';
import { StubWebContents } from './electron-stub.js';
import { RemoteRequests } from './remote-requests.js';

/** A request that runs until the test settles it (or its signal aborts it). */
function controllable() {
  const pending = new Map<string, { resolve: (answer: RemoteAnswer) => void; reject: (error: unknown) => void; progress: (p: FetchProgress) => void; signal: AbortSignal }>();
  const fetched: string[] = [];
  const requests = new RemoteRequests({
    parse: (input) => {
      const request = input as RemoteRequest;
      if (typeof request !== 'object' || request === null || request.op !== 'fetch') throw new UserFacingError('Not a remote request.');
      return request;
    },
    answer: (request, { signal, onProgress }) =>
      new Promise((resolve, reject) => {
        const source = (request as { source: string }).source;
        pending.set(source, { resolve, reject, progress: onProgress, signal });
        signal.addEventListener('abort', () => reject(new RemoteError('cancelled', 'cancelled')));
      }),
    onFetched: (source) => fetched.push(source),
    maxPerWindow: 2,
    progressIntervalMs: 0,
  });
  return { requests, pending, fetched };
}

const fetchOf = (source: string) => ({ op: 'fetch', source });

describe('remote requests in the main process', () => {
  it('answers bytes in an array of their own, and puts a fetched source on the recent list', async () => {
    const { requests, pending, fetched } = controllable();
    const page = new StubWebContents();
    const running = requests.run(page, 'r1', fetchOf('http://127.0.0.1:1/heap'));
    const pool = new Uint8Array(1000).fill(7);
    pending.get('http://127.0.0.1:1/heap')!.resolve({ kind: 'bytes', name: 'heap', bytes: pool.subarray(10, 20) });
    const outcome = await running;
    expect(outcome).toEqual({ kind: 'bytes', name: 'heap', bytes: new Uint8Array(10).fill(7) });
    expect((outcome as { bytes: Uint8Array }).bytes.buffer.byteLength).toBe(10);
    expect(fetched).toEqual(['http://127.0.0.1:1/heap']);
    expect(requests.runningCount(page.id)).toBe(0);
  });

  it('a failure crosses IPC as data: its sentence and kind survive structured clone, a bug becomes one generic sentence', async () => {
    const { requests, pending } = controllable();
    const page = new StubWebContents();
    const failing = requests.run(page, 'r1', fetchOf('http://a/'));
    pending.get('http://a/')!.reject(new RemoteError('unauthorized', 'http://a/: the server asks for credentials (HTTP 401).'));
    expect(structuredClone(await failing)).toEqual({ kind: 'failure', failure: { message: 'http://a/: the server asks for credentials (HTTP 401).', kind: 'unauthorized' } });
    const carried = requests.run(page, 'r2', fetchOf('http://b/'));
    pending.get('http://b/')!.reject(Object.assign(new Error('x'), { failure: { message: 'Pyroscope says no.', kind: 'pyroscope' } }));
    expect(await carried).toEqual({ kind: 'failure', failure: { message: 'Pyroscope says no.', kind: 'pyroscope' } });
    const bug = requests.run(page, 'r3', fetchOf('http://c/'));
    pending.get('http://c/')!.reject(new TypeError('x is undefined'));
    expect(await bug).toMatchObject({ kind: 'failure', failure: { kind: 'internal' } });
    expect(await requests.run(page, 'r4', 'nonsense')).toEqual({ kind: 'failure', failure: { message: 'Not a remote request.', kind: 'invalid' } });
    expect(await requests.run(page, { id: 1 }, fetchOf('http://d/'))).toMatchObject({ kind: 'failure', failure: { kind: 'invalid' } });
    expect(await requests.run(page, 'x'.repeat(65), fetchOf('http://d/'))).toMatchObject({ kind: 'failure', failure: { kind: 'invalid' } });
  });

  it('sends progress to the asking page only, under the request id', async () => {
    const { requests, pending } = controllable();
    const page = new StubWebContents();
    const other = new StubWebContents();
    const running = requests.run(page, 'r1', fetchOf('http://a/'));
    pending.get('http://a/')!.progress({ received: 100, total: 1000 });
    pending.get('http://a/')!.progress({ received: 200 });
    pending.get('http://a/')!.resolve({ kind: 'json', value: [] });
    expect(await running).toEqual({ kind: 'json', value: [] });
    expect(page.sent).toEqual([
      ['remote-progress', ['r1', { received: 100, total: 1000 }]],
      ['remote-progress', ['r1', { received: 200 }]],
    ]);
    expect(other.sent).toEqual([]);
  });

  it('cancel stops only that window\'s request of that id; it answers cancelled, not a failure', async () => {
    const { requests, pending } = controllable();
    const page = new StubWebContents();
    const other = new StubWebContents();
    const running = requests.run(page, 'r1', fetchOf('http://a/'));
    requests.cancel(other, 'r1');
    expect(pending.get('http://a/')!.signal.aborted).toBe(false);
    requests.cancel(page, 'r1');
    expect(await running).toEqual({ kind: 'cancelled' });
    requests.cancel(page, 'r1'); // twice, or after the end: nothing happens
    requests.cancel(page, { not: 'an id' });
  });

  it('runs at most N per window, refuses a duplicate id, and closing a window aborts all of its requests', async () => {
    const { requests, pending } = controllable();
    const page = new StubWebContents();
    const other = new StubWebContents();
    const first = requests.run(page, 'r1', fetchOf('http://a/'));
    const second = requests.run(page, 'r2', fetchOf('http://b/'));
    const failureOf = async (id: string) => ((await requests.run(page, id, fetchOf('http://c/'))) as { failure: { kind: string; message: string } }).failure;
    expect((await failureOf('r1')).message).toMatch(/already running/);
    expect(await failureOf('r3')).toEqual({ kind: 'busy', message: 'Too many remote requests at once (at most 2 per window): wait for one to finish, or cancel one.' });
    const elsewhere = requests.run(other, 'r1', fetchOf('http://d/'));
    expect(requests.runningCount(page.id)).toBe(2);
    page.destroyed = true;
    pending.get('http://a/')!.progress({ received: 1 }); // a destroyed page is sent nothing
    requests.abortAll(page.id);
    expect(await first).toEqual({ kind: 'cancelled' });
    expect(await second).toEqual({ kind: 'cancelled' });
    expect(page.sent).toEqual([]);
    expect(requests.runningCount(page.id)).toBe(0);
    expect(pending.get('http://d/')!.signal.aborted).toBe(false);
    pending.get('http://d/')!.resolve({ kind: 'json', value: null });
    expect(await elsewhere).toEqual({ kind: 'json', value: null });
  });
});
