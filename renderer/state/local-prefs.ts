/**
 * Choices web mode remembers in the browser (the desktop app keeps its own settings file): the
 * theme, and the share of the width the top table takes beside the graph. A browser that refuses storage (private mode, a blocked origin) just forgets them.
 */
export type ThemeChoice = 'system' | 'light' | 'dark';

const THEME_KEY = 'flamedeck.theme';
const SPLIT_KEY = 'flamedeck.tableSplit';
/** The table's share of the graph-and-table width, when nothing was dragged yet. */
const DEFAULT_TABLE_SHARE = 0.5;

function read(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string): void {
  try {
    window.localStorage.setItem(key, value);
  } catch {
    // Storage refused: the choice lasts for this page only.
  }
}

export function readThemeChoice(): ThemeChoice {
  const stored = read(THEME_KEY);
  return stored === 'light' || stored === 'dark' ? stored : 'system';
}

export function writeThemeChoice(choice: ThemeChoice): void {
  write(THEME_KEY, choice);
}

/** Keeps both sides usable: neither the graph nor the table shrinks below 15 % of the width. */
export function clampTableShare(share: number): number {
  return Number.isFinite(share) ? Math.min(0.85, Math.max(0.15, share)) : DEFAULT_TABLE_SHARE;
}

export function readTableShare(): number {
  const stored = read(SPLIT_KEY);
  return stored === null ? DEFAULT_TABLE_SHARE : clampTableShare(Number(stored));
}

export function writeTableShare(share: number): void {
  write(SPLIT_KEY, String(clampTableShare(share)));
}
