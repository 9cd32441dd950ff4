import { join } from 'node:path';
import { JsonStore } from './json-store.js';

export interface Settings {
  theme: 'system' | 'light' | 'dark';
  defaultView: 'flame' | 'icicle' | 'table';
  order: 'name' | 'weight';
}

export const DEFAULT_SETTINGS: Settings = { theme: 'system', defaultView: 'flame', order: 'name' };

const CHOICES = {
  theme: ['system', 'light', 'dark'],
  defaultView: ['flame', 'icicle', 'table'],
  order: ['name', 'weight'],
} as const;

/** Accepts a settings object, keeping known keys with known values (others take defaults). */
export function validateSettings(raw: unknown): Settings {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error('not a settings object');
  const input = raw as Record<string, unknown>;
  const pick = <K extends keyof Settings>(key: K): Settings[K] =>
    (CHOICES[key] as readonly string[]).includes(input[key] as string) ? (input[key] as Settings[K]) : DEFAULT_SETTINGS[key];
  return { theme: pick('theme'), defaultView: pick('defaultView'), order: pick('order') };
}

export function settingsStore(userData: string): JsonStore<Settings> {
  return new JsonStore(join(userData, 'settings.json'), () => ({ ...DEFAULT_SETTINGS }), validateSettings);
}

/** A settings change from the menu or the renderer: one known key, one known value. */
export function applySettingsChange(settings: Settings, key: unknown, value: unknown): Settings {
  if (typeof key !== 'string' || !Object.hasOwn(CHOICES, key)) throw new Error(`unknown setting ${JSON.stringify(key)}`);
  const k = key as keyof Settings;
  if (!(CHOICES[k] as readonly unknown[]).includes(value)) throw new Error(`invalid value for ${k}: ${JSON.stringify(value)}`);
  return { ...settings, [k]: value };
}
