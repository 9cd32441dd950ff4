import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { concat, fieldHeader, gzipBomb, ProfileWriter, repeat } from './craft.js';
import { ensureCliBuilt, runCli, verdict, type CliRun } from './run-cli.js';

/**
 * Small files whose counts promise far more than their bytes should cost (issue 7, defect 6):
 * each must end in one line and exit 1, under 2 GB of peak RSS, through the real CLI.
 */
const MB = 1 << 20;
const dir = mkdtempSync(join(tmpdir(), 'flamedeck-amplification-'));
beforeAll(ensureCliBuilt, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const block = 64 * MB;
const zeros = new Uint8Array(block);
const head = () => new ProfileWriter().sampleType('samples', 'count').function(1, 'main.main');
/** `times` blocks of `pattern`, after `before` and before `after`, gzipped without inflating them here. */
const bomb = (before: Uint8Array, pattern: Uint8Array, times: number, after = new Uint8Array()) =>
  gzipBomb(before, pattern.length === block ? pattern : repeat(pattern, block), times, after);

const cases: [string, () => Uint8Array][] = [
  [
    'a sample with a huge packed list of location id 0',
    () => {
      const ids = 9 * block;
      const packed = fieldHeader(1, ids);
      const values = Uint8Array.from([0x12, 0x01, 0x01]);
      return bomb(concat(head().location(0, 0, [1]).finish(), fieldHeader(2, packed.length + ids + values.length), packed), zeros, 9, values);
    },
  ],
  ['hundreds of millions of empty samples', () => bomb(head().finish(), Uint8Array.from([0x12, 0x00]), 14)],
  ['a string table of empty strings', () => bomb(head().finish(), Uint8Array.from([0x32, 0x00]), 14)],
  [
    'a sample with a hundred million labels',
    () => {
      // label {key: 1, str: 1}: 1a 04 08 01 10 01 (string 1 is "samples")
      const labels = repeat(Uint8Array.from([0x1a, 0x04, 0x08, 0x01, 0x10, 0x01]), block);
      const before = new ProfileWriter().sampleType('samples', 'count').function(1, 'k').location(1, 0, [1]).finish();
      const values = Uint8Array.from([0x0a, 0x01, 0x01, 0x12, 0x01, 0x01]);
      return bomb(concat(before, fieldHeader(2, values.length + 9 * labels.length), values), labels, 9);
    },
  ],
  [
    'a location with a hundred million lines',
    () => {
      const lines = 9 * block;
      const sample = Uint8Array.from([0x12, 0x06, 0x0a, 0x01, 0x01, 0x12, 0x01, 0x01]);
      const before = concat(head().finish(), sample, fieldHeader(4, lines + 2), Uint8Array.from([0x08, 0x01]));
      return bomb(before, Uint8Array.from([0x22, 0x02, 0x08, 0x01]), 9);
    },
  ],
  [
    'a deep path through a location with many lines',
    () => {
      const w = head().location(1, 0, Array.from({ length: 2000 }, () => 1));
      w.sample(new Uint8Array(2_000_000).fill(1), [1]);
      return new Uint8Array(w.finish());
    },
  ],
  [
    'a hundred thousand sample types times a hundred thousand samples',
    () => {
      const types = repeat(Uint8Array.from([0x0a, 0x00]), 200_000);
      const samples = repeat(Uint8Array.from([0x12, 0x00]), 200_000);
      return concat(types, samples, Uint8Array.from([0x32, 0x00]));
    },
  ],
  ['a packed comment list of zeros', () => bomb(concat(head().finish(), fieldHeader(13, 9 * block)), zeros, 9)],
  [
    'repeated small samples inflating past the cap',
    () => bomb(head().location(1, 0, [1]).finish(), Uint8Array.from([0x12, 0x06, 0x0a, 0x01, 0x01, 0x12, 0x01, 0x01]), 40),
  ],
];

describe('memory amplification: one line, exit 1, under 2 GB', () => {
  it.each(cases)('%s', async (name, make) => {
    const path = join(dir, `${name.replace(/\W+/g, '-')}.pb.gz`);
    const bytes = make();
    expect(bytes.length).toBeLessThan(40 * MB);
    writeFileSync(path, bytes);
    const run: CliRun = await runCli(['top', path, '--json'], { timeoutMs: 60_000 });
    expect(verdict(run), `${name}: ${run.stderr}`).toBeNull();
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/GB/);
  }, 90_000);
});
