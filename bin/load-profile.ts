import { readFile } from 'node:fs/promises';
import { decodeProfile } from '../shared/formats/pprof-decode.js';
import type { Profile } from '../shared/model/profile.js';
import { nodeGunzip } from './node-gunzip.js';

export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}

export async function loadProfile(path: string, maxDecompressedBytes?: number): Promise<Profile> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (error as Error).message;
    throw new CliError(`${path}: ${reason}`);
  }
  try {
    return await decodeProfile(bytes, { gunzip: nodeGunzip, maxDecompressedBytes });
  } catch (error) {
    throw new CliError(`${path}: ${(error as Error).message}`);
  }
}
