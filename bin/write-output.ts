import { rename, rm, writeFile } from 'node:fs/promises';
import { CliError } from './load-profile.js';
import { writeFailureWords } from '../shared/write-failure.js';

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
    throw new CliError(`${output}: could not write ${what}: ${writeFailureWords(error, (error as Error).message)}`, error);
  }
}
