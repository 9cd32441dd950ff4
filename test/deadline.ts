import { runInNewContext } from 'node:vm';

/**
 * Runs synchronous code with a hard deadline: V8 terminates it when the time is up (even inside a
 * regex match) and this throws "Script execution timed out", so a hang fails the test instead of
 * blocking the test process. A generous bound on a hang, not a timing assertion.
 */
export function withDeadline<T>(ms: number, run: () => T): T {
  return runInNewContext('run()', { run }, { timeout: ms }) as T;
}
