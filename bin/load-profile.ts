import { readFile } from 'node:fs/promises';
import { decodeProfile } from '../shared/formats/pprof-decode.js';
import { isProfileError } from '../shared/formats/profile-error.js';
import type { Profile } from '../shared/model/profile.js';
import { nodeGunzip } from './node-gunzip.js';
import { fileError } from './cli-errors.js';
import { UserFacingError } from '../shared/user-facing-error.js';

export class CliError extends UserFacingError {
  /** `cause`: the error behind this one, printed with FLAMEDECK_DEBUG=1. */
  constructor(message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'CliError';
  }
}

export async function loadProfile(path: string, maxMemoryBytes?: number): Promise<Profile> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (error as Error).message;
    throw new CliError(`${path}: ${reason}`);
  }
  try {
    return await decodeProfile(bytes, { gunzip: nodeGunzip, maxMemoryBytes, memoryInUse: process.memoryUsage.rss() });
  } catch (error) {
    if (isProfileError(error) && error.code === 'memory-limit') {
      throw new CliError(`${path}: ${error.message} (--max-memory or FLAMEDECK_MAX_MEMORY raises it)`);
    }
    throw fileError(path, error);
  }
}
