import { isOutOfMemory, UserFacingError } from '../shared/user-facing-error.js';
import { CliError } from './load-profile.js';


/**
 * What to tell the user about an error while working on a file: the message of the engine's own
 * errors, and for anything else (a bug, or a profile the engine was not ready for) what happened
 * in user terms — never the text of an internal TypeError or RangeError.
 */
export function describeFailure(error: unknown): string {
  if (error instanceof UserFacingError) return firstLine(error.message);
  if (isOutOfMemory(error)) return 'the profile is too large to open: out of memory';
  const message = error instanceof Error ? error.message : '';
  if (/Invalid string length/.test(message)) return 'the result is too large to print';
  if (/Maximum call stack/.test(message)) return 'the profile is too large or malformed to open (nested too deeply)';
  return `the profile is too large or malformed to open (an unexpected error; FLAMEDECK_DEBUG=1 shows it)`;
}

/** The error to throw for a failure while working on `path`: one line that names the file. */
export function fileError(path: string, error: unknown): CliError {
  if (error instanceof CliError) return error;
  return new CliError(`${path}: ${describeFailure(error)}`, error);
}

/** With FLAMEDECK_DEBUG=1, the stack of what went wrong, for bug reports. */
export function debugDetails(error: unknown): string {
  if (!process.env.FLAMEDECK_DEBUG) return '';
  const cause = error instanceof CliError && error.cause !== undefined ? error.cause : error;
  return `${cause instanceof Error ? (cause.stack ?? cause.message) : String(cause)}\n`;
}

function firstLine(text: string): string {
  const line = text.split('\n', 1)[0];
  return line.length > 500 ? `${line.slice(0, 500)}…` : line;
}
