/**
 * Why writing a file failed, in words a user acts on, from the error's system code (Node's
 * EACCES, ENOSPC…): the CLI's -o and the desktop app's Save say it the same way. `fallback` is
 * said for a code without words here.
 */
export function writeFailureWords(error: unknown, fallback: string): string {
  const code = (error as { code?: unknown } | null)?.code;
  switch (code) {
    case 'ENOENT':
      return 'the folder does not exist';
    case 'EISDIR':
      return 'a folder has that name';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOSPC':
      return 'the disk is full';
    case 'EROFS':
      return 'the disk is read-only';
    default:
      return typeof code === 'string' ? code : fallback;
  }
}
