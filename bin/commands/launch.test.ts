import { describe, expect, it } from 'vitest';
import { main } from '../cli.js';

async function run(...args: string[]) {
  let out = '';
  let err = '';
  const status = await main(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { status, out, err };
}

// `flamedeck FILE` and `flamedeck serve FILE` check their arguments the same way (bin/commands/launch.ts).
describe.each([[['serve']], [['--web']]])('flamedeck %j', (command) => {
  it.each(['x', '-1', '65536', '1.5'])('--port %s is a usage error', async (port) => {
    const { status, err } = await run(...command, `--port=${port}`);
    expect(status).toBe(2);
    expect(err).toMatch(/^flamedeck: --port takes a port number \(0 picks a free one\)\n/);
  });

  it('a missing file is one line, exit 1, before anything starts', async () => {
    const { status, out, err } = await run(...command, '/nonexistent/profile.pb.gz');
    expect(status).toBe(1);
    expect(out).toBe('');
    expect(err).toBe('flamedeck: /nonexistent/profile.pb.gz: no such file\n');
  });
});
