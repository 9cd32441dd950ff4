import { GrowableInt32, type AllocationGuard } from '../model/growable.js';
import { IntPairMap } from '../model/int-pair-map.js';
import type { LabelSetTable, LabelTable, SampleTable, StackTable } from '../model/profile.js';
import { ProfileError } from './profile-error.js';
import { ProtoReader, WIRE_BYTES, WIRE_VARINT } from './proto-reader.js';
import type { ProfileScan } from './pprof-scan.js';
import type { DecodedLocations, StringTable } from './pprof-tables.js';
import { StackBuilder } from './stack-builder.js';
import { ByteRangeCache } from './byte-range-cache.js';
import { LabelSetBuilder } from './label-set-builder.js';

export interface DecodedSamples {
  samples: SampleTable;
  stacks: StackTable;
  labelSets: LabelSetTable;
  labels: LabelTable;
}

export function decodeSamples(
  buf: Uint8Array,
  scan: ProfileScan,
  strings: StringTable,
  decoded: DecodedLocations,
  sampleTypeCount: number,
  onProgress: (fraction: number) => void = () => {},
  guard?: AllocationGuard,
): DecodedSamples {
  const count = scan.samples.length / 2;
  const ranges = scan.samples.data;
  // Every sample gets a row (stack, label set, values) until merging says how many are distinct.
  guard?.charge(count * (8 + 8 * sampleTypeCount) + sampleTypeCount * 16);
  // Samples with the same call path and label set are merged (values summed), as pprof's
  // Compact does: views are sums, so they are unchanged, and every later pass over samples is
  // over the distinct ones only. Totals of |value| are taken before merging.
  const sampleStack = new Int32Array(count);
  const sampleLabelSet = new Int32Array(count);
  const sampleMergedFrom = new Int32Array(count);
  const rowValues = new Float64Array(count * sampleTypeCount);
  const valueScratch = new Float64Array(sampleTypeCount);
  const totals = new Float64Array(sampleTypeCount);
  const merged = new IntPairMap(Math.min(count, 1 << 16), guard);
  let mergedCount = 0;

  const { locations, ids: locationIds, prune } = decoded;
  const paths = new StackBuilder(guard);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const pathCache = new ByteRangeCache(view, Math.min(count, 1 << 16), { guard });
  const labelCache = new ByteRangeCache(view, Math.min(count, 1 << 12), { guard });
  const labelSets = new LabelSetBuilder(guard);
  const locationScratch = new GrowableInt32(256, guard);

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
    if ((s & 0xfff) === 0 && s > 0) {
      if (guard) guard.progress = s / count;
      if ((s & 0x3ffff) === 0) onProgress(s / count);
    }
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
      // No labels: the empty set.
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
    sampleMergedFrom[row]++;
    // Values row by row (all types of a row in one cache line); split into columns at the end.
    const base = row * sampleTypeCount;
    for (let t = 0; t < sampleTypeCount; t++) {
      const v = valueScratch[t];
      rowValues[base + t] += v;
      totals[t] += v < 0 ? -v : v;
    }
  }

  if (guard) guard.progress = 1;
  // Sample stacks held path ids until now.
  const { stacks, leafOfPath } = paths.build(locations);
  guard?.charge(mergedCount * (12 + 8 * sampleTypeCount));
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
      mergedFrom: sampleMergedFrom.slice(0, mergedCount),
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
