import { describe, expect, it } from 'vitest';
import { loadFixture } from '../../test/golden-helpers.js';
import { ProfileWriter } from '../../test/hostile/craft.js';
import { decodeProfile } from '../formats/pprof-decode.js';
import type { Profile } from '../model/profile.js';
import type { CallTree, ChildOrder } from './call-tree.js';
import { compileQuery, queryFromFlags, resolveSampleType, runQuery, type ProfileQuery } from './query.js';
import { computeSandwich, type EdgeList, type Sandwich } from './sandwich.js';

// The sandwich is checked against a brute force written straight from its definition (DESIGN.md
// section 2), over each kept sample's own stack rather than the call tree the engine reads:
// a sample containing F adds its value to F's cum; its outermost F's callers, innermost first,
// are one path of the callers tree and the frames below that F one path of the callees tree
// (the sample's value on every node of the path, and as self on its last); every (caller, F)
// and (F, callee) pair of adjacent frames, F≠other, adds the value once per sample.

/** A kept sample: its visible functions, root first, and its value in the query's sample type. */
interface KeptSample {
  funcs: Int32Array;
  value: number;
}

function keptSamples(profile: Profile, query: ProfileQuery): KeptSample[] {
  const { samples: filter, frameHidden } = compileQuery(profile, query);
  const { samples, stacks, frames } = profile;
  const values = samples.values[filter.sampleTypeIndex];
  const kept: KeptSample[] = [];
  for (let i = 0; i < samples.count; i++) {
    const value = values[i];
    const leaf = samples.stack[i];
    // pprof drops zero-valued samples; a sample without frames has no function.
    if (value === 0 || leaf < 0) continue;
    if (filter.labelSetPasses && !filter.labelSetPasses[samples.labelSet[i]]) continue;
    if (filter.stackPasses && !filter.stackPasses[leaf]) continue;
    const funcs: number[] = [];
    for (let s = leaf; s >= 0; s = stacks.parent[s]) {
      const frame = stacks.frame[s];
      if (!frameHidden || !frameHidden[frame]) funcs.push(frames.func[frame]);
    }
    kept.push({ funcs: Int32Array.from(funcs.reverse()), value });
  }
  return kept;
}

/** A prefix tree of function paths in plain JS maps: slow, and obviously right. */
class ReferenceTree {
  readonly parent = [-1];
  readonly func: number[];
  readonly total = [0];
  readonly self = [0];
  private readonly index = new Map<string, number>();

  constructor(root: number) {
    this.func = [root];
  }

  find(node: number, func: number): number | undefined {
    return this.index.get(`${node}:${func}`);
  }

  /** A path below the root: `value` on the root and every node of it, and as self on its last. */
  add(path: ArrayLike<number>, value: number): void {
    let node = 0;
    this.total[0] += value;
    for (let i = 0; i < path.length; i++) {
      let child = this.find(node, path[i]);
      if (child === undefined) {
        child = this.func.length;
        this.index.set(`${node}:${path[i]}`, child);
        this.parent.push(node);
        this.func.push(path[i]);
        this.total.push(0);
        this.self.push(0);
      }
      node = child;
      this.total[node] += value;
    }
    this.self[node] += value;
  }
}

interface Reference {
  flat: number;
  cum: number;
  callers: ReferenceTree;
  callees: ReferenceTree;
  directCallers: Map<number, number>;
  directCallees: Map<number, number>;
}

function referenceSandwich(kept: KeptSample[], func: number): Reference {
  const ref: Reference = { flat: 0, cum: 0, callers: new ReferenceTree(func), callees: new ReferenceTree(func), directCallers: new Map(), directCallees: new Map() };
  for (const { funcs, value } of kept) {
    const outermost = funcs.indexOf(func);
    if (outermost < 0) continue;
    const n = funcs.length;
    ref.cum += value;
    if (funcs[n - 1] === func) ref.flat += value;
    ref.callers.add(funcs.slice(0, outermost).reverse(), value);
    ref.callees.add(funcs.subarray(outermost + 1), value);
    const callers = new Set<number>();
    const callees = new Set<number>();
    for (let j = outermost; j < n; j++) {
      if (funcs[j] !== func) continue;
      if (j > 0 && funcs[j - 1] !== func) callers.add(funcs[j - 1]);
      if (j + 1 < n && funcs[j + 1] !== func) callees.add(funcs[j + 1]);
    }
    for (const c of callers) ref.directCallers.set(c, (ref.directCallers.get(c) ?? 0) + value);
    for (const c of callees) ref.directCallees.set(c, (ref.directCallees.get(c) ?? 0) + value);
  }
  return ref;
}

const nameOf = (profile: Profile, func: number) => profile.strings[profile.functions.name[func]];

function pathName(profile: Profile, tree: CallTree, node: number): string {
  const names: string[] = [];
  for (let n = node; n >= 0; n = tree.parent[n]) names.push(nameOf(profile, tree.func[n]));
  names.reverse();
  return names.length > 8 ? `${names.slice(0, 4).join(';')};…(${names.length - 8} more);${names.slice(-4).join(';')}` : names.join(';');
}

/**
 * What is wrong with `actual` (empty when nothing): its layout (depth-first, children found by
 * hopping subtreeEnd, siblings in `order`), and node by node the same paths, totals and selves
 * as the reference, no path twice, none missing.
 */
function treeProblems(profile: Profile, label: string, actual: CallTree, expected: ReferenceTree, order: ChildOrder): string[] {
  const problems: string[] = [];
  const say = (text: string) => {
    if (problems.length < 5) problems.push(`${label}: ${text}`);
  };
  if (actual.count < 1 || actual.func[0] !== expected.func[0] || actual.parent[0] !== -1 || actual.depth[0] !== 0) {
    return [`${label}: node 0 is not the function`];
  }
  const refOf = new Int32Array(actual.count);
  const refUsed = new Uint8Array(expected.func.length);
  refUsed[0] = 1;
  if (actual.total[0] !== expected.total[0] || actual.self[0] !== expected.self[0]) {
    say(`root total ${actual.total[0]} self ${actual.self[0]}, expected ${expected.total[0]} self ${expected.self[0]}`);
  }
  let maxDepth = 0;
  for (let i = 1; i < actual.count; i++) {
    const p = actual.parent[i];
    if (!(p >= 0 && p < i) || actual.depth[i] !== actual.depth[p] + 1) {
      say(`node ${i} comes before its parent or at the wrong depth`);
      continue;
    }
    maxDepth = Math.max(maxDepth, actual.depth[i]);
    const ref = expected.find(refOf[p], actual.func[i]);
    if (ref === undefined) {
      say(`${pathName(profile, actual, i)} is no path of the reference (total ${actual.total[i]})`);
      continue;
    }
    if (refUsed[ref]) say(`${pathName(profile, actual, i)} appears twice`);
    refUsed[ref] = 1;
    refOf[i] = ref;
    if (actual.total[i] !== expected.total[ref] || actual.self[i] !== expected.self[ref]) {
      say(`${pathName(profile, actual, i)}: total ${actual.total[i]} self ${actual.self[i]}, expected ${expected.total[ref]} self ${expected.self[ref]}`);
    }
  }
  if (actual.maxDepth !== maxDepth) say(`maxDepth ${actual.maxDepth}, the nodes reach ${maxDepth}`);
  const missing = refUsed.indexOf(0);
  if (missing >= 0) say(`${expected.func.length - refUsed.reduce((a, b) => a + b, 0)} reference paths missing, e.g. one ending in ${nameOf(profile, expected.func[missing])} (total ${expected.total[missing]})`);

  // Depth-first layout: each node's children are i+1, then each child's subtreeEnd, up to its own.
  const childCount = new Int32Array(actual.count);
  for (let i = 1; i < actual.count; i++) childCount[actual.parent[i]]++;
  for (let i = 0; i < actual.count; i++) {
    let seen = 0;
    let previous = -1;
    let c = i + 1;
    for (; c < actual.subtreeEnd[i] && c < actual.count; c = actual.subtreeEnd[c]) {
      if (actual.parent[c] !== i || actual.subtreeEnd[c] <= c) break;
      if (previous >= 0 && !inOrder(profile, actual, previous, c, order)) say(`${pathName(profile, actual, c)} is out of ${order} order`);
      previous = c;
      seen++;
    }
    if (c !== actual.subtreeEnd[i] || seen !== childCount[i]) {
      say(`the subtree of ${pathName(profile, actual, i)} is not its children's (subtreeEnd ${actual.subtreeEnd[i]})`);
      break;
    }
  }
  return problems;
}

function inOrder(profile: Profile, tree: CallTree, a: number, b: number, order: ChildOrder): boolean {
  const nameA = nameOf(profile, tree.func[a]);
  const nameB = nameOf(profile, tree.func[b]);
  if (order === 'weight' && tree.total[a] !== tree.total[b]) return tree.total[a] > tree.total[b];
  return nameA < nameB;
}

function edgeProblems(profile: Profile, label: string, actual: EdgeList, expected: Map<number, number>): string[] {
  const byName = (edges: [number, number][]) => edges.map(([f, v]) => `${nameOf(profile, f)}=${v}`).sort();
  const got = byName(Array.from(actual.func, (f, i) => [f, actual.value[i]]));
  const want = byName([...expected]);
  return got.join(',') === want.join(',') ? [] : [`${label}: ${got.join(', ')}; expected ${want.join(', ')}`];
}

function sandwichProblems(profile: Profile, sandwich: Sandwich, ref: Reference, order: ChildOrder): string[] {
  const name = nameOf(profile, sandwich.callers.func[0]);
  const problems: string[] = [];
  if (sandwich.flat !== ref.flat || sandwich.cum !== ref.cum) problems.push(`${name}: flat ${sandwich.flat} cum ${sandwich.cum}, expected ${ref.flat} and ${ref.cum}`);
  problems.push(...treeProblems(profile, `${name} callers`, sandwich.callers, ref.callers, order));
  problems.push(...treeProblems(profile, `${name} callees`, sandwich.callees, ref.callees, order));
  problems.push(...edgeProblems(profile, `${name} direct callers`, sandwich.directCallers, ref.directCallers));
  problems.push(...edgeProblems(profile, `${name} direct callees`, sandwich.directCallees, ref.directCallees));
  return problems;
}

interface Coverage {
  present: number;
  /** Functions whose callees tree holds the function again (recursion under the outermost call). */
  recursive: number;
  deepestCallers: number;
}

/**
 * Past this many functions a profile is checked on a tenth of them, plus every one that recurses
 * or has an inlined frame (the cases where a mistake would show): all 7,609 of synth-small take
 * seconds per query.
 */
const CHECK_ALL_FUNCTIONS = 1000;

function functionsToCheck(profile: Profile, kept: KeptSample[]): number[] {
  const count = profile.functions.count;
  if (count <= CHECK_ALL_FUNCTIONS) return Array.from({ length: count }, (_, f) => f);
  const chosen = new Uint8Array(count);
  for (let f = 0; f < count; f += 10) chosen[f] = 1;
  for (let frame = 0; frame < profile.frames.count; frame++) if (profile.frames.inlined[frame]) chosen[profile.frames.func[frame]] = 1;
  const seen = new Int32Array(count).fill(-1);
  kept.forEach(({ funcs }, i) => {
    for (const f of funcs) {
      if (seen[f] === i) chosen[f] = 1;
      seen[f] = i;
    }
  });
  return Array.from(chosen.keys()).filter((f) => chosen[f]);
}

/** Each function's sandwich against the brute force; what was met, so a case can say it tested something. */
function checkAgainstReference(profile: Profile, query: ProfileQuery, order: ChildOrder, funcs?: number[]): Coverage {
  const tree = runQuery(profile, { ...query, order }, { tree: true }).tree!;
  const kept = keptSamples(profile, query);
  const coverage: Coverage = { present: 0, recursive: 0, deepestCallers: 0 };
  const problems: string[] = [];
  for (const func of funcs ?? functionsToCheck(profile, kept)) {
    const sandwich = computeSandwich(profile, tree, func, order);
    const ref = referenceSandwich(kept, func);
    expect(sandwich.func).toBe(func);
    problems.push(...sandwichProblems(profile, sandwich, ref, order));
    if (problems.length > 40) break;
    if (ref.callers.total.length > 1 || ref.cum !== 0) coverage.present++;
    if (ref.callees.func.indexOf(func, 1) > 0) coverage.recursive++;
    coverage.deepestCallers = Math.max(coverage.deepestCallers, sandwich.callers.maxDepth);
  }
  expect(problems).toEqual([]);
  return coverage;
}

const funcNamed = (profile: Profile, name: string) => {
  const func = profile.functions.name.findIndex((s) => profile.strings[s] === name);
  if (func < 0) throw new Error(`no function ${name}`);
  return func;
};

const ORDERS = ['name', 'weight'] as const;

describe('every sandwich equals a brute force over the kept samples', () => {
  // recursion: some kept stack has a function under itself, and the check must meet one.
  const cases: { file: string; flags: Record<string, string>; recursion?: boolean }[] = [
    { file: 'app-v1-cpu.pb.gz', flags: {}, recursion: true },
    { file: 'app-v1-cpu.pb.gz', flags: { sample_index: 'samples' }, recursion: true },
    { file: 'app-v1-cpu.pb.gz', flags: { tagfocus: 'endpoint=/api/v1/orders' } },
    { file: 'app-v1-cpu.pb.gz', flags: { tagfocus: 'endpoint=^/api', tagignore: 'customer_tier=free' } },
    { file: 'app-v1-cpu.pb.gz', flags: { focus: 'main\\.handle', ignore: 'json', hide: 'sort' } },
    { file: 'app-v1-cpu.pb.gz', flags: { hide: 'runtime\\.(newobject|makeslice|growslice)|encoding/json' } },
    { file: 'app-v1-cpu.pb.gz', flags: { show: 'main\\.|sort\\.', tagfocus: 'customer_tier=free' } },
    { file: 'app-v1-cpu.pb.gz', flags: { ignore: 'runtime\\.mallocgc' } },
    { file: 'app-v1-heap.pb.gz', flags: {} },
    { file: 'app-v1-heap.pb.gz', flags: { sample_index: 'alloc_space', focus: 'encoding/json' } },
    { file: 'app-v1-heap.pb.gz', flags: { sample_index: 'inuse_objects', tagfocus: 'bytes=1kb:' } },
    { file: 'app-v1-mutex.pb.gz', flags: { sample_index: 'delay' } },
    { file: 'synth-small.pb.gz', flags: {}, recursion: true },
    { file: 'synth-small.pb.gz', flags: { hide: 'libc' }, recursion: true },
    { file: 'synth-small.pb.gz', flags: { tagfocus: 'customer_tier=free', sample_index: 'samples' } },
    { file: 'synth-small.pb.gz', flags: { ignore: 'grpc|tls' } },
    { file: 'edge-deep-stack.pb.gz', flags: {}, recursion: true },
    { file: 'edge-inline-unsymbolized.pb', flags: {}, recursion: true },
    { file: 'edge-inline-unsymbolized.pb', flags: { hide: 'json' } },
    { file: 'edge-dropframes.pb.gz', flags: {} },
    { file: 'edge-odd-references.pb', flags: {} },
    { file: 'app-v2-goroutine.pb.gz', flags: { tagignore: 'nothing=x' } },
    { file: 'diff-v2-minus-v1-cpu.pb.gz', flags: {}, recursion: true },
    { file: 'diff-v2-minus-v1-cpu.pb.gz', flags: { focus: 'newFeature', sample_index: 'samples' } },
  ];
  it.each(cases.flatMap((c) => ORDERS.map((order) => ({ ...c, order, flagText: JSON.stringify(c.flags) }))))('$file $flagText by $order', async ({ file, flags, recursion, order }) => {
    const profile = await loadFixture(file);
    const query = { ...queryFromFlags(flags), sampleTypeIndex: resolveSampleType(profile, flags.sample_index) };
    const coverage = checkAgainstReference(profile, query, order);
    expect(coverage.present).toBeGreaterThan(0);
    if (recursion) expect(coverage.recursive).toBeGreaterThan(0);
  });

  it('sees the hidden frames and the filters (the cases above are not all the same tree)', async () => {
    const profile = await loadFixture('app-v1-cpu.pb.gz');
    const mallocgc = funcNamed(profile, 'runtime.mallocgc');
    const cum = (flags: Record<string, string>) => {
      const tree = runQuery(profile, queryFromFlags(flags), { tree: true }).tree!;
      return computeSandwich(profile, tree, mallocgc, 'name');
    };
    const all = cum({});
    const hidden = cum({ hide: 'runtime\\.(newobject|makeslice|growslice)|encoding/json' });
    expect(all.cum).toBeGreaterThan(0);
    // Hiding its callers changes who calls it, not its weight.
    expect(hidden.cum).toBe(all.cum);
    expect(Array.from(hidden.directCallers.func)).not.toEqual(Array.from(all.directCallers.func));
    expect(cum({ tagfocus: 'endpoint=/api/v1/orders' }).cum).toBeLessThan(all.cum);
    expect(cum({ ignore: 'runtime\\.mallocgc' }).cum).toBe(0);
  });
});

interface CraftedSample {
  /** Function names, root first. */
  stack: string[];
  value: number;
}

/** A profile of one sample type with one location per function, decoded as a file would be. */
function craftProfile(samples: CraftedSample[]): Promise<Profile> {
  const writer = new ProfileWriter().sampleType('samples', 'count');
  const ids = new Map<string, number>();
  for (const { stack } of samples) {
    for (const name of stack) {
      if (ids.has(name)) continue;
      const id = ids.size + 1;
      ids.set(name, id);
      writer.function(id, name).location(id, 0, [id]);
    }
  }
  // pprof lists a sample's locations leaf first.
  for (const { stack, value } of samples) writer.sample(stack.map((name) => ids.get(name)!).reverse(), [value]);
  return decodeProfile(writer.finish());
}

/** A small tree as "F;caller;…" (or "F;callee;…") → [total, self]. */
function pathMap(profile: Profile, tree: CallTree): Record<string, [number, number]> {
  const key: string[] = [];
  const out: Record<string, [number, number]> = {};
  for (let i = 0; i < tree.count; i++) {
    const name = nameOf(profile, tree.func[i]);
    key[i] = i === 0 ? name : `${key[tree.parent[i]]};${name}`;
    out[key[i]] = [tree.total[i], tree.self[i]];
  }
  return out;
}

const edgeMap = (profile: Profile, edges: EdgeList) => Array.from(edges.func, (f, i) => [nameOf(profile, f), edges.value[i]]);

describe('sandwich edge cases', () => {
  // F recurses into itself (1), is a leaf under mutual recursion A↔B (2), a root-level frame alone
  // (3), recurses through G (4), weighs negative (6); main is only ever a root frame, L only a leaf,
  // Z only in a zero-valued sample.
  const samples: CraftedSample[] = [
    { stack: ['main', 'F', 'F', 'F', 'G'], value: 10 },
    { stack: ['main', 'A', 'B', 'A', 'B', 'F'], value: 4 },
    { stack: ['F'], value: 2 },
    { stack: ['main', 'G', 'F', 'G', 'F', 'H'], value: 1 },
    { stack: ['main', 'A'], value: -3 },
    { stack: ['main', 'F', 'G'], value: -6 },
    { stack: ['main', 'L'], value: 5 },
    { stack: ['main', 'Z'], value: 0 },
  ];

  it.each(ORDERS)('gives F its callers and callees, recursion counted once and no self edge (%s order)', async (order) => {
    const profile = await craftProfile(samples);
    const sandwich = computeSandwich(profile, runQuery(profile, { order }).tree!, funcNamed(profile, 'F'), order);
    expect({ flat: sandwich.flat, cum: sandwich.cum }).toEqual({ flat: 4 + 2, cum: 10 + 4 + 2 + 1 - 6 });
    expect(pathMap(profile, sandwich.callers)).toEqual({
      F: [11, 2],
      'F;main': [10 - 6, 10 - 6],
      'F;B': [4, 0],
      'F;B;A': [4, 0],
      'F;B;A;B': [4, 0],
      'F;B;A;B;A': [4, 0],
      'F;B;A;B;A;main': [4, 4],
      'F;G': [1, 0],
      'F;G;main': [1, 1],
    });
    expect(pathMap(profile, sandwich.callees)).toEqual({
      F: [11, 4 + 2],
      'F;F': [10, 0],
      'F;F;F': [10, 0],
      'F;F;F;G': [10, 10],
      'F;G': [1 - 6, -6],
      'F;G;F': [1, 0],
      'F;G;F;H': [1, 1],
    });
    // F→F is no edge; main→F is one edge per sample (10 and −6); |4| ties are broken by name.
    expect(edgeMap(profile, sandwich.directCallers)).toEqual([['B', 4], ['main', 4], ['G', 1]]);
    expect(edgeMap(profile, sandwich.directCallees)).toEqual([['G', 10 + 1 - 6], ['H', 1]]);
    checkAgainstReference(profile, { order }, order);
  });

  it('counts mutual recursion once per sample, negative weights summed exactly', async () => {
    const profile = await craftProfile(samples);
    const sandwich = computeSandwich(profile, runQuery(profile).tree!, funcNamed(profile, 'A'), 'name');
    expect({ flat: sandwich.flat, cum: sandwich.cum }).toEqual({ flat: -3, cum: 4 - 3 });
    // Only A's outermost calls have callers in the tree: the inner A under B adds no "A;B" path.
    expect(pathMap(profile, sandwich.callers)).toEqual({ A: [1, 0], 'A;main': [4 - 3, 4 - 3] });
    expect(pathMap(profile, sandwich.callees)).toEqual({ A: [1, -3], 'A;B': [4, 0], 'A;B;A': [4, 0], 'A;B;A;B': [4, 0], 'A;B;A;B;F': [4, 4] });
    expect(edgeMap(profile, sandwich.directCallers)).toEqual([['B', 4], ['main', 1]]);
    expect(edgeMap(profile, sandwich.directCallees)).toEqual([['B', 4]]);
  });

  it('handles a root-only function, a leaf-only one, a zero-valued one and one filtered away', async () => {
    const profile = await craftProfile(samples);
    const tree = runQuery(profile).tree!;
    const main = computeSandwich(profile, tree, funcNamed(profile, 'main'), 'name');
    expect({ flat: main.flat, cum: main.cum, callers: pathMap(profile, main.callers) }).toEqual({ flat: 0, cum: 10 + 4 + 1 - 3 - 6 + 5, callers: { main: [11, 11] } });
    expect(main.directCallers.func.length).toBe(0);
    expect(Array.from(main.directCallees.func, (f) => nameOf(profile, f)).sort()).toEqual(['A', 'F', 'G', 'L']);

    const leaf = computeSandwich(profile, tree, funcNamed(profile, 'L'), 'name');
    expect({ flat: leaf.flat, cum: leaf.cum, callers: pathMap(profile, leaf.callers), callees: pathMap(profile, leaf.callees) }).toEqual({
      flat: 5,
      cum: 5,
      callers: { L: [5, 0], 'L;main': [5, 5] },
      callees: { L: [5, 5] },
    });
    expect(leaf.directCallees.func.length).toBe(0);

    // Z's only sample weighs 0, and pprof drops such samples: Z is in no kept stack.
    const zero = computeSandwich(profile, tree, funcNamed(profile, 'Z'), 'name');
    for (const absent of [zero, computeSandwich(profile, runQuery(profile, { ignore: '^F$' }).tree!, funcNamed(profile, 'F'), 'weight')]) {
      expect({ flat: absent.flat, cum: absent.cum, callers: pathMap(profile, absent.callers), callees: pathMap(profile, absent.callees) }).toEqual({
        flat: 0,
        cum: 0,
        callers: { [nameOf(profile, absent.func)]: [0, 0] },
        callees: { [nameOf(profile, absent.func)]: [0, 0] },
      });
      expect([absent.directCallers.func.length, absent.directCallees.func.length]).toEqual([0, 0]);
    }
    // Main still has A under it after ignoring F, with F's samples gone.
    const mainWithoutF = computeSandwich(profile, runQuery(profile, { ignore: '^F$' }).tree!, funcNamed(profile, 'main'), 'name');
    expect(mainWithoutF.cum).toBe(-3 + 5);
  });

  it('passes over hidden frames: hiding G makes F call F directly', async () => {
    const profile = await craftProfile(samples);
    const query = { hide: '^G$' };
    const sandwich = computeSandwich(profile, runQuery(profile, query).tree!, funcNamed(profile, 'F'), 'name');
    expect(pathMap(profile, sandwich.callers)).toMatchObject({ 'F;main': [10 - 6 + 1, 10 - 6 + 1] });
    expect(pathMap(profile, sandwich.callees)).toEqual({ F: [11, 4 + 2 - 6], 'F;F': [10 + 1, 0], 'F;F;F': [10, 10], 'F;F;H': [1, 1] });
    expect(edgeMap(profile, sandwich.directCallees)).toEqual([['H', 1]]);
    checkAgainstReference(profile, query, 'name');
  });

  it('sums a diff profile exactly: both trees total the signed cum', async () => {
    const profile = await loadFixture('diff-v2-minus-v1-cpu.pb.gz');
    const tree = runQuery(profile).tree!;
    const kept = keptSamples(profile, {});
    let negative = 0;
    for (let func = 0; func < profile.functions.count; func++) {
      const sandwich = computeSandwich(profile, tree, func, 'name');
      const cum = kept.reduce((sum, s) => (s.funcs.includes(func) ? sum + s.value : sum), 0);
      expect([sandwich.cum, sandwich.callers.total[0], sandwich.callees.total[0]]).toEqual([cum, cum, cum]);
      if (cum < 0) negative++;
    }
    expect(negative).toBeGreaterThan(0);
  });
});

describe('50,000-deep stacks', () => {
  const DEPTH = 50_000;

  it('a plain chain: callers and callees of its bottom, middle and leaf', async () => {
    const chain = Array.from({ length: DEPTH }, (_, i) => `chain.f${i}`);
    const profile = await craftProfile([
      { stack: chain, value: 3 },
      { stack: chain.slice(0, 25_000), value: 5 },
      { stack: chain.slice(0, 1), value: 7 },
    ]);
    const tree = runQuery(profile).tree!;
    const sandwichOf = (i: number) => computeSandwich(profile, tree, funcNamed(profile, chain[i]), 'name');

    const bottom = sandwichOf(0);
    expect([bottom.flat, bottom.cum, bottom.callers.count, bottom.callers.self[0]]).toEqual([7, 15, 1, 15]);
    expect([bottom.callees.count, bottom.callees.maxDepth, bottom.callees.total[1], bottom.callees.self[bottom.callees.count - 1]]).toEqual([DEPTH, DEPTH - 1, 8, 3]);

    const middle = sandwichOf(30_000);
    expect([middle.flat, middle.cum, middle.callers.count, middle.callees.count]).toEqual([0, 3, 30_001, DEPTH - 30_000]);
    expect(nameOf(profile, middle.callers.func[30_000])).toBe('chain.f0');
    expect([middle.callers.total[30_000], middle.callers.self[30_000]]).toEqual([3, 3]);

    const leaf = sandwichOf(DEPTH - 1);
    expect([leaf.flat, leaf.cum, leaf.callers.count, leaf.callers.maxDepth, leaf.callees.count]).toEqual([3, 3, DEPTH, DEPTH - 1, 1]);
    expect(edgeMap(profile, leaf.directCallers)).toEqual([[chain[DEPTH - 2], 3]]);

    const inner = sandwichOf(24_999);
    expect([inner.flat, inner.cum, inner.callees.total[0], inner.callees.self[0]]).toEqual([5, 8, 8, 5]);

    const funcs = [0, 1, 24_999, 25_000, 30_000, DEPTH - 1].map((i) => funcNamed(profile, chain[i]));
    for (const order of ORDERS) expect(checkAgainstReference(profile, {}, order, funcs).deepestCallers).toBe(DEPTH - 1);
  });

  it('a recursive chain a→b→a→b…: the callers tree cut at the outermost call, the callees tree whole', async () => {
    // main, then a,b 12,500 times, mid, a,b again, leaf: 50,003 frames.
    const half = Array.from({ length: DEPTH / 2 }, (_, i) => (i % 2 ? 'b' : 'a'));
    const full = ['main', ...half, 'mid', ...half, 'leaf'];
    const midAt = 1 + half.length;
    const profile = await craftProfile([
      { stack: full, value: 3 },
      { stack: full.slice(0, midAt + 1), value: 2 },
      { stack: full.slice(0, 1001), value: 5 },
    ]);
    const tree = runQuery(profile).tree!;
    const sandwichOf = (name: string) => computeSandwich(profile, tree, funcNamed(profile, name), 'name');

    const a = sandwichOf('a');
    expect([a.flat, a.cum]).toEqual([0, 10]);
    expect(pathMap(profile, a.callers)).toEqual({ a: [10, 0], 'a;main': [10, 10] });
    expect([a.callees.count, a.callees.total[0], a.callees.maxDepth]).toEqual([full.length - 1, 10, full.length - 2]);
    expect(edgeMap(profile, a.directCallers)).toEqual([['b', 10], ['main', 10], ['mid', 3]]);
    expect(edgeMap(profile, a.directCallees)).toEqual([['b', 10]]);

    const mid = sandwichOf('mid');
    expect([mid.flat, mid.cum, mid.callers.count, mid.callers.total[mid.callers.count - 1]]).toEqual([2, 5, midAt + 1, 5]);
    expect(edgeMap(profile, mid.directCallers)).toEqual([['b', 5]]);
    expect(edgeMap(profile, mid.directCallees)).toEqual([['a', 3]]);

    const main = sandwichOf('main');
    expect([main.cum, main.callers.count, main.callees.count]).toEqual([10, 1, full.length]);

    const leaf = sandwichOf('leaf');
    expect([leaf.flat, leaf.cum, leaf.callers.count, leaf.callees.count]).toEqual([3, 3, full.length, 1]);

    for (const order of ORDERS) checkAgainstReference(profile, {}, order);
  });

  it('direct self-recursion 50,000 deep: one node per level under the outermost call, no self edge', async () => {
    const stack = ['main', ...Array.from({ length: DEPTH }, () => 'r'), 'leaf'];
    const profile = await craftProfile([
      { stack, value: 4 },
      { stack: stack.slice(0, 20_000), value: 1 },
    ]);
    const r = computeSandwich(profile, runQuery(profile).tree!, funcNamed(profile, 'r'), 'weight');
    expect([r.flat, r.cum, r.callers.count, r.callees.count, r.callees.total[0]]).toEqual([1, 5, 2, DEPTH + 1, 5]);
    expect(edgeMap(profile, r.directCallers)).toEqual([['main', 5]]);
    expect(edgeMap(profile, r.directCallees)).toEqual([['leaf', 4]]);
    for (const order of ORDERS) checkAgainstReference(profile, {}, order);
  });
});
