import type { Profile, ValueType } from '../model/profile.js';
import { GrowableFloat64, GrowableInt32, type AllocationGuard } from '../model/growable.js';
import { IntPairMap } from '../model/int-pair-map.js';
import { computeNumLabelUnits } from '../analysis/label-units.js';
import { ProfileError } from './profile-error.js';
import { StackBuilder } from './stack-builder.js';

/** The name an empty frame (`a;;b 1`) is shown by. */
const EMPTY_FRAME_NAME = '(empty frame)';

/**
 * Folded stacks, Brendan Gregg's format (what `stackcollapse-*.pl`, async-profiler's collapsed
 * output and many profilers write): one line per call path, frames root first joined by ";",
 * then a space and a count — `main;parse;read 42`. difffolded.pl's form has two counts,
 * `stack base target`, and opens as two sample types, base and target.
 *
 * The result is the same columnar Profile the pprof decoder gives: one function (and one
 * location, one frame) per distinct frame name, the stack prefix tree, one sample per distinct path.
 */

const NUMBER = /^-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?$/;

/** parseLine's other results: the line's counts (base first when two) and how many it had. */
let parsedValues: [number, number] = [0, 0];
let parsedColumns = 1;

/** Where the stack ends in a line (trailing spaces trimmed), and its 1 or 2 counts; -1 when it does not parse. */
function parseLine(line: string, columns: number): number {
  let end = line.length;
  let counts = 0;
  const wanted = columns === 0 ? 2 : columns;
  while (counts < wanted) {
    const space = line.lastIndexOf(' ', end - 1);
    if (space <= 0) break;
    const token = line.slice(space + 1, end);
    // 1e309 reads as a number but is Infinity: a count must be a finite number.
    const value = NUMBER.test(token) ? Number(token) : NaN;
    if (!Number.isFinite(value)) break;
    parsedValues = counts === 0 ? [value, 0] : [value, parsedValues[0]];
    counts++;
    end = space;
    while (end > 0 && line.charCodeAt(end - 1) === 32) end--;
  }
  if (counts === 0 || (columns !== 0 && counts !== columns) || end === 0) return -1;
  if (counts === 1) parsedValues = [parsedValues[0], 0];
  parsedColumns = counts;
  return end;
}

/** A line without its CR and trailing blanks; '' for a line that is blank or a `#` comment. */
function contentOf(line: string): string {
  let end = line.length;
  while (end > 0 && (line.charCodeAt(end - 1) === 13 || line.charCodeAt(end - 1) === 32 || line.charCodeAt(end - 1) === 9)) end--;
  const content = end === line.length ? line : line.slice(0, end);
  return content.charCodeAt(0) === 35 /* # */ ? '' : content;
}

/** How much of a file's start is looked at to tell folded stacks from other files. */
const SNIFF_BYTES = 4096;

/** A first line longer than SNIFF_BYTES (deep Java stacks run to 10 KB and more) is read whole up to this. */
const SNIFF_FIRST_LINE_BYTES = 1 << 20;

/**
 * Whether the bytes start like folded stacks: text with no control bytes (protobuf has many in
 * its first bytes), and every complete line of the first 4 KB blank, a comment or `stack count`.
 */
export function looksLikeFolded(bytes: Uint8Array): boolean {
  return foldedColumns(bytes) > 0;
}

/**
 * 1 or 2 counts per line when the bytes start like folded stacks, else 0. A first line read as
 * two counts may be one count after a frame whose name ends in a number (`a;retry 3 7`): when the
 * lines after it have one count, the file has one.
 */
function foldedColumns(bytes: Uint8Array): 0 | 1 | 2 {
  let sample = bytes.subarray(0, SNIFF_BYTES);
  if (sample.length < bytes.length && sample.indexOf(10) < 0) {
    // No whole line in the sample: the first line is judged, as far as its end (within 1 MB).
    const newline = bytes.subarray(0, SNIFF_FIRST_LINE_BYTES).indexOf(10);
    if (newline > 0) sample = bytes.subarray(0, newline + 1);
  }
  for (let i = 0; i < sample.length; i++) {
    const b = sample[i];
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) return 0;
    if (b === 0x7f) return 0;
  }
  const lines = new TextDecoder('utf-8').decode(sample).split('\n');
  // The sample's last line may be cut off: it is not judged.
  if (sample.length < bytes.length) lines.pop();
  const columnsOfLines = (wanted: number): 0 | 1 | 2 => {
    let columns = wanted;
    let parsed = 0;
    for (const line of lines) {
      const content = contentOf(line);
      if (content === '') continue;
      if (parseLine(content, columns) < 0) return 0;
      columns = parsedColumns;
      parsed++;
    }
    return parsed > 0 ? (columns as 1 | 2) : 0;
  };
  return columnsOfLines(0) || columnsOfLines(1);
}

export interface FoldedDecodeOptions {
  /** Called as the decode advances (fraction 0..1), for a progress bar. */
  onProgress?: (fraction: number, phase: string) => void;
  /** Charged before the tables grow (the decode's MemoryBudget), so a huge file is refused in one sentence. */
  guard?: AllocationGuard;
  /** A longer line is left out without being decoded (a string that long would not fit in memory). */
  maxLineBytes?: number;
}

export interface FoldedProfile extends Profile {
  /** Lines that did not parse and were left out (the file's other lines are read). */
  skippedLines: number;
}

/** Text is decoded this many bytes at a time (cut at a newline), so no string holds the whole file. */
const CHUNK_BYTES = 4 << 20;

/** The longest line read: 64 MB holds a stack far deeper than any profiler writes. */
const MAX_LINE_BYTES = 64 << 20;

/** Memory per distinct name beyond its characters: the Map entry, the string and the strings slot. */
const BYTES_PER_NAME = 100;

/** What the views (call tree, flame layout) take per stack, as pprof-decode.ts charges them. */
const VIEW_BYTES_PER_PATH = 128;

/** Whether a line holds what text never does: C0 controls other than tab and CR, or DEL (protobuf and other binaries are full of them). */
function holdsBinary(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0d) || c === 0x7f) return true;
  }
  return false;
}

export function decodeFolded(bytes: Uint8Array, options: FoldedDecodeOptions = {}): FoldedProfile {
  const { guard, maxLineBytes = MAX_LINE_BYTES } = options;
  const strings: string[] = [''];
  const functionOfName = new Map<string, number>();
  const functionName = new GrowableInt32(1024, guard);
  const intern = (name: string): number => {
    let id = functionOfName.get(name);
    if (id === undefined) {
      guard?.charge(name.length * 2 + BYTES_PER_NAME);
      id = functionName.push(strings.length);
      strings.push(name);
      functionOfName.set(name, id);
    }
    return id;
  };

  // Distinct paths as a trie of (parent node + 1, function) → node; each leaf reached by a line is a sample.
  const trie = new IntPairMap(1 << 16, guard);
  let nodeCount = 0;
  const pathOfNode = new GrowableInt32(1 << 16, guard);
  const paths = new StackBuilder(guard);
  const base = new GrowableFloat64(1 << 12, guard);
  const target = new GrowableFloat64(1 << 12, guard);
  const mergedFrom = new GrowableInt32(1 << 12, guard);
  const totals = [0, 0];

  // The previous line's stack and its trie node at each depth: sorted folded files share long
  // prefixes line to line, and a shared prefix is not split or looked up again.
  let previousStack = '';
  let nodeAtDepth = new Int32Array(256);
  let frameEnds = new Int32Array(256);
  let funcAtDepth = new Int32Array(256);
  let previousDepth = 0;
  let pathScratch = new Int32Array(256);

  // As the file's start reads (0: the first line that parses decides).
  let columns: number = foldedColumns(bytes);
  let lineNumber = 0;
  let sourceCount = 0;
  // A one-count file's counts are how many samples saw each stack (perf, stackcollapse-*), unless one is not a whole number.
  let countsAreWhole = true;
  let skipped = 0;
  let firstBadLine = 0;
  let firstBadText = '';
  const decoder = new TextDecoder('utf-8');

  const skipLine = (shown: string): void => {
    skipped++;
    if (firstBadLine === 0) {
      firstBadLine = lineNumber;
      firstBadText = shown.length > 80 ? `${shown.slice(0, 80)}…` : shown;
    }
  };
  const addLine = (line: string): void => {
    lineNumber++;
    const content = contentOf(line);
    if (content === '') return;
    if (holdsBinary(content)) {
      throw new ProfileError('not-a-profile', `This file starts as folded stacks but line ${lineNumber} holds binary bytes: it is not a folded-stacks file.`);
    }
    const stackEnd = parseLine(content, columns);
    if (stackEnd < 0) {
      skipLine(content);
      return;
    }
    columns = parsedColumns;
    sourceCount++;
    const stack = content.slice(0, stackEnd);
    // Frames shared with the previous line's stack: whole frames, so the match must end where
    // this line's frame ends too (at a ";" or the stack's end).
    let same = 0;
    const limit = Math.min(stack.length, previousStack.length);
    while (same < limit && stack.charCodeAt(same) === previousStack.charCodeAt(same)) same++;
    let depth = 0;
    while (depth < previousDepth && frameEnds[depth] <= same && (frameEnds[depth] === stack.length || stack.charCodeAt(frameEnds[depth]) === 59)) {
      depth++;
    }
    let node = depth > 0 ? nodeAtDepth[depth - 1] : -1;
    let at = depth > 0 ? frameEnds[depth - 1] + 1 : 0;
    while (at <= stack.length) {
      let end = stack.indexOf(';', at);
      if (end < 0) end = stack.length;
      // An empty frame (`a;;b`) is no function anyone wrote: a blank name would read as a missing row.
      const func = intern(end > at ? stack.slice(at, end) : EMPTY_FRAME_NAME);
      const fresh = nodeCount;
      node = trie.getOrInsert(node + 1, func, fresh);
      if (node === fresh) {
        nodeCount++;
        pathOfNode.push(-1);
      }
      if (depth === nodeAtDepth.length) {
        nodeAtDepth = grow(nodeAtDepth);
        frameEnds = grow(frameEnds);
        funcAtDepth = grow(funcAtDepth);
      }
      nodeAtDepth[depth] = node;
      funcAtDepth[depth] = func;
      frameEnds[depth] = end;
      depth++;
      at = end + 1;
    }
    previousStack = stack;
    previousDepth = depth;
    let path = pathOfNode.data[node];
    if (path < 0) {
      // A new path: handed to the stack builder leaf first (functions are locations one to one).
      while (pathScratch.length < depth) pathScratch = grow(pathScratch);
      for (let k = 0; k < depth; k++) pathScratch[k] = funcAtDepth[depth - 1 - k];
      path = paths.addLeafFirst(pathScratch, depth);
      pathOfNode.data[node] = path;
      base.push(0);
      target.push(0);
      mergedFrom.push(0);
    }
    const [first, second] = parsedValues;
    if (!Number.isInteger(first) || first < 0) countsAreWhole = false;
    base.data[path] += first;
    target.data[path] += second;
    mergedFrom.data[path]++;
    totals[0] += Math.abs(first);
    totals[1] += Math.abs(second);
    if (!Number.isFinite(totals[0] + totals[1])) {
      throw new ProfileError('corrupt', `The counts of this folded-stacks file add up past the largest number a profile can hold (line ${lineNumber}).`);
    }
  };
  // A line longer than maxLineBytes is counted and left out (one too long for a string is never decoded).
  const skipLongLine = (start: string): void => {
    lineNumber++;
    skipLine(start);
  };
  for (let start = 0; start < bytes.length; ) {
    let end = Math.min(bytes.length, start + CHUNK_BYTES);
    if (end < bytes.length) {
      const newline = bytes.lastIndexOf(10, end - 1);
      end = newline >= start ? newline + 1 : bytes.indexOf(10, end) + 1 || bytes.length;
    }
    // The share read once this chunk is: a refusal midway says what the whole file would need.
    if (guard) guard.progress = end / bytes.length;
    if (end - start > maxLineBytes && bytes.lastIndexOf(10, end - 2) < start) {
      skipLongLine(decoder.decode(bytes.subarray(start, start + 81)));
      start = end;
      continue;
    }
    const text = decoder.decode(bytes.subarray(start, end));
    for (let at = 0; at < text.length; ) {
      let newline = text.indexOf('\n', at);
      if (newline < 0) newline = text.length;
      if (newline - at > maxLineBytes) skipLongLine(text.slice(at, at + 81));
      else addLine(text.slice(at, newline));
      at = newline + 1;
    }
    start = end;
    options.onProgress?.(0.9 * (start / bytes.length), 'reading folded stacks');
  }
  if (guard) guard.progress = 1;
  if (sourceCount === 0) {
    throw new ProfileError(
      'not-a-profile',
      firstBadLine === 0
        ? 'This folded-stacks file has no stacks (every line is blank or a comment).'
        : `This is not a folded-stacks file ("frame;frame;… count" per line): line ${firstBadLine} reads ${JSON.stringify(firstBadText)}.`,
    );
  }
  // The columns buildProfile makes (about 90 bytes a function, 24 a path) and the views built on the paths, as pprof-decode counts them.
  guard?.charge(functionName.length * 90 + paths.pathCount * (24 + VIEW_BYTES_PER_PATH));
  if (columns === 1 && countsAreWhole) sourceCount = samplesCounted(base, mergedFrom) ?? sourceCount;
  return buildProfile({ strings, functionName, paths, base, target, mergedFrom, totals, columns, sourceCount, skipped });
}

function grow(array: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const next = new Int32Array(array.length * 2);
  next.set(array);
  return next;
}

interface Collected {
  strings: string[];
  functionName: GrowableInt32;
  paths: StackBuilder;
  base: GrowableFloat64;
  target: GrowableFloat64;
  mergedFrom: GrowableInt32;
  totals: number[];
  columns: number;
  sourceCount: number;
  skipped: number;
}

/**
 * The file's sample count as its counts give it: each path's count becomes the samples it merges
 * (what the status line's "N samples" and a filter's kept count add up). Null, leaving lines as
 * the count, where a path's count is past what that column holds.
 */
function samplesCounted(counts: GrowableFloat64, mergedFrom: GrowableInt32): number | null {
  let total = 0;
  for (let path = 0; path < mergedFrom.length; path++) {
    if (counts.data[path] > 0x7fffffff) return null;
    total += counts.data[path];
  }
  for (let path = 0; path < mergedFrom.length; path++) mergedFrom.data[path] = counts.data[path];
  return total;
}

function buildProfile({ strings, functionName, paths, base, target, mergedFrom, totals, columns, sourceCount, skipped }: Collected): FoldedProfile {
  const n = functionName.length;
  const rows = Int32Array.from({ length: n }, (_, i) => i);
  const locations = {
    count: n,
    id: Float64Array.from(rows, (i) => i + 1),
    mapping: new Int32Array(n).fill(-1),
    address: new Float64Array(n),
    hasLines: new Uint8Array(n).fill(1),
    frameStart: rows,
    frameCount: new Int32Array(n).fill(1),
  };
  const { stacks, leafOfPath } = paths.build(locations);
  const count = paths.pathCount;
  const twoColumns = columns === 2;
  const sampleTypes: ValueType[] = twoColumns
    ? [
        { type: 'base', unit: 'count' },
        { type: 'target', unit: 'count' },
      ]
    : [{ type: 'samples', unit: 'count' }];
  const profile: FoldedProfile = {
    strings,
    sampleTypes,
    defaultSampleTypeIndex: sampleTypes.length - 1,
    periodType: { type: 'samples', unit: 'count' },
    period: 1,
    timeNanos: 0,
    durationNanos: 0,
    comments: skipped > 0 ? [`${skipped} line${skipped === 1 ? ' of the folded file does' : 's of the folded file do'} not parse and ${skipped === 1 ? 'was' : 'were'} left out`] : [],
    dropFrames: '',
    keepFrames: '',
    mappings: { count: 0, id: new Float64Array(0), file: new Int32Array(0), buildId: new Int32Array(0), start: new Float64Array(0), limit: new Float64Array(0), offset: new Float64Array(0) },
    functions: {
      count: n,
      name: functionName.toArray(),
      systemName: functionName.toArray(),
      filename: new Int32Array(n),
      startLine: new Float64Array(n),
      synthetic: new Uint8Array(n),
    },
    frames: { count: n, func: rows, line: new Float64Array(n), inlined: new Uint8Array(n), location: rows, file: new Int32Array(n), hasFunction: new Uint8Array(n).fill(1) },
    locations,
    stacks,
    samples: {
      count,
      sourceCount,
      mergedFrom: mergedFrom.toArray(),
      totals: Float64Array.from(twoColumns ? totals : [totals[0]]),
      stack: leafOfPath.slice(0, count),
      values: twoColumns ? [base.toArray(), target.toArray()] : [base.toArray()],
      labelSet: new Int32Array(count),
    },
    labelSets: { count: 1, start: new Int32Array(1), length: new Int32Array(1) },
    labels: { count: 0, key: new Int32Array(0), str: new Int32Array(0), num: new Float64Array(0), unit: new Int32Array(0) },
    numLabelUnits: new Map(),
    skippedLines: skipped,
  };
  profile.numLabelUnits = computeNumLabelUnits(profile);
  return profile;
}
