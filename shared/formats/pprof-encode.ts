import type { Profile, ValueType } from '../model/profile.js';
import { GrowableInt32 } from '../model/growable.js';
import { compileQuery, queryOf, type ProfileFilters } from '../analysis/query.js';
import { baseLabelSetMask } from '../analysis/diff-base-tags.js';
import { ProtoWriter } from './proto-writer.js';
import { UserFacingError } from '../user-facing-error.js';

/**
 * The pprof export: what the view shows, written back as an (uncompressed) pprof protobuf that
 * `go tool pprof` reads with the same numbers. Tag and focus/ignore filters choose the samples;
 * hide/show take their lines out of the locations (as pprof's own -hide/-show do, so a location
 * left with no line leaves the stacks). drop_frames were applied when the profile was opened and
 * are not written again.
 *
 * IDs are renumbered: row + 1 of each table, offset per side when two profiles share one file.
 */

/** One profile's part of the output. */
interface Side {
  profile: Profile;
  /** Value columns written, in the output's sample-type order. */
  valueColumns: number[];
  labelSetPasses: Uint8Array | null;
  stackPasses: Uint8Array | null;
  frameHidden: Uint8Array | null;
  /** -diff_base's base: values negated and every sample labelled pprof::base=true. */
  asBase: boolean;
}

interface Header {
  sampleTypes: ValueType[];
  defaultSampleType: string;
  periodType: ValueType;
  period: number;
  timeNanos: number;
  durationNanos: number;
  comments: string[];
}

// Field numbers of profile.proto.
const P = { sampleType: 1, sample: 2, mapping: 3, location: 4, function: 5, stringTable: 6, time: 9, duration: 10, periodType: 11, period: 12, comment: 13, defaultSampleType: 14 };

class PprofWriter {
  private readonly strings: string[] = [''];
  private readonly stringIndex = new Map<string, number>([['', 0]]);
  private readonly body = new ProtoWriter();
  private readonly sample = new ProtoWriter();
  private readonly scratch = new ProtoWriter();
  private readonly inner = new ProtoWriter();
  private readonly labelScratch = new ProtoWriter();
  private idOffset = 0;

  str(s: string): number {
    let i = this.stringIndex.get(s);
    if (i === undefined) {
      i = this.strings.length;
      this.strings.push(s);
      this.stringIndex.set(s, i);
    }
    return i;
  }

  addSide(side: Side): void {
    const { profile } = side;
    const { mappings, functions, frames, locations, stacks, samples, strings } = profile;
    // Every table's IDs of this side start past the previous side's (one offset for all: IDs only need to be distinct per table).
    const offset = this.idOffset;
    this.idOffset += Math.max(mappings.count, functions.count, locations.count) + 1;

    // Per location: how many of its lines hide/show keep (0: the location leaves the stacks).
    const keptLines = new Int32Array(locations.count);
    for (let l = 0; l < locations.count; l++) {
      const start = locations.frameStart[l];
      let kept = 0;
      for (let f = start; f < start + locations.frameCount[l]; f++) if (!side.frameHidden || !side.frameHidden[f]) kept++;
      keptLines[l] = kept;
    }

    // Stack rows are frames (a location with N lines is N rows); pprof's samples list locations.
    // One node per location instance, as a prefix tree parallel to the stack table, so a sample's
    // location list is its node's chain. A row continues its parent's instance when it is the next
    // line of the same location.
    const nodeOfStack = new Int32Array(stacks.count);
    const nodeLocation = new GrowableInt32(stacks.count);
    const nodeParent = new GrowableInt32(stacks.count);
    for (let s = 0; s < stacks.count; s++) {
      const frame = stacks.frame[s];
      const location = frames.location[frame];
      const parent = stacks.parent[s];
      const parentNode = parent >= 0 ? nodeOfStack[parent] : -1;
      const continues = parent >= 0 && stacks.frame[parent] === frame - 1 && frames.location[frame - 1] === location;
      if (keptLines[location] === 0 || continues) {
        nodeOfStack[s] = parentNode;
      } else {
        nodeOfStack[s] = nodeLocation.push(location);
        nodeParent.push(parentNode);
      }
    }
    const nodeLoc = nodeLocation.data;
    const nodeUp = nodeParent.data;

    const locationUsed = new Uint8Array(locations.count);
    const labelBytes: (Uint8Array | undefined)[] = new Array<Uint8Array | undefined>(profile.labelSets.count);
    const sign = side.asBase ? -1 : 1;
    const values = side.valueColumns.map((c) => samples.values[c]);
    let ids = new Float64Array(256);
    const sampleValues = new Float64Array(values.length);
    const { body, sample, inner } = this;
    for (let i = 0; i < samples.count; i++) {
      const stack = samples.stack[i];
      if (side.labelSetPasses && side.labelSetPasses[samples.labelSet[i]] !== 1) continue;
      if (side.stackPasses && (stack < 0 || side.stackPasses[stack] !== 1)) continue;
      let depth = 0;
      for (let node = stack >= 0 ? nodeOfStack[stack] : -1; node >= 0; node = nodeUp[node]) {
        if (depth === ids.length) {
          const grown = new Float64Array(ids.length * 2);
          grown.set(ids);
          ids = grown;
        }
        const location = nodeLoc[node];
        locationUsed[location] = 1;
        ids[depth++] = offset + location + 1;
      }
      for (let v = 0; v < values.length; v++) sampleValues[v] = sign * values[v][i];
      sample.length = 0;
      if (depth > 0) sample.packedVarints(1, ids, depth);
      sample.packedVarints(2, sampleValues, sampleValues.length);
      const set = samples.labelSet[i];
      let labels = labelBytes[set];
      if (labels === undefined) {
        labels = this.encodeLabels(profile, set, side.asBase);
        labelBytes[set] = labels;
      }
      sample.raw(labels);
      body.bytes(P.sample, sample.buf.subarray(0, sample.length));
    }

    // Locations the samples use, with the lines hide/show keep (innermost first, as pprof's line[0]).
    const functionUsed = new Uint8Array(functions.count);
    const mappingUsed = new Uint8Array(mappings.count);
    for (let l = 0; l < locations.count; l++) {
      if (!locationUsed[l]) continue;
      sample.length = 0;
      sample.uint(1, offset + l + 1);
      const mapping = locations.mapping[l];
      if (mapping >= 0) {
        mappingUsed[mapping] = 1;
        sample.uint(2, offset + mapping + 1);
      }
      sample.uint(3, locations.address[l]);
      if (locations.hasLines[l]) {
        const start = locations.frameStart[l];
        for (let f = start + locations.frameCount[l] - 1; f >= start; f--) {
          if (side.frameHidden && side.frameHidden[f]) continue;
          inner.length = 0;
          if (frames.hasFunction[f]) {
            functionUsed[frames.func[f]] = 1;
            inner.uint(1, offset + frames.func[f] + 1);
          }
          inner.uint(2, frames.line[f]);
          sample.bytes(4, inner.buf.subarray(0, inner.length));
        }
      }
      body.bytes(P.location, sample.buf.subarray(0, sample.length));
    }
    for (let f = 0; f < functions.count; f++) {
      if (!functionUsed[f]) continue;
      body.message(P.function, sample, (w) =>
        w
          .uint(1, offset + f + 1)
          .uint(2, this.str(strings[functions.name[f]]))
          .uint(3, this.str(strings[functions.systemName[f]]))
          .uint(4, this.str(strings[functions.filename[f]]))
          .uint(5, functions.startLine[f]),
      );
    }
    for (let m = 0; m < mappings.count; m++) {
      if (!mappingUsed[m]) continue;
      // The has_* flags say the locations are symbolized already: pprof must not try again.
      body.message(P.mapping, sample, (w) =>
        w
          .uint(1, offset + m + 1)
          .uint(2, mappings.start[m])
          .uint(3, mappings.limit[m])
          .uint(4, mappings.offset[m])
          .uint(5, this.str(strings[mappings.file[m]]))
          .uint(6, this.str(strings[mappings.buildId[m]]))
          .uint(7, 1)
          .uint(8, 1)
          .uint(9, 1)
          .uint(10, 1),
      );
    }
  }

  /** One label set's label messages (with their tags), ready to append to each of its samples. */
  private encodeLabels(profile: Profile, set: number, asBase: boolean): Uint8Array {
    const { labels, labelSets, strings } = profile;
    const out = this.labelScratch;
    out.length = 0;
    const scratch = this.scratch;
    const end = labelSets.start[set] + labelSets.length[set];
    for (let l = labelSets.start[set]; l < end; l++) {
      out.message(3, scratch, (w) => {
        w.uint(1, this.str(strings[labels.key[l]]));
        if (labels.str[l] !== 0) {
          w.uint(2, this.str(strings[labels.str[l]]));
        } else {
          w.uint(3, labels.num[l]);
          if (labels.unit[l] !== 0) w.uint(4, this.str(strings[labels.unit[l]]));
        }
      });
    }
    if (asBase) out.message(3, scratch, (w) => w.uint(1, this.str('pprof::base')).uint(2, this.str('true')));
    return out.finish();
  }

  finish(header: Header): Uint8Array<ArrayBuffer> {
    const out = new ProtoWriter();
    const { scratch } = this;
    for (const type of header.sampleTypes) out.message(P.sampleType, scratch, (w) => w.uint(1, this.str(type.type)).uint(2, this.str(type.unit)));
    const periodType = [this.str(header.periodType.type), this.str(header.periodType.unit)];
    const comments = header.comments.map((c) => this.str(c));
    const defaultType = this.str(header.defaultSampleType);
    out.raw(this.body.buf.subarray(0, this.body.length));
    for (const s of this.strings) out.string(P.stringTable, s);
    out.uint(P.time, header.timeNanos);
    out.uint(P.duration, header.durationNanos);
    out.message(P.periodType, scratch, (w) => w.uint(1, periodType[0]).uint(2, periodType[1]));
    out.uint(P.period, header.period);
    for (const c of comments) out.tag(P.comment, 0).varint(c);
    out.uint(P.defaultSampleType, defaultType);
    return out.finish();
  }
}

function headerOf(profile: Profile, sampleTypes: ValueType[], defaultSampleType: string): Header {
  const { periodType, period, timeNanos, durationNanos, comments } = profile;
  return { sampleTypes, defaultSampleType, periodType, period, timeNanos, durationNanos, comments };
}

/** The profile as the view shows it under `filters`: every sample type, the filters' one as default. */
export function encodeFilteredProfile(profile: Profile, filters: ProfileFilters): Uint8Array<ArrayBuffer> {
  const { sampleTypeIndex, samples, frameHidden } = compileQuery(profile, queryOf(filters));
  const writer = new PprofWriter();
  writer.addSide({
    profile,
    valueColumns: profile.sampleTypes.map((_, i) => i),
    labelSetPasses: samples.labelSetPasses,
    stackPasses: samples.stackPasses,
    frameHidden,
    asBase: false,
  });
  return writer.finish(headerOf(profile, profile.sampleTypes, profile.sampleTypes[sampleTypeIndex].type));
}

/** What one side of a comparison keeps: the comparison's filters, with the base label on the base side (as pprof's -diff_base). */
export function compileComparisonSide(profile: Profile, sampleTypeIndex: number, filters: ProfileFilters, asBase: boolean) {
  const query = queryOf({ ...filters, sampleTypeIndex });
  const { samples, frameHidden } = compileQuery(profile, query);
  const labelSetPasses = asBase ? baseLabelSetMask(profile, query.tagFocus ?? [], query.tagIgnore ?? []) : samples.labelSetPasses;
  return { profile, labelSetPasses, stackPasses: samples.stackPasses, frameHidden };
}

/** The index of a comparison's sample type (by name) on each side. */
export function comparisonSampleTypes(base: Profile, target: Profile, sampleType: string): [number, number] {
  const baseIndex = base.sampleTypes.findIndex((t) => t.type === sampleType);
  const targetIndex = target.sampleTypes.findIndex((t) => t.type === sampleType);
  if (baseIndex < 0 || targetIndex < 0) throw new UserFacingError(`both profiles need the sample type "${sampleType}" to be exported as a comparison`);
  return [baseIndex, targetIndex];
}

export interface ComparisonExportOptions {
  /** The comparison's sample type, by name (both sides have it). */
  sampleType: string;
  /** The filters the comparison applies to both sides (their sampleTypeIndex is not used). */
  filters: ProfileFilters;
}

/**
 * A comparison as pprof's `-diff_base` writes it (`-proto -diff_base=BASE TARGET`): one profile
 * with the comparison's sample type, the target's samples as they are, the base's negated and
 * labelled pprof::base=true, so `go tool pprof -top` of it shows target − base with the base's
 * total. Tag filters see that label on the base side, as pprof's do (see diff-base-tags.ts).
 */
export function encodeComparisonProfile(base: Profile, target: Profile, { sampleType, filters }: ComparisonExportOptions): Uint8Array<ArrayBuffer> {
  const [baseIndex, targetIndex] = comparisonSampleTypes(base, target, sampleType);
  const writer = new PprofWriter();
  writer.addSide({ ...compileComparisonSide(base, baseIndex, filters, true), valueColumns: [baseIndex], asBase: true });
  writer.addSide({ ...compileComparisonSide(target, targetIndex, filters, false), valueColumns: [targetIndex], asBase: false });
  const type = target.sampleTypes[targetIndex];
  return writer.finish({ ...headerOf(target, [type], type.type), durationNanos: base.durationNanos + target.durationNanos });
}
