import { afterEach, describe, expect, it, vi } from 'vitest';

const failure: { error: unknown } = vi.hoisted(() => ({ error: new Error('unset') }));
vi.mock('../shared/formats/pprof-decode.js', () => ({
  // The thrown value itself is what is under test, Error or not.
  // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
  decodeProfile: () => Promise.reject(failure.error),
}));

const { main } = await import('./cli.js');
const fixture = new URL('../test/fixtures/app-v1-cpu.pb.gz', import.meta.url).pathname;

async function run(...args: string[]) {
  let out = '';
  let err = '';
  const status = await main(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { status, out, err };
}

function overflow(): never {
  const recurse = (n: number): number => recurse(n + 1) + 1;
  recurse(0);
  throw new Error('unreachable');
}

describe('unexpected errors reach the user as one sentence naming the file (issue 7, defect 8)', () => {
  afterEach(() => vi.unstubAllEnvs());

  const cases: [string, () => unknown, RegExp][] = [
    ['allocation failure', () => new RangeError('Array buffer allocation failed'), /too large to open: out of memory/],
    ['invalid array length', () => new RangeError('Invalid array length'), /too large to open: out of memory/],
    ['a stack overflow', () => {
      try {
        overflow();
      } catch (error) {
        return error;
      }
    }, /too large or malformed to open \(nested too deeply\)/],
    ['a TypeError', () => new TypeError("Cannot read properties of undefined (reading 'type')"), /too large or malformed to open \(an unexpected error; FLAMEDECK_DEBUG=1 shows it\)/],
    ['a thrown string', () => 'boom', /too large or malformed to open/],
  ];
  it.each(cases)('%s', async (_, make, message) => {
    failure.error = make();
    for (const command of ['top', 'tags']) {
      const { status, out, err } = await run(command, fixture);
      expect(status).toBe(1);
      expect(out).toBe('');
      expect(err.endsWith('\n')).toBe(true);
      expect(err.trim().split('\n')).toHaveLength(1);
      expect(err).toContain(`flamedeck: ${fixture}: `);
      expect(err).toMatch(message);
      expect(err).not.toMatch(/TypeError|RangeError|Maximum call stack|allocation failed|undefined|boom/);
    }
  });

  it('FLAMEDECK_DEBUG=1 adds the stack for a bug report', async () => {
    failure.error = new TypeError("Cannot read properties of undefined (reading 'type')");
    vi.stubEnv('FLAMEDECK_DEBUG', '1');
    const { status, err } = await run('top', fixture);
    expect(status).toBe(1);
    const [first, ...rest] = err.trim().split('\n');
    expect(first).toMatch(/an unexpected error/);
    expect(rest[0]).toBe("TypeError: Cannot read properties of undefined (reading 'type')");
    expect(rest.length).toBeGreaterThan(1);
  });
});
