/**
 * The test Pyroscope server on its own, for Playwright tests and for trying the app by hand:
 *
 *   node bin/run-ts.mjs test/pyroscope-server/start.ts [--tenant acme] [--port 0] [--now MS]
 *
 * Prints `PYROSCOPE http://127.0.0.1:PORT` once it listens and serves until its stdin closes
 * (the parent exits, or Ctrl-D). A line `fault {"kind":"status","status":503}` on stdin sets a
 * fault mode of server.ts for every later request; `fault off` clears it.
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { fixturesDir } from '../golden-helpers.js';
import { startPyroscopeServer } from './server.js';

const { values } = parseArgs({ options: { tenant: { type: 'string', default: 'acme' }, port: { type: 'string', default: '0' }, now: { type: 'string' } } });
const port = Number(values.port);
const nowMs = values.now === undefined ? Date.now() : Number(values.now);
if (!Number.isInteger(port) || port < 0 || port > 65535 || !Number.isFinite(nowMs)) {
  process.stderr.write('usage: start.ts [--tenant T] [--port N] [--now UNIX_MS]\n');
  process.exit(2);
}

const server = await startPyroscopeServer({ fixturesDir, nowMs, tenant: values.tenant, port });
process.stdout.write(`PYROSCOPE ${server.url}\n`);
process.stderr.write(`tenant ${values.tenant}, data up to ${new Date(nowMs).toISOString()}; close stdin to stop\n`);

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  const command = /^fault\s+(.*)$/.exec(line.trim());
  if (!command) return void process.stderr.write(`unknown command: ${line}\n`);
  if (command[1] === 'off') {
    server.fault = undefined;
    return;
  }
  try {
    server.fault = JSON.parse(command[1]) as typeof server.fault;
  } catch {
    process.stderr.write(`not a JSON fault: ${command[1]}\n`);
  }
});
lines.on('close', () => {
  void server.close().then(() => process.exit(0));
});
