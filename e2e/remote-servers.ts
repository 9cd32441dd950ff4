import type { Page } from '@playwright/test';
import { fixtures, startServe } from './app-server.js';
import { hasGo, startGoService, type GoService } from '../test/go-service/start-go-service.js';
import { startPyroscopeServer, type PyroscopeTestServer } from '../test/pyroscope-server/server.js';

/** What the remote-source specs run against, all on 127.0.0.1: the app in web mode, the Pyroscope test server (tenant `acme`) and, where Go is installed, the Go service. */
export interface RemoteServers {
  server: Awaited<ReturnType<typeof startServe>>;
  pyroscope: PyroscopeTestServer;
  go: GoService | undefined;
}

export async function startRemoteServers(): Promise<RemoteServers> {
  const pyroscope = await startPyroscopeServer({ fixturesDir: fixtures, nowMs: Date.now(), tenant: 'acme' });
  const go = hasGo ? await startGoService() : undefined;
  return { pyroscope, go, server: await startServe() };
}

export async function stopRemoteServers(servers: Partial<RemoteServers>): Promise<void> {
  servers.server?.stop();
  servers.go?.stop();
  await servers.pyroscope?.close();
}

/** Collects every request the page makes to a host other than its own (the CSP should leave none). */
export function onlyOwnOrigin(page: Page, origin: string): string[] {
  const foreign: string[] = [];
  page.on('request', (request) => {
    if (!request.url().startsWith(origin) && !request.url().startsWith('data:') && !request.url().startsWith('blob:')) foreign.push(request.url());
  });
  return foreign;
}
