import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface LoadResult<T> {
  value: T;
  /** Set when the file existed but could not be used, so the defaults were taken. */
  problem?: string;
}

/**
 * A JSON file in the user data folder. Written atomically (a temporary file renamed over the
 * old one), so a crash mid-write never leaves half a file; a corrupt file is reset to defaults
 * with a message, never a crash.
 */
export class JsonStore<T> {
  constructor(
    readonly path: string,
    private readonly defaults: () => T,
    private readonly validate: (raw: unknown) => T,
  ) {}

  load(): LoadResult<T> {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { value: this.defaults() };
      return { value: this.defaults(), problem: `could not read ${this.path}: ${(error as Error).message}` };
    }
    try {
      return { value: this.validate(JSON.parse(text)) };
    } catch (error) {
      const value = this.defaults();
      this.save(value);
      return { value, problem: `${this.path} was unreadable (${(error as Error).message}) and was reset` };
    }
  }

  save(value: T): void {
    mkdirSync(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(value, null, 2)}\n`);
    renameSync(temporary, this.path);
  }
}
