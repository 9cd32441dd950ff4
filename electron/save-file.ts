import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { MAX_SAVE_BYTES, type SaveOutcome } from '../shared/hosting.js';
import { writeFailureWords } from '../shared/write-failure.js';
import type { BrowserWindowLike, ElectronApi, SaveDialogFilter } from './electron-api.js';

/** The kinds of file the app exports, by the end of the name the page suggests. */
const EXPORT_KINDS: [suffix: string, filter: SaveDialogFilter][] = [
  ['.pb.gz', { name: 'pprof profile', extensions: ['gz'] }],
  ['.svg', { name: 'SVG image', extensions: ['svg'] }],
  ['.png', { name: 'PNG image', extensions: ['png'] }],
  ['.folded', { name: 'Folded stacks', extensions: ['folded', 'txt'] }],
  ['.csv', { name: 'CSV table', extensions: ['csv'] }],
];

/**
 * The page's suggested name as a plain file name: no folders (the dialog starts in the user's
 * default place, never where the page says), no control characters, a bounded length.
 */
export function safeFileName(suggested: unknown): string {
  const text = typeof suggested === 'string' ? suggested : '';
  // eslint-disable-next-line no-control-regex
  const plain = basename(text.replaceAll('\\', '/')).replace(/[\u0000-\u001f\u007f]/g, '').trim();
  const name = plain === '' || plain === '.' || plain === '..' ? 'flamedeck-export' : plain;
  return name.length > 200 ? name.slice(name.length - 200) : name;
}

function filtersFor(name: string): SaveDialogFilter[] {
  const kind = EXPORT_KINDS.find(([suffix]) => name.toLowerCase().endsWith(suffix));
  return [...(kind ? [kind[1]] : []), { name: 'All files', extensions: ['*'] }];
}

/**
 * An export from the page: the user chooses where in a native Save dialog, and the main process
 * writes the bytes there itself. Bad input from the page (not bytes, too big) is answered as a
 * failure sentence, never a throw.
 */
export async function saveExport(electron: Pick<ElectronApi, 'dialog'>, window: BrowserWindowLike | undefined, suggested: unknown, bytes: unknown): Promise<SaveOutcome> {
  if (!(bytes instanceof Uint8Array)) return { kind: 'failure', message: 'Nothing was saved: the export had no bytes.' };
  if (bytes.byteLength > MAX_SAVE_BYTES) {
    return { kind: 'failure', message: `Nothing was saved: the export is ${Math.round(bytes.byteLength / 2 ** 20)} MB, more than the ${MAX_SAVE_BYTES / 2 ** 20} MB the app writes.` };
  }
  const name = safeFileName(suggested);
  const choice = await electron.dialog.showSaveDialog(window, { title: 'Export', defaultPath: name, filters: filtersFor(name) });
  if (choice.canceled || !choice.filePath) return { kind: 'cancelled' };
  try {
    await writeFile(choice.filePath, bytes);
    return { kind: 'saved' };
  } catch (error) {
    return { kind: 'failure', message: `Could not save ${basename(choice.filePath)}: ${writeFailureWords(error, 'the file could not be written')}.` };
  }
}
