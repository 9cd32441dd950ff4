import { GrowableFloat64, GrowableInt32 } from '../model/growable.js';
import { IntPairMap } from '../model/int-pair-map.js';
import type { LabelSetTable, LabelTable, SampleTable, StackTable } from '../model/profile.js';
import { ProfileError } from './profile-error.js';
import { ProtoReader, WIRE_BYTES, WIRE_VARINT } from './proto-reader.js';
import type { ProfileScan } from './pprof-scan.js';
import type { DecodedLocations, StringTable } from './pprof-tables.js';

export interface DecodedSamples {
  samples: SampleTable;
  stacks: StackTable;
  labelSets: LabelSetTable;
  labels: LabelTable;
}

/** FNV-1a over a byte range: the cache key for a sample's packed location ids. */
function hashBytes(buf: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i], 0x01000193);
  return h >>> 0;
}

function bytesEqual(buf: Uint8Array, aStart: number, aEnd: number, bStart: number, bEnd: number): boolean {
  if (aEnd - aStart !== bEnd - bStart) return false;
  for (let i = 0; i < aEnd - aStart; i++) if (buf[aStart + i] !== buf[bStart + i]) return false;
  return true;
}

/**
 * Most samples repeat a call path seen before, byte for byte: the packed location ids are
 * looked up here before any id is decoded or any prefix-tree walk is made.
 */
class PathCache {
  private hashes: Uint32Array;
  private starts: Int32Array;
  private ends: Int32Array;
  private stacks: Int32Array;
  private mask: number;
  private size = 0;

  constructor(private readonly buf: Uint8Array) {
    this.hashes = new Uint32Array(1 << 12);
    this.starts = new Int32Array(1 << 12).fill(-1);
    this.ends = new Int32Array(1 << 12);
    this.stacks = new Int32Array(1 << 12);
    this.mask = (1 << 12) - 1;
  }

  find(hash: number, start: number, end: number): number {
    for (let slot = hash & this.mask; ; slot = (slot + 1) & this.mask) {
      const s = this.starts[slot];
      if (s === -1) return -2;
      if (this.hashes[slot] === hash && bytesEqual(this.buf, s, this.ends[slot], start, end)) return this.stacks[slot];
    }
  }

  insert(hash: number, start: number, end: number, stack: number): void {
    if ((this.size + 1) * 2 > this.mask) this.grow();
    let slot = hash & this.mask;
    while (this.starts[slot] !== -1) slot = (slot + 1) & this.mask;
    this.hashes[slot] = hash;
    this.starts[slot] = start;
    this.ends[slot] = end;
    this.stacks[slot] = stack;
    this.size++;
  }

  private grow(): void {
    const { hashes, starts, ends, stacks } = this;
    const capacity = (this.mask + 1) * 2;
    this.hashes = new Uint32Array(capacity);
    this.starts = new Int32Array(capacity).fill(-1);
    this.ends = new Int32Array(capacity);
    this.stacks = new Int32Array(capacity);
    this.mask = capacity - 1;
    this.size = 0;
    for (let i = 0; i < starts.length; i++) if (starts[i] !== -1) this.insert(hashes[i], starts[i], ends[i], stacks[i]);
  }
}

/** Interns distinct label sets; a sample's labels are compared as (key, str, num, unit) tuples. */
class LabelSetBuilder {
  readonly key = new GrowableInt32(256);
  readonly str = new GrowableInt32(256);
  readonly num = new GrowableFloat64(256);
  readonly unit = new GrowableInt32(256);
  readonly setStart = new GrowableInt32(256);
  readonly setLength = new GrowableInt32(256);
  private readonly byHash = new Map<number, number[]>();
  // The labels of the sample being read.
  pendingKey: number[] = [];
  pendingStr: number[] = [];
  pendingNum: number[] = [];
  pendingUnit: number[] = [];

  constructor() {
    this.setStart.push(0);
    this.setLength.push(0);
  }

  clearPending(): void {
    this.pendingKey.length = 0;
    this.pendingStr.length = 0;
    this.pendingNum.length = 0;
    this.pendingUnit.length = 0;
  }

  /** The row of the set now pending; 0 when it is empty. */
  internPending(): number {
    const n = this.pendingKey.length;
    if (n === 0) return 0;
    let h = n;
    for (let i = 0; i < n; i++) {
      h = Math.imul(h ^ this.pendingKey[i], 0x01000193);
      h = Math.imul(h ^ this.pendingStr[i], 0x01000193);
      h = Math.imul(h ^ (this.pendingNum[i] | 0), 0x01000193);
      h = Math.imul(h ^ this.pendingUnit[i], 0x01000193);
    }
    const candidates = this.byHash.get(h);
    if (candidates) {
      for (const set of candidates) if (this.pendingEquals(set)) return set;
    }
    const start = this.key.length;
    for (let i = 0; i < n; i++) {
      this.key.push(this.pendingKey[i]);
      this.str.push(this.pendingStr[i]);
      this.num.push(this.pendingNum[i]);
      this.unit.push(this.pendingUnit[i]);
    }
    this.setStart.push(start);
    const set = this.setLength.push(n);
    if (candidates) candidates.push(set);
    else this.byHash.set(h, [set]);
    return set;
  }

  private pendingEquals(set: number): boolean {
    const n = this.pendingKey.length;
    if (this.setLength.data[set] !== n) return false;
    const start = this.setStart.data[set];
    for (let i = 0; i < n; i++) {
      if (
        this.key.data[start + i] !== this.pendingKey[i] ||
        this.str.data[start + i] !== this.pendingStr[i] ||
        this.num.data[start + i] !== this.pendingNum[i] ||
        this.unit.data[start + i] !== this.pendingUnit[i]
      ) {
        return false;
      }
    }
    return true;
  }
}

export function decodeSamples(
  buf: Uint8Array,
  scan: ProfileScan,
  strings: StringTable,
  decoded: DecodedLocations,
  sampleTypeCount: number,
): DecodedSamples {
  const count = scan.samples.length / 2;
  const ranges = scan.samples.data;
  const sampleStack = new Int32Array(count);
  const sampleLabelSet = new Int32Array(count);
  const values: Float64Array[] = [];
  for (let t = 0; t < sampleTypeCount; t++) values.push(new Float64Array(count));

  const { locations, ids: locationIds, prune } = decoded;
  const stackFrame = new GrowableInt32(1 << 14);
  const stackParent = new GrowableInt32(1 << 14);
  const children = new IntPairMap(1 << 14);
  const pathCache = new PathCache(buf);
  const labelSets = new LabelSetBuilder();
  const locationScratch = new GrowableInt32(256);
  const valueScratch: number[] = [];

  const reader = new ProtoReader(buf);
  const inner = new ProtoReader(buf);

  const decodeLocationIds = (start: number, end: number): void => {
    inner.pos = start;
    inner.end = end;
    while (!inner.atEnd()) locationScratch.push(locationIds.require(inner.varint(), 'a sample'));
  };

  const stackFor = (): number => {
    const path = locationScratch.data;
    let first = locationScratch.length - 1; // root-most location
    let last = 0;
    if (prune) {
      // profile.Prune: from the root, after the first location that is not pruned, cut at the
      // first pruned one (dropping it too when its whole location matched).
      let foundUser = false;
      for (let i = first; i >= 0; i--) {
        const p = prune[path[i]];
        if (p === 0) {
          foundUser = true;
          continue;
        }
        if (!foundUser) continue;
        last = p === 2 ? i + 1 : i;
        break;
      }
    }
    let parent = -1;
    for (let i = first; i >= last; i--) {
      const location = path[i];
      const frameEnd = locations.frameStart[location] + locations.frameCount[location];
      for (let frame = locations.frameStart[location]; frame < frameEnd; frame++) {
        let stack = children.get(parent, frame);
        if (stack === -1) {
          stack = stackFrame.push(frame);
          stackParent.push(parent);
          children.getOrInsert(parent, frame, stack);
        }
        parent = stack;
      }
    }
    return parent;
  };

  for (let s = 0; s < count; s++) {
    reader.pos = ranges[2 * s];
    reader.end = ranges[2 * s + 1];
    locationScratch.length = 0;
    valueScratch.length = 0;
    labelSets.clearPending();
    let packedStart = -1;
    let packedEnd = -1;
    let locationFields = 0;
    let valueCount = 0;
    while (!reader.atEnd()) {
      const tag = reader.varint();
      const field = tag >>> 3;
      const wireType = tag & 7;
      if (field === 1) {
        locationFields++;
        if (packedStart >= 0) {
          // A second location field: the deferred packed ids must be decoded in order first.
          decodeLocationIds(packedStart, packedEnd);
          packedStart = -1;
        }
        if (wireType === WIRE_BYTES) {
          const end = reader.lengthDelimitedEnd();
          if (locationFields === 1) {
            packedStart = reader.pos;
            packedEnd = end;
          } else {
            decodeLocationIds(reader.pos, end);
          }
          reader.pos = end;
        } else if (wireType === WIRE_VARINT) {
          locationScratch.push(locationIds.require(reader.varint(), 'a sample'));
        } else {
          reader.skip(wireType);
        }
      } else if (field === 2) {
        if (wireType === WIRE_BYTES) {
          const end = reader.lengthDelimitedEnd();
          while (reader.pos < end) {
            const value = reader.int64();
            if (valueCount < sampleTypeCount) values[valueCount][s] = value;
            valueCount++;
          }
          if (reader.pos !== end) throw new ProfileError('corrupt', 'a packed field overruns its length');
        } else if (wireType === WIRE_VARINT) {
          const value = reader.int64();
          if (valueCount < sampleTypeCount) values[valueCount][s] = value;
          valueCount++;
        } else {
          reader.skip(wireType);
        }
      } else if (field === 3 && wireType === WIRE_BYTES) {
        const end = reader.lengthDelimitedEnd();
        inner.pos = reader.pos;
        inner.end = end;
        let key = 0;
        let str = 0;
        let num = 0;
        let unit = 0;
        while (!inner.atEnd()) {
          const labelTag = inner.varint();
          if (labelTag === 8) key = inner.varint();
          else if (labelTag === 16) str = inner.varint();
          else if (labelTag === 24) num = inner.int64();
          else if (labelTag === 32) unit = inner.varint();
          else inner.skip(labelTag & 7);
        }
        reader.pos = end;
        // pprof keeps a string label when str≠0, else a numeric one when num≠0 or unit≠0.
        if (str !== 0) {
          labelSets.pendingKey.push(strings.index(key, 'a label key'));
          labelSets.pendingStr.push(strings.index(str, 'a label value'));
          labelSets.pendingNum.push(0);
          labelSets.pendingUnit.push(0);
        } else if (num !== 0 || unit !== 0) {
          labelSets.pendingKey.push(strings.index(key, 'a label key'));
          labelSets.pendingStr.push(0);
          labelSets.pendingNum.push(num);
          labelSets.pendingUnit.push(strings.index(unit, 'a label unit'));
        }
      } else {
        reader.skip(wireType);
      }
    }
    if (valueCount !== sampleTypeCount) {
      if (sampleTypeCount === 0) throw new ProfileError('corrupt', 'the profile has samples but no sample types');
      throw new ProfileError('corrupt', `sample ${s} has ${valueCount} values but the profile has ${sampleTypeCount} sample types`);
    }
    sampleLabelSet[s] = labelSets.internPending();

    if (packedStart >= 0) {
      const hash = hashBytes(buf, packedStart, packedEnd);
      let stack = pathCache.find(hash, packedStart, packedEnd);
      if (stack === -2) {
        decodeLocationIds(packedStart, packedEnd);
        stack = locationScratch.length === 0 ? -1 : stackFor();
        pathCache.insert(hash, packedStart, packedEnd, stack);
      }
      sampleStack[s] = stack;
    } else {
      sampleStack[s] = locationScratch.length === 0 ? -1 : stackFor();
    }
  }

  return {
    samples: { count, stack: sampleStack, values, labelSet: sampleLabelSet },
    stacks: { count: stackFrame.length, frame: stackFrame.toArray(), parent: stackParent.toArray() },
    labelSets: { count: labelSets.setStart.length, start: labelSets.setStart.toArray(), length: labelSets.setLength.toArray() },
    labels: {
      count: labelSets.key.length,
      key: labelSets.key.toArray(),
      str: labelSets.str.toArray(),
      num: labelSets.num.toArray(),
      unit: labelSets.unit.toArray(),
    },
  };
}
