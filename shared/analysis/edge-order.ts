import { compareGoStrings } from './go-string-order.js';

/**
 * pprof's order of a function's callers or callees (-peek): |weight| descending, then name in
 * Go's string order. pprof's comparator calls +w and -w equal and leaves them in chance order;
 * the positive one goes first here, so the order is fixed.
 */
export function compareEdges(weightA: number, weightB: number, nameA: string, nameB: string): number {
  return Math.abs(weightB) - Math.abs(weightA) || weightB - weightA || compareGoStrings(nameA, nameB);
}
