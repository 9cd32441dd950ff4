import type { Profile } from '../model/profile.js';
import { IntPairMap } from '../model/int-pair-map.js';
import { compileQuery, queryOf, type ProfileFilters } from '../analysis/query.js';
import { sumKeptSamples } from '../analysis/stack-weights.js';
import { compileComparisonSide, comparisonSampleTypes, type ComparisonExportOptions } from './pprof-encode.js';

/**
 * Folded stacks (Brendan Gregg's format, what flamegraph.pl and speedscope read): one line per
 * distinct call path of the view, root first, frames joined by ";", then the path's own value in
 * the current sample type as an integer. Inlined frames are frames of their own (as pprof's
 * -traces prints them); hidden frames are left out and paths that become identical are merged;
 * paths whose value rounds to 0 are left out.
 *
 * A name cannot hold ";" (it separates frames) nor a line break (it ends the line): ";" is written
 * as ":" and CR/LF as a space, so C++ and Java names, which never hold them, come through as they
 * are, and an odd name costs one changed character instead of a broken file.
 */
const safeName = (name: string) => (/[;\r\n]/.test(name) ? name.replace(/;/g, ':').replace(/[\r\n]/g, ' ') : name);

interface SideFilter {
  profile: Profile;
  labelSetPasses: Uint8Array | null;
  stackPasses: Uint8Array | null;
  frameHidden: Uint8Array | null;
}

/** The view's paths with their own (self) values: the visible tree's nodes keyed by the line they print as. */
function foldedPaths({ profile, labelSetPasses, stackPasses, frameHidden }: SideFilter, sampleTypeIndex: number): Map<string, number> {
  const { stacks, frames, functions, strings } = profile;
  // The visible tree: one node per (visible parent node, function), hidden frames fold into their caller.
  const nodes = new IntPairMap(stacks.count);
  const nodeOfStack = new Int32Array(stacks.count);
  const nodeParent: number[] = [];
  const nodeFunc: number[] = [];
  for (let s = 0; s < stacks.count; s++) {
    const frame = stacks.frame[s];
    const parent = stacks.parent[s];
    const parentNode = parent >= 0 ? nodeOfStack[parent] : -1;
    if (frameHidden && frameHidden[frame]) {
      nodeOfStack[s] = parentNode;
      continue;
    }
    const func = frames.func[frame];
    const node = nodes.getOrInsert(parentNode + 1, func, nodeParent.length);
    if (node === nodeParent.length) {
      nodeParent.push(parentNode);
      nodeFunc.push(func);
    }
    nodeOfStack[s] = node;
  }
  // A row hidden up to the root has no node: its samples go to one spare slot past the nodes, never printed.
  const nodeCount = nodeParent.length;
  for (let s = 0; s < stacks.count; s++) if (nodeOfStack[s] < 0) nodeOfStack[s] = nodeCount;
  const self = sumKeptSamples(profile, { sampleTypeIndex, labelSetPasses, stackPasses }, nodeOfStack, nodeCount + 1).sums;
  const names = new Array<string>(functions.count);
  const paths = new Map<string, number>();
  const path: string[] = [];
  for (let node = 0; node < nodeCount; node++) {
    if (self[node] === 0) continue;
    path.length = 0;
    for (let n = node; n >= 0; n = nodeParent[n]) {
      const func = nodeFunc[n];
      names[func] ??= safeName(strings[functions.name[func]]);
      path.push(names[func]);
    }
    const line = path.reverse().join(';');
    paths.set(line, (paths.get(line) ?? 0) + self[node]);
  }
  return paths;
}

/** A rounded count as digits: String() writes 1e21 and up in exponent form, which folded-stack readers take for a broken line. */
const countText = (count: number) => (Math.abs(count) < 1e21 ? String(count) : BigInt(count).toString());

const byLine = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The view of one profile under `filters`, as folded stacks (sorted, as stackcollapse writes them). */
export function foldedStacks(profile: Profile, filters: ProfileFilters): string {
  const { sampleTypeIndex, samples, frameHidden } = compileQuery(profile, queryOf(filters));
  const paths = foldedPaths({ profile, labelSetPasses: samples.labelSetPasses, stackPasses: samples.stackPasses, frameHidden }, sampleTypeIndex);
  const lines: string[] = [];
  for (const [stack, value] of paths) {
    const count = Math.round(value);
    if (count !== 0) lines.push(`${stack} ${countText(count)}`);
  }
  return lines.sort(byLine).join('\n') + (lines.length > 0 ? '\n' : '');
}

/** A comparison as difffolded.pl writes it: `stack base target`, each side filtered as the comparison filters it. */
export function foldedComparison(base: Profile, target: Profile, { sampleType, filters }: ComparisonExportOptions): string {
  const [baseIndex, targetIndex] = comparisonSampleTypes(base, target, sampleType);
  const basePaths = foldedPaths(compileComparisonSide(base, baseIndex, filters, true), baseIndex);
  const targetPaths = foldedPaths(compileComparisonSide(target, targetIndex, filters, false), targetIndex);
  const lines: string[] = [];
  for (const stack of new Set([...basePaths.keys(), ...targetPaths.keys()])) {
    const before = Math.round(basePaths.get(stack) ?? 0);
    const after = Math.round(targetPaths.get(stack) ?? 0);
    if (before !== 0 || after !== 0) lines.push(`${stack} ${countText(before)} ${countText(after)}`);
  }
  return lines.sort(byLine).join('\n') + (lines.length > 0 ? '\n' : '');
}
