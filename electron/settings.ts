import { join } from 'node:path';
import { DEFAULT_SETTINGS, SETTING_CHOICES, type HostSettings } from '../shared/hosting.js';
import { JsonStore } from './json-store.js';

/** Accepts a settings object, keeping known keys with known values (others take defaults). */
function validateSettings(raw: unknown): HostSettings {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error('not a settings object');
  const input = raw as Record<string, unknown>;
  const pick = <K extends keyof HostSettings>(key: K): HostSettings[K] =>
    (SETTING_CHOICES[key] as readonly string[]).includes(input[key] as string) ? (input[key] as HostSettings[K]) : DEFAULT_SETTINGS[key];
  return { theme: pick('theme'), defaultView: pick('defaultView'), order: pick('order') };
}

export function settingsStore(userData: string): JsonStore<HostSettings> {
  return new JsonStore(join(userData, 'settings.json'), () => ({ ...DEFAULT_SETTINGS }), validateSettings);
}

/** A settings change from the menu or the renderer: one known key, one known value. */
export function applySettingsChange(settings: HostSettings, key: unknown, value: unknown): HostSettings {
  if (typeof key !== 'string' || !Object.hasOwn(SETTING_CHOICES, key)) throw new Error(`unknown setting ${JSON.stringify(key)}`);
  const k = key as keyof HostSettings;
  if (!(SETTING_CHOICES[k] as readonly unknown[]).includes(value)) throw new Error(`invalid value for ${k}: ${JSON.stringify(value)}`);
  return { ...settings, [k]: value };
}
