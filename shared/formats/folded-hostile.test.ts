import { describe, expect, it } from 'vitest';
import { NO_FILTERS } from '../analysis/query.js';
import { decodeFolded } from './folded-decode.js';
import { foldedStacks } from './folded-encode.js';

/** Folded stacks from hostile or odd files: each either opens with finite numbers or is refused in one sentence. */
const text = (s: string) => new TextEncoder().encode(s);

describe('folded stacks export of huge values', () => {
  it('writes counts as plain integers, never in exponent form', () => {
    const p = decodeFolded(text('main;a 12345678901234567890123\n'));
    const line = foldedStacks(p, { ...NO_FILTERS, sampleTypeIndex: 0 }).trimEnd();
    expect(line).toMatch(/^main;a \d+$/);
    expect(Number(line.split(' ')[1])).toBe(12345678901234567890123);
  });
});
