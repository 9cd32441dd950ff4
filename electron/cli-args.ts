import { existsSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';

/**
 * Profile paths in an Electron command line (`electron main.cjs a.pb.gz --flag b.pb`, or a
 * second instance's argv): everything after the script that is not a switch, resolved against
 * the directory the command ran in, keeping only existing files.
 */
export function profilePathsFromArgv(argv: string[], workingDirectory: string, scriptIndex: number): string[] {
  const paths: string[] = [];
  for (const arg of argv.slice(scriptIndex + 1)) {
    if (arg.startsWith('-') || arg === '.') continue;
    const path = isAbsolute(arg) ? arg : resolve(workingDirectory, arg);
    try {
      if (existsSync(path) && statSync(path).isFile()) paths.push(path);
    } catch {
      // A path we cannot stat is not one we can open; it is left out, as a shell glob would be.
      continue;
    }
  }
  return paths;
}

/** Where the app's own script sits in argv: after the Electron binary, unless packaged. */
export function scriptIndexOf(argv: string[], packaged: boolean): number {
  if (packaged) return 0;
  const index = argv.findIndex((arg, i) => i > 0 && !arg.startsWith('-'));
  return index < 0 ? 0 : index;
}
