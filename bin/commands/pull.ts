import { rename, rm, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { isRemoteSource } from '../remote-sources.js';
import { parseCommand, UsageError, type Output } from '../cli-support.js';
import { CliError, readSource, REMOTE_OPTIONS, remoteAccess } from '../load-profile.js';

const gzipAsync = promisify(gzip);

/**
 * `flamedeck pull SOURCE -o FILE`: saves a remote profile's bytes, gzipped as pprof saves its
 * .pb.gz files (bytes that came gzipped are kept as they are), so that `flamedeck top FILE` reads
 * exactly what `flamedeck top SOURCE` read.
 */
export async function runPull(argv: string[], io: Output): Promise<number> {
  const { values, positionals } = parseCommand(argv, { ...REMOTE_OPTIONS, output: { type: 'string', short: 'o' } });
  if (positionals.length !== 1) throw new UsageError('pull takes exactly one SOURCE');
  const output = values.output;
  if (!output) throw new UsageError('pull needs -o FILE');
  const [source] = positionals;
  if (!isRemoteSource(source)) throw new UsageError('pull takes an http(s):// or pyroscope+http(s):// SOURCE');
  const bytes = await readSource(source, remoteAccess(values));
  const gzipped = bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
  const saved = gzipped ? bytes : await gzipAsync(bytes);
  // Written beside the target and renamed: a failed pull never leaves half a file under FILE's name.
  const partial = `${output}.partial-${process.pid}`;
  try {
    await writeFile(partial, saved);
    await rename(partial, output);
  } catch (error) {
    await rm(partial, { force: true });
    throw new CliError(`${output}: could not write the profile (${(error as Error).message})`, error);
  }
  io.err(`flamedeck: saved ${saved.length} bytes to ${output}\n`);
  return 0;
}
