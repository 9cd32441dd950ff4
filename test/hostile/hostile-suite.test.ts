import { readdirSync, readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MUTATIONS, Random } from './mutate.js';
import { BOMBS, PATHOLOGICAL } from './pathological.js';
import { ensureCliBuilt, runCli, verdict, type CliRun } from './run-cli.js';

/**
 * The hostile-input suite (issue 7): files generated here from a seed (nothing committed) go
 * through the real CLI, `top FILE --json` and `tags FILE`, two processes at a time, each with a
 * time limit. Every run must end in a result (exit 0) or one clear line and exit 1: no crash,
 * hang, internal message or peak RSS over 2 GB. HOSTILE_SEED and HOSTILE_MUTATIONS vary the set.
 */
const SEED = Number(process.env.HOSTILE_SEED ?? 7);
const MUTATIONS_PER_KIND = Number(process.env.HOSTILE_MUTATIONS ?? 25);
// A hang, not a budget: `tags` of a million distinct label values takes 6 s alone on the 2-core
// machine and over 20 s when the machine is busy (two runs at once here, and whatever else runs).
const TIME_LIMIT_MS = 60_000;

const fixtures = new URL('../fixtures/', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'flamedeck-hostile-'));
beforeAll(ensureCliBuilt, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function rawFixture(file: string): Uint8Array {
  const bytes = readFileSync(join(fixtures, file));
  return bytes[0] === 0x1f ? gunzipSync(bytes) : bytes;
}
const fixtureFiles = readdirSync(fixtures).filter((f) => /\.pb(\.gz)?$/.test(f));

interface Case {
  name: string;
  bytes: () => Uint8Array;
}

interface Outcome {
  results: number;
  cleanErrors: number;
  failures: string[];
}

/** Runs both commands on every case, two processes at a time. */
async function runAll(cases: Case[]): Promise<Outcome> {
  const outcome: Outcome = { results: 0, cleanErrors: 0, failures: [] };
  const jobs = cases.flatMap((c, i) => [
    { c, i, args: ['top', '--json'] },
    { c, i, args: ['tags'] },
  ]);
  const written = new Map<number, string>();
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const job = jobs[next++];
      let path = written.get(job.i);
      if (path === undefined) {
        path = join(dir, `case-${job.i}.pb`);
        writeFileSync(path, job.c.bytes());
        written.set(job.i, path);
      }
      const run: CliRun = await runCli([job.args[0], path, ...job.args.slice(1)], { timeoutMs: TIME_LIMIT_MS });
      const problem = verdict(run);
      if (problem) outcome.failures.push(`${job.c.name} [${job.args.join(' ')}]: ${problem}`);
      else if (run.status === 0) outcome.results++;
      else outcome.cleanErrors++;
      if (process.env.HOSTILE_VERBOSE) {
        console.log(`${job.c.name} [${job.args.join(' ')}] exit ${run.status} ${(run.maxRss / 1e6).toFixed(0)} MB: ${run.stderr.trim().replace(path, 'FILE')}`);
      }
    }
  };
  await Promise.all([worker(), worker()]);
  return outcome;
}

function report(kind: string, outcome: Outcome, cases: number): void {
  console.log(
    `hostile ${kind}: ${cases} files, ${outcome.results + outcome.cleanErrors + outcome.failures.length} runs, ` +
      `${outcome.results} results, ${outcome.cleanErrors} clean errors, ${outcome.failures.length} failures`,
  );
}

function mutationCases(): Case[] {
  const random = new Random(SEED);
  const cases: Case[] = [];
  for (const [kind, mutate] of Object.entries(MUTATIONS)) {
    for (let n = 0; n < MUTATIONS_PER_KIND; n++) {
      // Mostly the small fixtures: the mutation matters, not the size.
      const file = random.next() < 0.9 ? random.pick(fixtureFiles.filter((f) => !f.startsWith('synth'))) : 'synth-small.pb.gz';
      let bytes = rawFixture(file);
      for (let k = 1 + (random.next() < 0.2 ? random.int(3) : 0); k > 0; k--) bytes = mutate(bytes, random);
      const gzip = random.next() < 0.5;
      const out = gzip ? gzipSync(bytes) : bytes;
      cases.push({ name: `${kind} #${n} of ${file}${gzip ? ' (gzipped)' : ''}`, bytes: () => out });
    }
  }
  return cases;
}

function truncationCases(): Case[] {
  const random = new Random(SEED + 1);
  const cases: Case[] = [];
  for (const file of ['app-v1-cpu.pb.gz', 'app-v2-heap.pb.gz', 'edge-inline-unsymbolized.pb', 'edge-dropframes.pb.gz']) {
    const raw = rawFixture(file);
    for (const [form, whole] of [['raw', raw], ['gzip', gzipSync(raw)]] as const) {
      const offsets = new Set([1, 2, 3, 10, whole.length - 1, whole.length - 4, whole.length - 9]);
      while (offsets.size < 10) offsets.add(1 + random.int(whole.length - 1));
      for (const at of offsets) cases.push({ name: `${file} (${form}) cut at ${at} of ${whole.length}`, bytes: () => whole.slice(0, at) });
    }
  }
  return cases;
}

const named = (table: Record<string, () => Uint8Array>): Case[] => Object.entries(table).map(([name, bytes]) => ({ name, bytes }));

describe('hostile inputs through the CLI: a result or one clear line, never a crash, hang or 2 GB', () => {
  it('seeded mutations of the fixtures', async () => {
    const cases = mutationCases();
    expect(cases.length).toBeGreaterThanOrEqual(Object.keys(MUTATIONS).length * MUTATIONS_PER_KIND);
    const outcome = await runAll(cases);
    report('mutations', outcome, cases.length);
    expect(outcome.failures).toEqual([]);
    // Most mutations break the file; some leave a profile that opens. Both must have happened.
    expect(outcome.results).toBeGreaterThan(0);
    expect(outcome.cleanErrors).toBeGreaterThan(0);
  }, 1_800_000);

  it('truncations of gzip and raw profiles at many offsets', async () => {
    const cases = truncationCases();
    const outcome = await runAll(cases);
    report('truncations', outcome, cases.length);
    expect(outcome.failures).toEqual([]);
    expect(outcome.cleanErrors).toBeGreaterThan(cases.length);
  }, 900_000);

  it('bombs', async () => {
    const cases = named(BOMBS);
    const outcome = await runAll(cases);
    report('bombs', outcome, cases.length);
    expect(outcome.failures).toEqual([]);
    expect(outcome.results).toBe(0);
  }, 900_000);

  it('pathological but valid profiles', async () => {
    const cases = named(PATHOLOGICAL);
    const outcome = await runAll(cases);
    report('pathological', outcome, cases.length);
    expect(outcome.failures).toEqual([]);
    expect(outcome.results).toBeGreaterThan(cases.length);
  }, 900_000);
});
