#!/usr/bin/env node
// The installed command: runs the bundle that `npm run build` makes (dist/cli/cli.mjs), plain
// JavaScript. Where it is missing (`npm install --ignore-scripts`) or older than its sources
// (a clone after an edit or a pull), it is built first.
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const entry = `${root}dist/cli/cli.mjs`;

function bundleState() {
  const built = statSync(entry, { throwIfNoEntry: false });
  if (!built) return 'missing';
  let sources;
  try {
    sources = JSON.parse(readFileSync(`${root}dist/cli/sources.json`, 'utf8'));
  } catch {
    return 'stale'; // a bundle without its list of sources is from an interrupted build
  }
  // Sources are absent from some installs: then only the bundle counts.
  const newer = sources.some((source) => (statSync(`${root}${source}`, { throwIfNoEntry: false })?.mtimeMs ?? 0) > built.mtimeMs);
  return newer ? 'stale' : 'ready';
}

const state = bundleState();
if (state !== 'ready') {
  if (state === 'missing') process.stderr.write('flamedeck: building the command (first run)…\n');
  try {
    const { buildCli } = await import('../scripts/build-cli.mjs');
    await buildCli();
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    process.stderr.write(`flamedeck: the command is not built and could not be built here (${reason}); run \`npm install && npm run build\` in ${root.replace(/\/$/, '')}\n`);
    process.exit(1);
  }
}
// `flamedeck top big.pb.gz | head`: the reader went away; stop quietly, as Unix tools do.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
const { main } = await import(pathToFileURL(entry).href);
process.exitCode = await main(process.argv.slice(2));
