import { rename, rm, writeFile } from 'node:fs/promises';
import { CliError } from './load-profile.js';

/**
 * Writes beside the target and renames: a failed write never leaves half a file under the
 * output's name. `what` names the content in the error ("the profile", "the export").
 */
export async function writeWhole(output: string, data: Uint8Array | string, what: string): Promise<void> {
  const partial = `${output}.partial-${process.pid}`;
  try {
    await writeFile(partial, data);
    await rename(partial, output);
  } catch (error) {
    await rm(partial, { force: true });
    throw new CliError(`${output}: could not write ${what}: ${writeFailure(error)}`, error);
  }
}

/** Why a write failed, in words, never naming the partial file the user did not ask for. */
function writeFailure(error: unknown): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return 'its folder does not exist';
    case 'EISDIR':
      return 'it is a folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOSPC':
      return 'the disk is full';
    case 'EROFS':
      return 'the file system is read-only';
    default:
      return (error as Error).message;
  }
}
