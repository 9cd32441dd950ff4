import { existsSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { isSourceUrl, sourceWithoutUserinfo, withCaptureSeconds } from './source-urls.js';

/** `--seconds N` or `--seconds=N`: a whole positive number, else none. */
function captureSeconds(args: string[]): number | undefined {
  for (let i = 0; i < args.length; i++) {
    const value = args[i] === '--seconds' ? args[i + 1] : args[i].startsWith('--seconds=') ? args[i].slice('--seconds='.length) : undefined;
    if (value === undefined) continue;
    const seconds = Number(value);
    return Number.isInteger(seconds) && seconds > 0 ? seconds : undefined;
  }
  return undefined;
}

/**
 * Profiles in an Electron command line (`electron main.cjs a.pb.gz --flag b.pb`, or a second
 * instance's argv): everything after the script that is not a switch. A file path is resolved
 * against the directory the command ran in and kept only if the file exists; a source URL
 * (`http(s)://…`, `pyroscope+http(s)://…`) is kept without its user and password, with
 * `--seconds N` as its capture time.
 */
export function profilePathsFromArgv(argv: string[], workingDirectory: string, scriptIndex: number): string[] {
  const args = argv.slice(scriptIndex + 1);
  const seconds = captureSeconds(args);
  const paths: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--seconds') i++;
    if (arg.startsWith('-') || arg === '.') continue;
    if (isSourceUrl(arg)) {
      paths.push(withCaptureSeconds(sourceWithoutUserinfo(arg), seconds));
      continue;
    }
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
