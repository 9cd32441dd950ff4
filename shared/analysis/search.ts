import type { Profile } from '../model/profile.js';
import type { CallTree } from './call-tree.js';
import { compileGoRegexp } from './go-regexp.js';

/**
 * Which functions a search matches: "/regex/" is a regular expression, anything else a
 * case-insensitive substring. Names are tested once per function, never per node.
 */
export function matchFunctions(profile: Profile, query: string): Uint8Array {
  return matchNames(Array.from(profile.functions.name, (s) => profile.strings[s]), query);
}

/** The same over a list of names (a comparison's merged functions). */
export function matchNames(names: string[], query: string): Uint8Array {
  const matches = new Uint8Array(names.length);
  const text = query.trim();
  if (text === '') return matches;
  const regex = text.length > 2 && text.startsWith('/') && text.endsWith('/') ? compileGoRegexp(text.slice(1, -1)) : null;
  const needle = text.toLowerCase();
  for (let f = 0; f < matches.length; f++) {
    const name = names[f];
    matches[f] = (regex ? regex.test(name) : name.toLowerCase().includes(needle)) ? 1 : 0;
  }
  return matches;
}

export interface SearchSummary {
  matchedFunctions: number;
  /** A function that matched in the tree (the first in depth-first order), -1 when none did. */
  firstMatchedFunc: number;
  /** Weight of the samples with at least one matching frame (each sample counted once). */
  matchedTotal: number;
  /** Nodes of matching functions in depth-first order (at most `limit`). */
  matchNodes: Int32Array;
}

export function summarizeSearch(tree: CallTree, matches: Uint8Array, limit = 100_000): SearchSummary {
  const seen = new Uint8Array(matches.length);
  let matchedFunctions = 0;
  let firstMatchedFunc = -1;
  let matchedTotal = 0;
  const nodes: number[] = [];
  for (let i = 1; i < tree.count; ) {
    const func = tree.func[i];
    if (matches[func]) {
      // Outermost match: its whole subtree is matched weight; list the matches inside it too.
      matchedTotal += tree.total[i];
      for (let j = i; j < tree.subtreeEnd[i]; j++) {
        const f = tree.func[j];
        if (!matches[f]) continue;
        if (!seen[f]) {
          seen[f] = 1;
          if (matchedFunctions++ === 0) firstMatchedFunc = f;
        }
        if (nodes.length < limit && tree.total[j] !== 0) nodes.push(j);
      }
      i = tree.subtreeEnd[i];
    } else {
      i++;
    }
  }
  return { matchedFunctions, firstMatchedFunc, matchedTotal, matchNodes: Int32Array.from(nodes) };
}
