import { parseCommand, type Output } from '../cli-support.js';
import { LAUNCH_OPTIONS, prepareLaunch, serveUntilStopped } from './launch.js';

/** `flamedeck serve [--port N] [--base BASE] [FILE...]`: web mode only, until interrupted. */
export async function runServe(argv: string[], io: Output): Promise<number> {
  const { values, positionals } = parseCommand(argv, LAUNCH_OPTIONS);
  return serveUntilStopped(prepareLaunch(values, positionals, io), (url) => io.out(`Flamedeck is serving on ${url}\n`));
}
