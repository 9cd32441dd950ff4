// `npm run bench`: decode + top for a medium and a large generated profile, against
// pprof-format's decode in the same run. Prints JSON; inputs are generated (seeded) and cached
// in bench/out/.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { synthesizeProfile, type SynthOptions } from '../shared/formats/synthetic-profile.js';

const root = new URL('..', import.meta.url).pathname;
const outDir = join(root, 'bench', 'out');
mkdirSync(outDir, { recursive: true });

const inputs: { name: string; options: SynthOptions; budgetMs: number; budgetMB?: number; runs: number }[] = [
  { name: 'medium', options: { stacks: 20_000, samples: 200_000, seed: 11 }, budgetMs: 400, runs: 3 },
  { name: 'large', options: { stacks: 200_000, samples: 2_000_000, seed: 11 }, budgetMs: 4000, budgetMB: 1200, runs: 1 },
];
const only = process.argv[2];

function input(name: string, options: SynthOptions): string {
  const path = join(outDir, `synth-${name}-${options.stacks}-${options.samples}-${options.seed}.pb.gz`);
  if (!existsSync(path)) {
    const started = performance.now();
    writeFileSync(path, gzipSync(synthesizeProfile(options)));
    process.stderr.write(`generated ${path} in ${Math.round(performance.now() - started)} ms\n`);
  }
  return path;
}

// The measured code runs as one esbuild bundle, as the app's worker bundle will, with no
// TypeScript loader in the process.
const measureScript = join(outDir, 'measure-decode.mjs');
await build({
  entryPoints: [join(root, 'bench', 'measure-decode.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  outfile: measureScript,
  logLevel: 'error',
});

function measure(file: string, mode: string): Record<string, number> {
  const out = execFileSync(process.execPath, ['--max-old-space-size=8192', measureScript, file, mode], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out) as Record<string, number>;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const report: Record<string, unknown> = { machine: { cpus: (await import('node:os')).cpus().length, node: process.version } };
for (const { name, options, budgetMs, budgetMB, runs } of inputs) {
  if (only && only !== name) continue;
  const file = input(name, options);
  const ours = Array.from({ length: runs }, () => measure(file, 'flamedeck'));
  const best = ours.reduce((a, b) => (a.totalMs <= b.totalMs ? a : b));
  const reference = measure(file, 'pprof-format');
  report[name] = {
    input: { ...options, gzippedMB: +(statSync(file).size / 2 ** 20).toFixed(1) },
    flamedeck: { ...best, medianTotalMs: median(ours.map((r) => r.totalMs)) },
    pprofFormatDecode: reference,
    budget: { decodePlusTopMs: budgetMs, ...(budgetMB ? { heapMB: budgetMB } : {}) },
    withinBudget: median(ours.map((r) => r.totalMs)) <= budgetMs && (!budgetMB || best.peakRssMB <= budgetMB),
  };
}
// The installed command's start-up: `flamedeck --help`, median of 20 (a first run builds a missing or stale bundle).
const cli = [join(root, 'bin', 'flamedeck.mjs'), '--help'];
execFileSync(process.execPath, cli);
const helpMs = Array.from({ length: 20 }, () => {
  const started = performance.now();
  execFileSync(process.execPath, cli);
  return performance.now() - started;
});
report.cliHelp = { medianMs: Math.round(median(helpMs)), runs: 20, budgetMs: 200, withinBudget: median(helpMs) <= 200 };
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
