import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../bin/cli.js';
import { hasGo, startGoService, type GoService } from './start-go-service.js';

/**
 * A real Go service (main.go beside this file: net/http/pprof and a labelled workload) opened by
 * the CLI. Its profiles change from one request to the next, so "the same bytes" go through a
 * caching proxy on loopback: the first request for an address is relayed to the service, later
 * ones get the bytes it answered then. `top URL` and `pull URL` + `top FILE` then read one answer.
 */
if (!hasGo) console.warn('test/go-service: skipped, `go` is not on PATH (Debian: golang-go; .ci/run installs it)');

let service: GoService | undefined;
let goBase = '';
let proxy: Server | undefined;
let proxyBase = '';

async function startProxy(target: string): Promise<string> {
  const cache = new Map<string, { status: number; type: string; body: Buffer }>();
  proxy = createServer((req, res) => {
    const key = req.url ?? '/';
    const answer = (hit: { status: number; type: string; body: Buffer }) => res.writeHead(hit.status, { 'Content-Type': hit.type }).end(hit.body);
    const hit = cache.get(key);
    if (hit) return answer(hit);
    fetch(`${target}${key}`)
      .then(async (r) => {
        const fresh = { status: r.status, type: r.headers.get('content-type') ?? 'application/octet-stream', body: Buffer.from(await r.arrayBuffer()) };
        cache.set(key, fresh);
        answer(fresh);
      })
      .catch(() => res.writeHead(502).end());
  });
  await new Promise<void>((resolve) => proxy!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
}

async function run(...args: string[]) {
  let out = '';
  let err = '';
  const status = await main(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { status, out, err };
}

describe.skipIf(!hasGo)('a live Go service (net/http/pprof)', () => {
  beforeAll(async () => {
    service = await startGoService();
    goBase = service.url;
    proxyBase = await startProxy(goBase);
  }, 60_000);

  afterAll(async () => {
    service?.stop();
    proxy?.closeAllConnections();
    await new Promise((r) => (proxy ? proxy.close(r) : r(undefined)));
  });

  const expected: Record<string, string> = { heap: 'inuse_space', allocs: 'alloc_space', goroutine: 'goroutine', mutex: 'delay', block: 'delay' };
  const out = mkdtempSync(join(tmpdir(), 'flamedeck-go-'));

  for (const [name, sampleType] of Object.entries(expected)) {
    it(`top of /debug/pprof/${name} equals top of the bytes pull saved`, async () => {
      const direct = await run('top', `${goBase}/debug/pprof/${name}`, '--json');
      expect(direct.status, direct.err).toBe(0);
      expect((JSON.parse(direct.out) as { sampleType: string }).sampleType).toBe(sampleType);

      const url = `${proxyBase}/debug/pprof/${name}`;
      const remote = await run('top', url, '--json');
      const pulled = await run('pull', url, '-o', join(out, `${name}.pb.gz`));
      expect(pulled.status, pulled.err).toBe(0);
      const local = await run('top', join(out, `${name}.pb.gz`), '--json');
      expect(local.status).toBe(0);
      expect(remote.out).toBe(local.out);
      const report = JSON.parse(remote.out) as { total: number; functions: { name: string }[] };
      expect(report.total).toBeGreaterThan(0);
    });
  }

  it('captures a CPU profile for --seconds 2, and top of it equals top of the pulled file', async () => {
    const url = `${proxyBase}/debug/pprof/profile`;
    const started = Date.now();
    const remote = await run('top', url, '--seconds', '2', '--json');
    expect(remote.status, remote.err).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    const pulled = await run('pull', url, '--seconds', '2', '-o', join(out, 'cpu.pb.gz'));
    expect(pulled.status, pulled.err).toBe(0);
    const local = await run('top', join(out, 'cpu.pb.gz'), '--json');
    expect(remote.out).toBe(local.out);
    const report = JSON.parse(remote.out) as { sampleType: string; functions: { name: string }[] };
    expect(report.sampleType).toBe('cpu');
    // The workload's hashing is there, under its label.
    expect(report.functions.some((f) => f.name === 'main.hash')).toBe(true);
    const tags = JSON.parse((await run('tags', join(out, 'cpu.pb.gz'), '--json')).out) as { tags: { key: string; values: { label: string }[] }[] };
    expect(tags.tags.find((t) => t.key === 'worker')?.values.map((v) => v.label)).toContain('hash');
  });

  it('names a profile the service does not have in one line', async () => {
    const result = await run('top', `${goBase}/debug/pprof/nope`);
    expect([result.status, result.err]).toEqual([1, `flamedeck: ${goBase}/debug/pprof/nope: nothing there (HTTP 404 Not Found); check the address: Unknown profile\n`]);
  });
});

