import { DEFAULT_MAX_MEMORY_BYTES } from '../shared/formats/memory-budget.js';
import { UsageError } from './cli-support.js';

/** `--max-memory`: the option table entry top and tags take. */
export const MEMORY_OPTION = { 'max-memory': { type: 'string' } } as const;

const UNITS: Record<string, number> = { '': 1, b: 1, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, kib: 2 ** 10, mib: 2 ** 20, gib: 2 ** 30 };

/** "4gb", "1.5 GB", "800mb", "2GiB", or a number of bytes; null when it is none of these. */
function parseByteSize(text: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = match ? UNITS[match[2].toLowerCase()] : undefined;
  if (!match || unit === undefined) return null;
  const bytes = Number(match[1]) * unit;
  return bytes > 0 ? bytes : null;
}

/** The largest remote profile fetched: --max-download, else FLAMEDECK_MAX_DOWNLOAD, else none given (the clients' 1 GiB). */
export function maxDownloadBytes(flag: string | undefined, env = process.env.FLAMEDECK_MAX_DOWNLOAD): number | undefined {
  for (const [text, where] of [[flag, '--max-download'], [env, 'FLAMEDECK_MAX_DOWNLOAD']] as const) {
    if (text === undefined || text === '') continue;
    const bytes = parseByteSize(text);
    if (bytes === null) throw new UsageError(`${where} takes a size such as 1gb or 200mb, not ${JSON.stringify(text)}`);
    return bytes;
  }
  return undefined;
}

/** The memory limit for opening a profile: --max-memory, else FLAMEDECK_MAX_MEMORY, else 2 GB. */
export function maxMemoryBytes(flag: string | undefined, env = process.env.FLAMEDECK_MAX_MEMORY): number {
  for (const [text, where] of [[flag, '--max-memory'], [env, 'FLAMEDECK_MAX_MEMORY']] as const) {
    if (text === undefined || text === '') continue;
    const bytes = parseByteSize(text);
    if (bytes === null) throw new UsageError(`${where} takes a size such as 4gb or 800mb, not ${JSON.stringify(text)}`);
    return bytes;
  }
  return DEFAULT_MAX_MEMORY_BYTES;
}
