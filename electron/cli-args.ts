import { existsSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { RemoteCredentials } from '../shared/remote/remote-api.js';
import { isSourceUrl, sourceCredentials, storedSource, withCaptureSeconds } from '../shared/remote/source-url.js';

/** The switches that take a value (`--seconds 30` or `--seconds=30`): their value is not a profile. */
const VALUE_SWITCHES = ['--seconds', '--tenant', '--user'];

/** A switch's value, the first time it is given, or undefined. */
function switchValue(args: string[], name: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === name) return args[i + 1];
    if (args[i].startsWith(`${name}=`)) return args[i].slice(name.length + 1);
  }
  return undefined;
}

/** `--seconds N`: a whole positive number, else none. */
function captureSeconds(args: string[]): number | undefined {
  const seconds = Number(switchValue(args, '--seconds'));
  return Number.isInteger(seconds) && seconds > 0 ? seconds : undefined;
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
    if (VALUE_SWITCHES.includes(arg)) i++;
    if (arg.startsWith('-') || arg === '.') continue;
    if (isSourceUrl(arg)) {
      paths.push(withCaptureSeconds(storedSource(arg), seconds));
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

/**
 * The credentials a command line gives for each of its source URLs, as the CLI takes them:
 * `--tenant`, `--user`, FLAMEDECK_PASSWORD and FLAMEDECK_TOKEN from the environment, and a URL's
 * own `user:password@`. They are kept by the main process for this run, never sent to the page.
 */
export function sourceCredentialsFromArgv(argv: string[], scriptIndex: number, env: Record<string, string | undefined>): { url: string; credentials: RemoteCredentials }[] {
  const args = argv.slice(scriptIndex + 1);
  const given: RemoteCredentials = { tenant: switchValue(args, '--tenant'), user: switchValue(args, '--user'), password: env.FLAMEDECK_PASSWORD, token: env.FLAMEDECK_TOKEN };
  return args.filter(isSourceUrl).flatMap((arg) => {
    const seeded = sourceCredentials(arg, given);
    return seeded ? [{ url: seeded.url, credentials: seeded.credentials }] : [];
  });
}

/** Where the app's own script sits in argv: after the Electron binary, unless packaged. */
export function scriptIndexOf(argv: string[], packaged: boolean): number {
  if (packaged) return 0;
  const index = argv.findIndex((arg, i) => i > 0 && !arg.startsWith('-'));
  return index < 0 ? 0 : index;
}
