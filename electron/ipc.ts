import type { IpcMainInvokeEventLike, IpcMainLike } from './electron-api.js';
import { isAppUrl } from './window-options.js';

class IpcRejected extends Error {}

/**
 * Registers an IPC handler that answers only the app's own frames: a message from any other
 * page (one that got into a window somehow, or a frame inside one) is refused.
 */
export function handleFromApp(
  ipcMain: IpcMainLike,
  isOurWindow: (event: IpcMainInvokeEventLike) => boolean,
  channel: string,
  handler: (event: IpcMainInvokeEventLike, ...args: unknown[]) => unknown,
): void {
  ipcMain.handle(channel, (event, ...args) => {
    const frameUrl = event.senderFrame?.url ?? '';
    if (!isAppUrl(frameUrl) || !isOurWindow(event)) {
      throw new IpcRejected(`${channel}: refused a message from ${frameUrl || 'an unknown frame'}`);
    }
    return handler(event, ...args);
  });
}
