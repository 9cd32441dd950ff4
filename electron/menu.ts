import { basename } from 'node:path';
import type { MenuItemOptions } from './electron-api.js';
import { EXTERNAL_LINKS, type HostSettings } from '../shared/hosting.js';
import { isSourceUrl } from '../shared/remote/source-url.js';

export interface MenuActions {
  recent: string[];
  settings: HostSettings;
  openDialog: () => void;
  /** File › Connect…: the page opens its Connect dialog. */
  connect: () => void;
  /** File › Export…: the page opens its Export menu for the active tab. */
  exportView: () => void;
  openRecent: (path: string) => void;
  clearRecent: () => void;
  newWindow: () => void;
  setSetting: (key: keyof HostSettings, value: string) => void;
  about: () => void;
  openExternal: (url: string) => void;
  /** Reload and developer tools, for unpackaged runs. */
  developer: boolean;
}

function radio<K extends keyof HostSettings>(actions: MenuActions, key: K, choices: [HostSettings[K], string][]): MenuItemOptions[] {
  return choices.map(([value, label]) => ({
    label,
    type: 'radio',
    checked: actions.settings[key] === value,
    click: () => actions.setSetting(key, value),
  }));
}

/** A file as `name — path`; a source URL as itself ('&' doubled: Windows and Linux read a single one as a mnemonic). */
function recentLabel(path: string): string {
  return isSourceUrl(path) ? path.replaceAll('&', '&&') : `${basename(path)} — ${path}`;
}

/** The standard File/Edit/View/Window/Help menus, with Open Recent and the settings. */
export function buildMenuTemplate(actions: MenuActions): MenuItemOptions[] {
  const isMac = process.platform === 'darwin';
  const recent: MenuItemOptions[] =
    actions.recent.length === 0
      ? [{ label: 'No recent files', enabled: false }]
      : [
          ...actions.recent.map((path) => ({ label: recentLabel(path), click: () => actions.openRecent(path) })),
          { type: 'separator' as const },
          { label: 'Clear Recent', click: actions.clearRecent },
        ];
  return [
    ...(isMac ? [{ role: 'appMenu' }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Open…', accelerator: 'CmdOrCtrl+O', click: actions.openDialog },
        { label: 'Connect…', accelerator: 'CmdOrCtrl+Shift+O', click: actions.connect },
        { label: 'Open Recent', submenu: recent },
        { type: 'separator' },
        { label: 'Export…', accelerator: 'CmdOrCtrl+E', click: actions.exportView },
        { type: 'separator' },
        { label: 'New Window', accelerator: 'CmdOrCtrl+Shift+N', click: actions.newWindow },
        { role: 'close', label: 'Close Window' },
        ...(isMac ? [] : [{ type: 'separator' as const }, { role: 'quit' }]),
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { label: 'Theme', submenu: radio(actions, 'theme', [['system', 'Follow the system'], ['light', 'Light'], ['dark', 'Dark']]) },
        { label: 'Default View', submenu: radio(actions, 'defaultView', [['flame', 'Flame graph'], ['icicle', 'Icicle graph'], ['table', 'Top table']]) },
        { label: 'Order Frames', submenu: radio(actions, 'order', [['name', 'By name'], ['weight', 'By weight']]) },
        { type: 'separator' },
        ...(actions.developer ? [{ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' as const }] : []),
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        { label: 'About Flamedeck', click: actions.about },
        { label: 'The pprof format', click: () => actions.openExternal(EXTERNAL_LINKS.pprofFormat) },
      ],
    },
  ];
}
