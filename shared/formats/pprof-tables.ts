import { GrowableFloat64, GrowableInt32, type AllocationGuard } from '../model/growable.js';
import type { FrameTable, FunctionTable, LocationTable, MappingTable } from '../model/profile.js';
import { IdIndex } from './id-index.js';
import { ProfileError } from './profile-error.js';
import { ProtoReader, WIRE_BYTES } from './proto-reader.js';
import type { ProfileScan } from './pprof-scan.js';
import { decodeUtf8 } from './utf8.js';
import { compileFramePruner, type FramePruner } from './pprof-prune.js';
import { pprofFunctionName } from './pprof-names.js';

export class StringTable {
  constructor(readonly strings: string[]) {}

  /** Checks a string index read from the file. */
  index(i: number, what: string): number {
    if (i < 0 || i >= this.strings.length || !Number.isInteger(i)) {
      throw new ProfileError(
        'string-index',
        `${what} refers to string ${i}, but the string table has ${this.strings.length} entries`,
      );
    }
    return i;
  }

  get(i: number, what: string): string {
    return this.strings[this.index(i, what)];
  }

  /** Appends a string the file did not have (names of unsymbolized frames), or finds it. */
  intern(value: string, cache: Map<string, number>): number {
    let i = cache.get(value);
    if (i === undefined) {
      i = this.strings.length;
      this.strings.push(value);
      cache.set(value, i);
    }
    return i;
  }
}

/** JS strings hold at most 2^29 - 24 characters; V8 aborts the process on a longer decode. */
const MAX_STRING_LENGTH = (1 << 29) - 24;
/** Strings closer together than this share one latin1 decode (their tags and lengths sit between). */
const RUN_GAP = 16;
const RUN_SPAN = 1 << 20;

/**
 * Decodes the string table entry by entry: runs of neighbouring ASCII strings share one latin1
 * decode and come out as substrings (byte and character offsets agree in latin1), but a run
 * never spans more than RUN_SPAN bytes, nor an unknown field between two strings, so what is
 * decoded is what the strings hold.
 */
export function decodeStrings(buf: Uint8Array, scan: ProfileScan, guard?: AllocationGuard): StringTable {
  const ranges = scan.strings.data;
  const count = scan.strings.length / 2;
  let bytes = 0;
  for (let i = 0; i < count; i++) bytes += ranges[2 * i + 1] - ranges[2 * i];
  // A V8 string costs its characters plus a header and a slot in the array (about 40 bytes).
  guard?.charge(count * 40 + bytes);
  const strings = new Array<string>(count);
  let i = 0;
  while (i < count) {
    const runStart = ranges[2 * i];
    let runEnd = ranges[2 * i + 1];
    let last = i;
    while (last + 1 < count) {
      const nextStart = ranges[2 * (last + 1)];
      const nextEnd = ranges[2 * (last + 1) + 1];
      if (nextStart < runEnd || nextStart - runEnd > RUN_GAP || nextEnd - runStart > RUN_SPAN) break;
      runEnd = nextEnd;
      last++;
    }
    if (last === i) {
      strings[i] = decodeOne(buf, runStart, runEnd);
    } else {
      const region = latin1.decode(buf.subarray(runStart, runEnd));
      for (let k = i; k <= last; k++) {
        const start = ranges[2 * k];
        const end = ranges[2 * k + 1];
        strings[k] = isAscii(buf, start, end) ? region.substring(start - runStart, end - runStart) : decodeUtf8(buf, start, end);
      }
    }
    i = last + 1;
  }
  if (count > 0 && strings[0] !== '') {
    throw new ProfileError('corrupt', 'string_table[0] must be the empty string');
  }
  if (count === 0) strings.push('');
  return new StringTable(strings);
}

function decodeOne(buf: Uint8Array, start: number, end: number): string {
  if (end - start > MAX_STRING_LENGTH) {
    throw new ProfileError('too-large', `a string in the profile is ${Math.round((end - start) / 2 ** 20)} MiB long, more than the 512 MiB a string can hold here`);
  }
  return decodeUtf8(buf, start, end);
}

function isAscii(buf: Uint8Array, start: number, end: number): boolean {
  for (let b = start; b < end; b++) if (buf[b] >= 0x80) return false;
  return true;
}

const latin1 = new TextDecoder('latin1');

export function decodeMappings(buf: Uint8Array, scan: ProfileScan, strings: StringTable, guard?: AllocationGuard): { table: MappingTable; ids: IdIndex } {
  const count = scan.mappings.length / 2;
  // Columns (40 bytes a row), the id index (up to 20) and the display table's slot.
  guard?.charge(count * 64);
  const table: MappingTable = {
    count,
    id: new Float64Array(count),
    file: new Int32Array(count),
    buildId: new Int32Array(count),
    start: new Float64Array(count),
    limit: new Float64Array(count),
    offset: new Float64Array(count),
  };
  const reader = new ProtoReader(buf);
  for (let i = 0; i < count; i++) {
    reader.pos = scan.mappings.data[2 * i];
    reader.end = scan.mappings.data[2 * i + 1];
    while (!reader.atEnd()) {
      const tag = reader.varint();
      const field = tag >>> 3;
      if ((tag & 7) !== 0 || field > 6 || field === 0) {
        reader.skip(tag & 7);
        continue;
      }
      const value = reader.varint();
      if (field === 1) table.id[i] = value;
      else if (field === 2) table.start[i] = value;
      else if (field === 3) table.limit[i] = value;
      else if (field === 4) table.offset[i] = value;
      else if (field === 5) table.file[i] = strings.index(value, 'a mapping file name');
      else table.buildId[i] = strings.index(value, 'a mapping build id');
    }
  }
  return { table, ids: IdIndex.build(table.id, 'mapping') };
}

export interface RawFunctions {
  count: number;
  ids: IdIndex;
  name: Int32Array;
  systemName: Int32Array;
  filename: Int32Array;
  startLine: Float64Array;
}

export function decodeFunctions(buf: Uint8Array, scan: ProfileScan, strings: StringTable, guard?: AllocationGuard): RawFunctions {
  const count = scan.functions.length / 2;
  // Raw columns (28 bytes a row), the id index, and a display row with its Map entry by name.
  guard?.charge(count * 160);
  const id = new Float64Array(count);
  const raw = {
    count,
    name: new Int32Array(count),
    systemName: new Int32Array(count),
    filename: new Int32Array(count),
    startLine: new Float64Array(count),
  };
  const reader = new ProtoReader(buf);
  for (let i = 0; i < count; i++) {
    reader.pos = scan.functions.data[2 * i];
    reader.end = scan.functions.data[2 * i + 1];
    while (!reader.atEnd()) {
      const tag = reader.varint();
      const field = tag >>> 3;
      if ((tag & 7) !== 0 || field > 5 || field === 0) {
        reader.skip(tag & 7);
        continue;
      }
      if (field === 5) {
        raw.startLine[i] = reader.int64();
        continue;
      }
      const value = reader.varint();
      if (field === 1) id[i] = value;
      else if (field === 2) raw.name[i] = strings.index(value, 'a function name');
      else if (field === 3) raw.systemName[i] = strings.index(value, 'a function system name');
      else raw.filename[i] = strings.index(value, 'a function file name');
    }
  }
  return { ...raw, ids: IdIndex.build(id, 'function') };
}

/**
 * Builds the display-level function table while frames are made: pprof's function granularity
 * merges every pprof function with the same name, and names frames without symbols after the
 * base name of their mapping's file.
 */
class FunctionBuilder {
  /** Keyed by the name's text: a string table may hold the same text twice. */
  private readonly byName = new Map<string, number>();
  private readonly stringCache = new Map<string, number>();
  private readonly byRawFunction: Int32Array;
  private readonly byMapping: Int32Array;
  private noMapping = -1;
  readonly name = new GrowableInt32(1024);
  readonly systemName = new GrowableInt32(1024);
  readonly filename = new GrowableInt32(1024);
  readonly startLine = new GrowableFloat64(1024);
  readonly synthetic = new GrowableInt32(1024);

  constructor(
    private readonly strings: StringTable,
    private readonly raw: RawFunctions,
    private readonly mappings: MappingTable,
  ) {
    this.byRawFunction = new Int32Array(raw.count).fill(-1);
    this.byMapping = new Int32Array(mappings.count).fill(-1);
  }

  forRawFunction(f: number, mapping: number): number {
    const cached = this.byRawFunction[f];
    if (cached !== -1) return cached;
    const strings = this.strings.strings;
    const written = this.raw.name[f];
    const name = pprofFunctionName(strings[written], strings[this.raw.systemName[f]]);
    if (name === '') return this.forMapping(mapping);
    let row = this.byName.get(name);
    if (row === undefined) {
      const nameIndex = name === strings[written] ? written : this.strings.intern(name, this.stringCache);
      row = this.add(nameIndex, this.raw.systemName[f], this.raw.filename[f], this.raw.startLine[f], 0);
      this.byName.set(name, row);
    }
    this.byRawFunction[f] = row;
    return row;
  }

  forMapping(mapping: number): number {
    if (mapping < 0) {
      if (this.noMapping === -1) this.noMapping = this.addSynthetic('<unknown>');
      return this.noMapping;
    }
    if (this.byMapping[mapping] === -1) {
      const file = this.strings.strings[this.mappings.file[mapping]];
      this.byMapping[mapping] = file === '' ? this.forMapping(-1) : this.addSynthetic(`[${baseName(file)}]`);
    }
    return this.byMapping[mapping];
  }

  private addSynthetic(label: string): number {
    let row = this.byName.get(label);
    if (row === undefined) {
      row = this.add(this.strings.intern(label, this.stringCache), 0, 0, 0, 1);
      this.byName.set(label, row);
    }
    return row;
  }

  private add(name: number, systemName: number, filename: number, startLine: number, synthetic: number): number {
    this.systemName.push(systemName);
    this.filename.push(filename);
    this.startLine.push(startLine);
    this.synthetic.push(synthetic);
    return this.name.push(name);
  }

  table(): FunctionTable {
    return {
      count: this.name.length,
      name: this.name.toArray(),
      systemName: this.systemName.toArray(),
      filename: this.filename.toArray(),
      startLine: this.startLine.toArray(),
      synthetic: Uint8Array.from(this.synthetic.toArray()),
    };
  }
}

function baseName(path: string): string {
  const trimmed = path.replace(/[/\\]+$/, '');
  const slash = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
  return slash >= 0 ? trimmed.slice(slash + 1) : trimmed;
}

export interface DecodedLocations {
  locations: LocationTable;
  frames: FrameTable;
  functions: FunctionTable;
  ids: IdIndex;
  /** drop_frames: 1 = samples keep only what is above this location, 2 = and drop it too. */
  prune: Uint8Array | null;
}

export function decodeLocations(
  buf: Uint8Array,
  scan: ProfileScan,
  strings: StringTable,
  mappings: { table: MappingTable; ids: IdIndex },
  rawFunctions: RawFunctions,
  dropFrames: string,
  keepFrames: string,
  guard?: AllocationGuard,
): DecodedLocations {
  const count = scan.locations.length / 2;
  // Columns (29 bytes a row), the id index and the drop_frames marks; frames are charged as they grow.
  guard?.charge(count * 64);
  const locations: LocationTable = {
    count,
    id: new Float64Array(count),
    mapping: new Int32Array(count),
    address: new Float64Array(count),
    hasLines: new Uint8Array(count),
    frameStart: new Int32Array(count),
    frameCount: new Int32Array(count),
  };
  const functionBuilder = new FunctionBuilder(strings, rawFunctions, mappings.table);
  const frameFunc = new GrowableInt32(count * 2, guard);
  const frameLine = new GrowableFloat64(count * 2, guard);
  const frameInlined = new GrowableInt32(count * 2, guard);
  const frameLocation = new GrowableInt32(count * 2, guard);
  const frameFile = new GrowableInt32(count * 2, guard);
  const frameHasFunction = new GrowableInt32(count * 2, guard);
  const pruner: FramePruner | null = compileFramePruner(dropFrames, keepFrames);
  const prune = pruner ? new Uint8Array(count) : null;

  const reader = new ProtoReader(buf);
  const lineReader = new ProtoReader(buf);
  // Scratch for one location's lines; typed and reused, since resetting a JS array's length
  // per location is slow.
  let lineFunctions = new Float64Array(16);
  let lineNumbers = new Float64Array(16);
  let rawFunctionRows = new Int32Array(16);
  for (let i = 0; i < count; i++) {
    reader.pos = scan.locations.data[2 * i];
    reader.end = scan.locations.data[2 * i + 1];
    let mappingId = 0;
    let lineCount = 0;
    while (!reader.atEnd()) {
      const tag = reader.varint();
      const field = tag >>> 3;
      const wireType = tag & 7;
      if (field === 4 && wireType === WIRE_BYTES) {
        const end = reader.lengthDelimitedEnd();
        lineReader.pos = reader.pos;
        lineReader.end = end;
        let functionId = 0;
        let lineNumber = 0;
        while (!lineReader.atEnd()) {
          const lineTag = lineReader.varint();
          if (lineTag === 8) functionId = lineReader.varint();
          else if (lineTag === 16) lineNumber = lineReader.int64();
          else lineReader.skip(lineTag & 7);
        }
        if (lineCount === lineFunctions.length) {
          guard?.charge(lineFunctions.length * 2 * 20);
          const grow = <T extends Float64Array | Int32Array>(a: T, make: (n: number) => T): T => {
            const next = make(a.length * 2);
            next.set(a);
            return next;
          };
          lineFunctions = grow(lineFunctions, (n) => new Float64Array(n));
          lineNumbers = grow(lineNumbers, (n) => new Float64Array(n));
          rawFunctionRows = grow(rawFunctionRows, (n) => new Int32Array(n));
        }
        lineFunctions[lineCount] = functionId;
        lineNumbers[lineCount] = lineNumber;
        lineCount++;
        reader.pos = end;
      } else if (wireType === 0 && field >= 1 && field <= 3) {
        const value = reader.varint();
        if (field === 1) locations.id[i] = value;
        else if (field === 2) mappingId = value;
        else locations.address[i] = value;
      } else {
        reader.skip(wireType);
      }
    }
    // pprof reads a mapping id the profile does not define as no mapping.
    const mapping = mappings.ids.find(mappingId);
    locations.mapping[i] = mapping;

    // line[0] is the innermost inlined callee; frames are stored root-most first.
    for (let l = 0; l < lineCount; l++) {
      const id = lineFunctions[l];
      rawFunctionRows[l] = id === 0 ? -1 : rawFunctions.ids.require(id, 'a location line');
    }
    let firstLine = 0;
    if (pruner && prune) {
      const cut = pruner.cutIndex(rawFunctionRows, lineCount, rawFunctions, strings.strings);
      if (cut >= 0) {
        // The whole location goes when its outermost line matched; else only what it calls.
        prune[i] = cut === lineCount - 1 ? 2 : 1;
        if (cut < lineCount - 1) firstLine = cut + 1;
      }
    }
    locations.frameStart[i] = frameFunc.length;
    locations.hasLines[i] = lineCount > 0 ? 1 : 0;
    if (lineCount === 0) {
      frameFunc.push(functionBuilder.forMapping(mapping));
      frameLine.push(0);
      frameInlined.push(0);
      frameLocation.push(i);
      frameFile.push(0);
      frameHasFunction.push(0);
    } else {
      for (let l = lineCount - 1; l >= firstLine; l--) {
        const raw = rawFunctionRows[l];
        frameFunc.push(raw === -1 ? functionBuilder.forMapping(mapping) : functionBuilder.forRawFunction(raw, mapping));
        frameLine.push(lineNumbers[l]);
        frameInlined.push(l === lineCount - 1 ? 0 : 1);
        frameLocation.push(i);
        frameFile.push(raw === -1 ? 0 : rawFunctions.filename[raw]);
        frameHasFunction.push(raw === -1 ? 0 : 1);
      }
    }
    locations.frameCount[i] = frameFunc.length - locations.frameStart[i];
  }
  const frames: FrameTable = {
    count: frameFunc.length,
    func: frameFunc.toArray(),
    line: frameLine.toArray(),
    inlined: Uint8Array.from(frameInlined.toArray()),
    location: frameLocation.toArray(),
    file: frameFile.toArray(),
    hasFunction: Uint8Array.from(frameHasFunction.toArray()),
  };
  return { locations, frames, functions: functionBuilder.table(), ids: IdIndex.build(locations.id, 'location'), prune };
}
