import { parseArgs, type ParseArgsConfig } from 'node:util';

/** What every command shares: option tables, output sinks, usage errors (no imports of commands). */
export const FILTER_OPTIONS = {
  'sample-type': { type: 'string' },
  tagfocus: { type: 'string' },
  tagignore: { type: 'string' },
  focus: { type: 'string' },
  ignore: { type: 'string' },
  hide: { type: 'string' },
  show: { type: 'string' },
  json: { type: 'boolean' },
} satisfies ParseArgsConfig['options'];

export type Output = {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Binary output to stdout (`export -o -` of a .pb.gz); absent in tests that collect text only. */
  bytes?: (data: Uint8Array) => void;
};

export class UsageError extends Error {}

export function parseCommand<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T) {
  try {
    const parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    return parsed;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
