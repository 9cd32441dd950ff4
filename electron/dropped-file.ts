import { stat } from 'node:fs/promises';
import { isAbsolute } from 'node:path';

/**
 * Whether the path the preload read off a dropped File (webUtils.getPathForFile) names that file:
 * same size, same modification time. A compromised page can send any string over IPC; this makes
 * it hold the file (or know its exact metadata) to get a path onto the recent list. It reveals
 * nothing back (the IPC answer is the same either way) and grants no read.
 */
export async function isDroppedFile(path: unknown, size: unknown, lastModified: unknown): Promise<boolean> {
  if (typeof path !== 'string' || path.length > 4096 || !isAbsolute(path)) return false;
  if (typeof size !== 'number' || typeof lastModified !== 'number') return false;
  try {
    const info = await stat(path);
    // File.lastModified is whole milliseconds; a file system keeps finer or coarser times.
    return info.isFile() && info.size === size && Math.abs(info.mtimeMs - lastModified) < 2000;
  } catch {
    return false; // gone or unreadable: not a file the user just dropped
  }
}
