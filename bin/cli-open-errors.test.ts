import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { main } from './cli.js';

const raw = gunzipSync(readFileSync(new URL('../test/fixtures/app-v1-cpu.pb.gz', import.meta.url)));

async function run(...args: string[]) {
  let out = '';
  let err = '';
  const status = await main(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { status, out, err };
}

describe('the CLI says first what a bad file looks like, as the app does (issue 11, defect 11)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'flamedeck-open-errors-'));
  const cut = Math.floor(raw.length * 0.4);
  const cases: [string, Uint8Array | string, string][] = [
    ['notes.txt', 'hello, this is not a profile\n', 'This is not a pprof profile — it looks like text.'],
    ['page.html', '<!doctype html><html><body>404 Not Found</body></html>', 'This is not a pprof profile — it looks like an HTML page'],
    ['profile.json', '{"samples":[1,2,3],"nodes":[]}', 'This is not a pprof profile — it looks like JSON'],
    ['cut.pb', raw.subarray(0, cut), `The file is cut short at byte ${cut}:`],
    ['cut-early.pb', raw.subarray(0, 28), 'The file is cut short at byte 28:'],
  ];
  it.each(cases)('%s', async (name, content, first) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    for (const command of ['top', 'tags']) {
      const { status, out, err } = await run(command, path);
      expect(status).toBe(1);
      expect(out).toBe('');
      expect(err.trim().split('\n')).toHaveLength(1);
      // The actionable sentence right after the file's name, the decoder's detail after it.
      expect(err.startsWith(`flamedeck: ${path}: ${first}`), err).toBe(true);
      expect(err).toMatch(/ Details: \S/);
    }
  });
});
