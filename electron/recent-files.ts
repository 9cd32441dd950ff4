import { join } from 'node:path';
import { JsonStore } from './json-store.js';

const MAX_RECENT = 12;

function validateRecent(raw: unknown): string[] {
  if (!Array.isArray(raw)) throw new Error('not a list');
  return raw.filter((p): p is string => typeof p === 'string' && p.length > 0 && p.length < 4096).slice(0, MAX_RECENT);
}

/** Recently opened files, newest first, kept across restarts. */
export class RecentFiles {
  private readonly store: JsonStore<string[]>;
  private list: string[];
  readonly problem?: string;

  constructor(userData: string) {
    this.store = new JsonStore(join(userData, 'recent-files.json'), () => [], validateRecent);
    const loaded = this.store.load();
    this.list = loaded.value;
    this.problem = loaded.problem;
  }

  all(): string[] {
    return [...this.list];
  }

  add(path: string): void {
    this.list = [path, ...this.list.filter((p) => p !== path)].slice(0, MAX_RECENT);
    this.store.save(this.list);
  }

  remove(path: string): void {
    this.list = this.list.filter((p) => p !== path);
    this.store.save(this.list);
  }

  clear(): void {
    this.list = [];
    this.store.save(this.list);
  }
}
