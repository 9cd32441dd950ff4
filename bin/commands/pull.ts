import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { isSourceUrl } from '../../shared/remote/source-url.js';
import { parseCommand, UsageError, type Output } from '../cli-support.js';
import { readSource, REMOTE_OPTIONS, remoteAccess } from '../load-profile.js';
import { writeWhole } from '../write-output.js';

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
  if (!isSourceUrl(source)) throw new UsageError('pull takes an http(s):// or pyroscope+http(s):// SOURCE');
  const bytes = await readSource(source, remoteAccess(values));
  const gzipped = bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
  const saved = gzipped ? bytes : await gzipAsync(bytes);
  await writeWhole(output, saved, 'the profile');
  io.err(`flamedeck: saved ${saved.length} bytes to ${output}\n`);
  return 0;
}
