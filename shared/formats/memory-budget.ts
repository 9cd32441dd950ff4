import type { AllocationGuard } from '../model/growable.js';
import { ProfileError } from './profile-error.js';

/** Default memory a profile may take to open: the tables, the file's bytes and the views built on them. */
export const DEFAULT_MAX_MEMORY_BYTES = 2e9;

/**
 * Counts the memory a decode is about to allocate and refuses the profile before an allocation
 * would take it past the limit. Counts in a file are only promises: every allocation is charged
 * here first, from counts the bytes already read can back, so a small file that promises
 * billions of rows fails with one sentence instead of taking the machine's memory.
 */
export class MemoryBudget implements AllocationGuard {
  private used = 0;
  private share = 1;
  /** What was charged when the input being read started, to extrapolate from what followed. */
  private usedBefore = 0;

  constructor(
    readonly limit: number = DEFAULT_MAX_MEMORY_BYTES,
    inUse = 0,
  ) {
    this.used = inUse;
  }

  /** Share of the samples read so far: a refusal midway says what the whole file would need. */
  get progress(): number {
    return this.share;
  }

  set progress(share: number) {
    if (this.share === 1 && share < 1) this.usedBefore = this.used;
    this.share = share;
  }

  charge(bytes: number): void {
    this.used += bytes;
    if (this.used > this.limit) {
      // Midway through the samples the whole is extrapolated; otherwise what is known is a floor.
      const partial = this.share > 0 && this.share < 1;
      const need = partial ? this.usedBefore + (this.used - this.usedBefore) / this.share : this.used;
      throw memoryLimitError(`${partial ? 'about' : 'at least'} ${formatBytes(Math.max(need, this.limit))}`, this.limit);
    }
  }

  get charged(): number {
    return this.used;
  }
}

function memoryLimitError(need: string, limit: number): ProfileError {
  return new ProfileError('memory-limit', `the profile would need ${need} of memory to open, more than the ${formatBytes(limit)} limit`);
}

/** "2 GB", "1.5 GB", "300 MB": decimal units, as the limit is written. */
export function formatBytes(bytes: number): string {
  const [value, unit] = bytes >= 1e9 ? [bytes / 1e9, 'GB'] : bytes >= 1e6 ? [bytes / 1e6, 'MB'] : [bytes / 1e3, 'kB'];
  const rounded = value >= 100 ? Math.round(value) : Math.round(value * 10) / 10;
  return `${rounded} ${unit}`;
}
