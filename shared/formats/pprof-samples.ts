import { GrowableFloat64, GrowableInt32 } from '../model/growable.js';
import { IntPairMap } from '../model/int-pair-map.js';
import type { LabelSetTable, LabelTable, SampleTable, StackTable } from '../model/profile.js';
import { ProfileError } from './profile-error.js';
import { ProtoReader, WIRE_BYTES, WIRE_VARINT } from './proto-reader.js';
import type { ProfileScan } from './pprof-scan.js';
import type { DecodedLocations, StringTable } from './pprof-tables.js';
import { StackBuilder } from './stack-builder.js';

export interface DecodedSamples {
  samples: SampleTable;
  stacks: StackTable;
  labelSets: LabelSetTable;
  labels: LabelTable;
}

/**
 * Samples repeat a call path and a label set seen before, byte for byte: their raw bytes are
 * looked up here before any id is decoded or any label compared. The key is a 64-bit hash
 * (two 32-bit hashes over the same words), not the bytes: comparing every hit byte by byte cost
 * a sixth of the decode, and two distinct paths sharing 64 hash bits is a ~1e-8 event even at
 * millions of distinct paths. The one cost of such a collision is a sample shown on the wrong path.
 */
class ByteRangeCache {
  /** Four ints a slot, side by side so a probe touches one cache line: low, high, value+1, hint. */
  private slots: Int32Array;
  private mask: number;
  private size = 0;
  /** The two hash halves of the last `hash` call. */
  low = 0;
  high = 0;
  /** The slot the last `find` or `insert` landed on. */
  private slot = 0;

  constructor(
    private readonly view: DataView,
    expected: number,
  ) {
    let capacity = 1 << 10;
    while (capacity < expected * 2) capacity *= 2;
    this.slots = new Int32Array(capacity * 4);
    this.mask = capacity - 1;
  }

  hash(start: number, end: number): void {
    const view = this.view;
    let a = 0x811c9dc5 ^ (end - start);
    let b = 0x27d4eb2f ^ Math.imul(end - start, 0x9e3779b1);
    let i = start;
    for (; i + 4 <= end; i += 4) {
      const word = view.getInt32(i, true);
      a = Math.imul(a ^ word, 0x5bd1e995);
      a ^= a >>> 15;
      b = Math.imul(b + word, 0x85ebca6b);
      b ^= b >>> 13;
    }
    for (; i < end; i++) {
      const byte = view.getUint8(i);
      a = Math.imul(a ^ byte, 0x01000193);
      b = Math.imul(b + byte, 0xc2b2ae35);
    }
    this.low = a ^ (a >>> 16);
    this.high = b ^ (b >>> 16);
  }

  /** The value stored under the last hash, or -2. */
  find(): number {
    const slots = this.slots;
    for (let slot = this.low & this.mask; ; slot = (slot + 1) & this.mask) {
      const at = slot << 2;
      const stored = slots[at + 2];
      if (stored === 0) {
        this.slot = slot;
        return -2;
      }
      if (slots[at] === this.low && slots[at + 1] === this.high) {
        this.slot = slot;
        return stored - 2;
      }
    }
  }

  /** Stores value (>= -1) under the last hash, in the slot the failed `find` stopped at. */
  insert(value: number): void {
    if ((this.size + 1) * 2 > this.mask) {
      this.grow();
      this.find();
    }
    const at = this.slot << 2;
    this.slots[at] = this.low;
    this.slots[at + 1] = this.high;
    this.slots[at + 2] = value + 2;
    this.slots[at + 3] = -1;
    this.size++;
  }

  /** A second int kept with the entry the last find/insert touched. */
  get hint(): number {
    return this.slots[(this.slot << 2) + 3];
  }

  set hint(value: number) {
    this.slots[(this.slot << 2) + 3] = value;
  }

  private grow(): void {
    const old = this.slots;
    const capacity = (this.mask + 1) * 2;
    this.slots = new Int32Array(capacity * 4);
    this.mask = capacity - 1;
    for (let at = 0; at < old.length; at += 4) {
      if (old[at + 2] === 0) continue;
      let slot = old[at] & this.mask;
      while (this.slots[(slot << 2) + 2] !== 0) slot = (slot + 1) & this.mask;
      this.slots.set(old.subarray(at, at + 4), slot << 2);
    }
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
  pendingKey = new Int32Array(16);
  pendingStr = new Int32Array(16);
  pendingNum = new Float64Array(16);
  pendingUnit = new Int32Array(16);
  pendingCount = 0;

  constructor() {
    this.setStart.push(0);
    this.setLength.push(0);
  }

  addPending(key: number, str: number, num: number, unit: number): void {
    if (this.pendingCount === this.pendingKey.length) {
      const grow = <T extends Int32Array | Float64Array>(a: T): T => {
        const next = new (a.constructor as { new (n: number): T })(a.length * 2);
        next.set(a);
        return next;
      };
      this.pendingKey = grow(this.pendingKey);
      this.pendingStr = grow(this.pendingStr);
      this.pendingNum = grow(this.pendingNum);
      this.pendingUnit = grow(this.pendingUnit);
    }
    const i = this.pendingCount++;
    this.pendingKey[i] = key;
    this.pendingStr[i] = str;
    this.pendingNum[i] = num;
    this.pendingUnit[i] = unit;
  }

  /** The row of the set now pending; 0 when it is empty. Clears the pending labels. */
  internPending(): number {
    const n = this.pendingCount;
    this.pendingCount = 0;
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
      for (const set of candidates) if (this.pendingEquals(set, n)) return set;
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

  private pendingEquals(set: number, n: number): boolean {
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
  onProgress: (fraction: number) => void = () => {},
): DecodedSamples {
  const count = scan.samples.length / 2;
  const ranges = scan.samples.data;
  // Samples with the same call path and label set are merged (values summed), as pprof's
  // Compact does: views are sums, so they are unchanged, and every later pass over samples is
  // over the distinct ones only. Totals of |value| are taken before merging.
  const sampleStack = new Int32Array(count);
  const sampleLabelSet = new Int32Array(count);
  const rowValues = new Float64Array(count * sampleTypeCount);
  const valueScratch = new Float64Array(sampleTypeCount);
  const totals = new Float64Array(sampleTypeCount);
  const merged = new IntPairMap(Math.min(count, 1 << 16));
  let mergedCount = 0;

  const { locations, ids: locationIds, prune } = decoded;
  const paths = new StackBuilder();
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const pathCache = new ByteRangeCache(view, Math.min(count, 1 << 16));
  const labelCache = new ByteRangeCache(view, Math.min(count, 1 << 12));
  const labelSets = new LabelSetBuilder();
  const locationScratch = new GrowableInt32(256);

  const reader = new ProtoReader(buf);
  const inner = new ProtoReader(buf);

  const decodeLocationIds = (start: number, end: number): void => {
    inner.pos = start;
    inner.end = end;
    while (!inner.atEnd()) locationScratch.push(locationIds.require(inner.varint(), 'a sample'));
  };

  /** Reads the label fields (field 3) in [start, end), keeping those pprof keeps. */
  const labelReader = new ProtoReader(buf);
  const decodeLabels = (start: number, end: number): void => {
    const outer = labelReader;
    outer.pos = start;
    outer.end = end;
    while (!outer.atEnd()) {
      const tag = outer.varint();
      if (tag !== 26) {
        outer.skip(tag & 7);
        continue;
      }
      const labelEnd = outer.lengthDelimitedEnd();
      inner.pos = outer.pos;
      inner.end = labelEnd;
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
      outer.pos = labelEnd;
      // pprof keeps a string label when str≠0, else a numeric one when num≠0 or unit≠0.
      if (str !== 0) {
        labelSets.addPending(strings.index(key, 'a label key'), strings.index(str, 'a label value'), 0, 0);
      } else if (num !== 0 || unit !== 0) {
        labelSets.addPending(strings.index(key, 'a label key'), 0, num, strings.index(unit, 'a label unit'));
      }
    }
  };

  /** Registers the path in locationScratch (leaf first), trimmed by drop_frames; -1 if empty. */
  const pathFor = (): number => {
    const path = locationScratch.data;
    let kept = locationScratch.length;
    if (prune) {
      // profile.Prune: from the root, after the first location that is not pruned, cut at the
      // first pruned one (dropping it too when its whole location matched).
      let foundUser = false;
      for (let i = kept - 1; i >= 0; i--) {
        const p = prune[path[i]];
        if (p === 0) {
          foundUser = true;
          continue;
        }
        if (!foundUser) continue;
        // Keep the locations above i (and i itself when only what it calls is dropped).
        const first = p === 2 ? i + 1 : i;
        path.copyWithin(0, first, kept);
        kept -= first;
        break;
      }
    }
    return kept === 0 ? -1 : paths.addLeafFirst(path, kept);
  };

  for (let s = 0; s < count; s++) {
    if ((s & 0x3ffff) === 0 && s > 0) onProgress(s / count);
    reader.pos = ranges[2 * s];
    reader.end = ranges[2 * s + 1];
    locationScratch.length = 0;
    let labelStart = -1;
    let labelEnd = -1;
    let labelsInterleaved = false;
    let previousWasLabel = false;
    let packedStart = -1;
    let packedEnd = -1;
    let locationFields = 0;
    let valueCount = 0;
    while (!reader.atEnd()) {
      const fieldStart = reader.pos;
      const tag = reader.varint();
      const field = tag >>> 3;
      const wireType = tag & 7;
      const followsLabel = previousWasLabel;
      previousWasLabel = false;
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
            if (valueCount < sampleTypeCount) valueScratch[valueCount] = value;
            valueCount++;
          }
          if (reader.pos !== end) throw new ProfileError('corrupt', 'a packed field overruns its length');
        } else if (wireType === WIRE_VARINT) {
          const value = reader.int64();
          if (valueCount < sampleTypeCount) valueScratch[valueCount] = value;
          valueCount++;
        } else {
          reader.skip(wireType);
        }
      } else if (field === 3 && wireType === WIRE_BYTES) {
        // Labels are read after the loop, from the cache when their bytes were seen before.
        if (labelStart < 0) labelStart = fieldStart;
        else if (!followsLabel) labelsInterleaved = true;
        reader.pos = reader.lengthDelimitedEnd();
        labelEnd = reader.pos;
        previousWasLabel = true;
        continue;
      } else {
        reader.skip(wireType);
      }
    }
    if (valueCount !== sampleTypeCount) {
      if (sampleTypeCount === 0) throw new ProfileError('corrupt', 'the profile has samples but no sample types');
      throw new ProfileError('corrupt', `sample ${s} has ${valueCount} values but the profile has ${sampleTypeCount} sample types`);
    }
    let labelSet = 0;
    if (labelStart < 0) {
      labelSet = 0;
    } else if (labelsInterleaved) {
      decodeLabels(ranges[2 * s], ranges[2 * s + 1]);
      labelSet = labelSets.internPending();
    } else {
      labelCache.hash(labelStart, labelEnd);
      let set = labelCache.find();
      if (set === -2) {
        decodeLabels(labelStart, labelEnd);
        set = labelSets.internPending();
        labelCache.insert(set);
      }
      labelSet = set;
    }

    let pathId: number;
    if (packedStart >= 0) {
      pathCache.hash(packedStart, packedEnd);
      pathId = pathCache.find();
      if (pathId === -2) {
        decodeLocationIds(packedStart, packedEnd);
        pathId = locationScratch.length === 0 ? -1 : pathFor();
        pathCache.insert(pathId);
      }
    } else {
      pathId = locationScratch.length === 0 ? -1 : pathFor();
    }

    // Most paths come with one label set: the row last merged into for this path is kept with
    // the path's cache entry, and the pair map is asked only when the label set differs.
    let row = packedStart >= 0 ? pathCache.hint : -1;
    if (row < 0 || sampleLabelSet[row] !== labelSet) {
      row = merged.getOrInsert(pathId, labelSet, mergedCount);
      if (row === mergedCount) {
        sampleStack[row] = pathId;
        sampleLabelSet[row] = labelSet;
        mergedCount++;
      }
      if (packedStart >= 0) pathCache.hint = row;
    }
    // Values row by row (all types of a row in one cache line); split into columns at the end.
    const base = row * sampleTypeCount;
    for (let t = 0; t < sampleTypeCount; t++) {
      const v = valueScratch[t];
      rowValues[base + t] += v;
      totals[t] += v < 0 ? -v : v;
    }
  }

  // Sample stacks held path ids until now.
  const { stacks, leafOfPath } = paths.build(locations);
  for (let s = 0; s < mergedCount; s++) if (sampleStack[s] >= 0) sampleStack[s] = leafOfPath[sampleStack[s]];

  return {
    samples: {
      count: mergedCount,
      stack: sampleStack.slice(0, mergedCount),
      values: Array.from({ length: sampleTypeCount }, (_, t) => {
        const column = new Float64Array(mergedCount);
        for (let row = 0; row < mergedCount; row++) column[row] = rowValues[row * sampleTypeCount + t];
        return column;
      }),
      labelSet: sampleLabelSet.slice(0, mergedCount),
      sourceCount: count,
      totals,
    },
    stacks,
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
