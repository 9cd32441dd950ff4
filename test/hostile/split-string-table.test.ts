import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProtoWriter } from '../../shared/formats/proto-writer.js';
import { concat, fieldHeader, gzipBomb } from './craft.js';
import { ensureCliBuilt, runCli, verdict } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'flamedeck-split-strings-'));
beforeAll(ensureCliBuilt, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Issue 7, defect 7: a valid profile whose string table is split in two by an unknown field of
 * more than 512 MB (pprof skips it and reads the profile). The strings must be decoded one by
 * one: one decode from the first string to the last would make a string longer than V8 can hold,
 * which aborts Node (exit 134). Nothing smaller shows it: the abort needs a span past 2^29 chars.
 */
describe('a string table split by an unknown field over 512 MB', () => {
  it('opens, as pprof opens it', async () => {
    const w = new ProtoWriter();
    const scratch = new ProtoWriter();
    // strings: 0 "", 1 samples, 2 count, 3 main.main | gap | 4 main.work
    w.message(1, scratch, (m) => m.uint(1, 1).uint(2, 2));
    w.message(5, scratch, (m) => m.uint(1, 1).uint(2, 3));
    w.message(5, scratch, (m) => m.uint(1, 2).uint(2, 4));
    w.message(4, scratch, (m) => m.uint(1, 1).message(4, new ProtoWriter(), (l) => l.uint(1, 1)));
    w.message(4, scratch, (m) => m.uint(1, 2).message(4, new ProtoWriter(), (l) => l.uint(1, 2)));
    w.message(2, scratch, (m) => m.packed(1, [2, 1], new ProtoWriter()).packed(2, [7], new ProtoWriter()));
    for (const s of ['', 'samples', 'count', 'main.main']) w.string(6, s);
    const block = 64 << 20;
    const gapBytes = 9 * block; // 576 MiB of field 100
    const head = concat(w.finish(), fieldHeader(100, gapBytes));
    const tail = new ProtoWriter().string(6, 'main.work').finish();
    const path = join(dir, 'split.pb.gz');
    writeFileSync(path, gzipBomb(head, new Uint8Array(block), 9, tail));

    const run = await runCli(['top', path, '--json'], { timeoutMs: 60_000 });
    expect(verdict(run), run.stderr).toBeNull();
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      sampleType: 'samples',
      unit: 'count',
      total: 7,
      functions: [
        { name: 'main.work', flat: 7, cum: 7 },
        { name: 'main.main', flat: 0, cum: 7 },
      ],
    });
  }, 90_000);
});
