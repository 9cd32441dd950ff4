/**
 * An error whose message is a sentence written for the user (a bad file, filter or regex). The
 * CLI and the app show such messages as they are; any other error is an internal one, and they
 * say what happened in user terms instead of showing its text.
 */
export class UserFacingError extends Error {}

/** Whether an error is the JavaScript engine running out of memory (or of array length). */
export function isOutOfMemory(error: unknown): boolean {
  return error instanceof RangeError && /allocation failed|invalid (typed )?array length|out of memory|array buffer/i.test(error.message);
}
