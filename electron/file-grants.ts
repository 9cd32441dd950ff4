import { readFile, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import type { OpenedFile } from '../shared/hosting.js';

const MAX_PROFILE_FILE_BYTES = 2 * 1024 * 1024 * 1024 - 1;

/**
 * The files the user chose (dialog, drop, command line, recent list). The renderer names a file
 * only by the token it was given for it, so it can read nothing the user did not pick.
 */
export class FileGrants {
  private readonly byToken = new Map<string, string>();
  private next = 1;

  grant(path: string): OpenedFile {
    const absolute = resolve(path);
    for (const [token, granted] of this.byToken) if (granted === absolute) return { token, name: basename(absolute) };
    const token = `file-${this.next++}-${Math.random().toString(36).slice(2, 10)}`;
    this.byToken.set(token, absolute);
    return { token, name: basename(absolute) };
  }

  grantedPaths(): string[] {
    return [...this.byToken.values()];
  }

  pathOf(token: unknown): string {
    if (typeof token !== 'string' || !this.byToken.has(token)) throw new Error('that file was not chosen by the user');
    return this.byToken.get(token)!;
  }

  async read(token: unknown): Promise<{ name: string; bytes: Uint8Array }> {
    const path = this.pathOf(token);
    const info = await stat(path);
    if (!info.isFile()) throw new Error(`${basename(path)} is not a file`);
    if (info.size > MAX_PROFILE_FILE_BYTES) throw new Error(`${basename(path)} is larger than 2 GiB`);
    const bytes = await readFile(path);
    return { name: basename(path), bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
  }
}
