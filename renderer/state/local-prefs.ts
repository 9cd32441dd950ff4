/**
 * Choices web mode remembers in the browser (the desktop app keeps its own settings file): the
 * theme. A browser that refuses storage (private mode, a blocked origin) just forgets them.
 */
export type ThemeChoice = 'system' | 'light' | 'dark';

const THEME_KEY = 'flamedeck.theme';

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
