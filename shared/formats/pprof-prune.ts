import { compileGoRegexp, RegexSyntaxError, type GoRegexp } from '../analysis/go-regexp.js';
import type { RawFunctions } from './pprof-tables.js';

const RESERVED_NAMES = ['(anonymous namespace)', 'operator()'];

/** pprof's simplifyFunc: drops a leading '.' and an argument list, keeping reserved names. */
function simplifyFunctionName(name: string): string {
  let result = name.startsWith('.') ? name.slice(1) : name;
  const bracket = /\(anonymous namespace\)|operator\(\)|\(/g;
  for (let match = bracket.exec(result); match; match = bracket.exec(result)) {
    if (!RESERVED_NAMES.includes(match[0])) {
      result = result.slice(0, match.index);
      break;
    }
  }
  return result;
}

/**
 * The profile's own drop_frames/keep_frames, applied as `go tool pprof` does on load
 * (profile.Prune): frames matching drop_frames, and everything they call, are removed.
 */
export interface FramePruner {
  /** The index (pprof line order, innermost first) of the outermost line to drop, or -1. */
  cutIndex(rawFunctionRows: Int32Array, count: number, functions: RawFunctions, strings: string[]): number;
}

/** pprof's RemoveUninteresting: the regexes wrapped in ^(…)$ as text, as pprof does. */
function compileFrameRegexes(dropFrames: string, keepFrames: string): { drop: GoRegexp; keep: GoRegexp | null } | null {
  try {
    const drop = compileGoRegexp(`^(${dropFrames})$`);
    const keep = keepFrames === '' ? null : compileGoRegexp(`^(${keepFrames})$`);
    return { drop, keep };
  } catch (error) {
    // go tool pprof opens such a file unpruned, without a word; so does Flamedeck.
    if (error instanceof RegexSyntaxError) return null;
    throw error;
  }
}

export function compileFramePruner(dropFrames: string, keepFrames: string): FramePruner | null {
  if (dropFrames === '') return null;
  const regexes = compileFrameRegexes(dropFrames, keepFrames);
  if (!regexes) return null;
  const { drop, keep } = regexes;
  const verdicts = new Map<number, boolean>();
  const matches = (nameIndex: number, strings: string[]): boolean => {
    let verdict = verdicts.get(nameIndex);
    if (verdict === undefined) {
      const name = simplifyFunctionName(strings[nameIndex]);
      verdict = drop.test(name) && !(keep && keep.test(name));
      verdicts.set(nameIndex, verdict);
    }
    return verdict;
  };
  return {
    cutIndex(rows, count, functions, strings) {
      for (let i = count - 1; i >= 0; i--) {
        const row = rows[i];
        if (row === -1) continue;
        const nameIndex = functions.name[row];
        if (nameIndex !== 0 && matches(nameIndex, strings)) return i;
      }
      return -1;
    },
  };
}
