import { GrowableInt32, type AllocationGuard } from '../model/growable.js';
import { ProfileError } from './profile-error.js';
import { ProtoReader, WIRE_BYTES, WIRE_VARINT } from './proto-reader.js';

/**
 * The first pass over a pprof `Profile` message: where each repeated sub-message lies and the
 * scalar fields. Fields may come in any order, and the string table usually comes last, so
 * nothing can be resolved until this pass is done.
 */
export interface ProfileScan {
  sampleTypes: GrowableInt32; // [start, end) pairs
  samples: GrowableInt32;
  mappings: GrowableInt32;
  locations: GrowableInt32;
  functions: GrowableInt32;
  strings: GrowableInt32;
  comments: number[];
  dropFrames: number;
  keepFrames: number;
  timeNanos: number;
  durationNanos: number;
  periodType: [number, number] | null;
  period: number;
  defaultSampleType: number;
}

const MESSAGE_FIELDS: Record<number, keyof ProfileScan> = {
  1: 'sampleTypes',
  2: 'samples',
  3: 'mappings',
  4: 'locations',
  5: 'functions',
  6: 'strings',
};

const FIELD_NAMES: Record<number, string> = {
  1: 'sample_type', 2: 'sample', 3: 'mapping', 4: 'location', 5: 'function', 6: 'string_table',
  7: 'drop_frames', 8: 'keep_frames', 9: 'time_nanos', 10: 'duration_nanos', 11: 'period_type',
  12: 'period', 13: 'comment', 14: 'default_sample_type',
};

/**
 * Counts the sub-messages of each kind, so the scan's tables are allocated once at their size
 * and charged to the budget before they exist. A count here is backed by bytes (each message
 * takes two at least); a malformed field ends the count, and the scan reports it.
 */
function countMessages(buf: Uint8Array): Int32Array {
  const counts = new Int32Array(7);
  const reader = new ProtoReader(buf);
  try {
    while (!reader.atEnd()) {
      const tag = reader.varint();
      const field = Math.floor(tag / 8);
      if (field >= 1 && field <= 6 && (tag & 7) === WIRE_BYTES) counts[field]++;
      reader.skip(tag & 7);
    }
  } catch (error) {
    if (!(error instanceof ProfileError)) throw error;
  }
  return counts;
}

export function scanProfile(buf: Uint8Array, guard?: AllocationGuard): ProfileScan {
  const counts = countMessages(buf);
  const ranges = (field: number) => new GrowableInt32(counts[field] * 2, guard);
  const scan: ProfileScan = {
    sampleTypes: ranges(1),
    samples: ranges(2),
    mappings: ranges(3),
    locations: ranges(4),
    functions: ranges(5),
    strings: ranges(6),
    comments: [],
    dropFrames: 0,
    keepFrames: 0,
    timeNanos: 0,
    durationNanos: 0,
    periodType: null,
    period: 0,
    defaultSampleType: 0,
  };
  const reader = new ProtoReader(buf);
  let fieldsRead = 0;
  try {
    while (!reader.atEnd()) {
      const tag = reader.varint();
      const field = Math.floor(tag / 8);
      const wireType = tag & 7;
      if (field === 0) throw new ProfileError('corrupt', 'a protobuf field has number 0');
      const name = FIELD_NAMES[field];
      if (name === undefined) {
        reader.skip(wireType);
      } else if (field <= 6 || field === 11) {
        expectWireType(name, wireType, WIRE_BYTES);
        const end = reader.lengthDelimitedEnd();
        if (field === 11) {
          scan.periodType = [reader.pos, end];
        } else {
          const ranges = scan[MESSAGE_FIELDS[field]] as GrowableInt32;
          ranges.push(reader.pos);
          ranges.push(end);
        }
        reader.pos = end;
      } else if (field === 13) {
        // Comments are a few strings; a packed list of millions is a bomb: charge its bytes first.
        if (wireType === WIRE_BYTES && guard) {
          const at = reader.pos;
          guard.charge(16 * (reader.lengthDelimitedEnd() - reader.pos));
          reader.pos = at;
        }
        readRepeatedInt64(reader, wireType, scan.comments);
      } else {
        expectWireType(name, wireType, WIRE_VARINT);
        const value = reader.int64();
        if (field === 7) scan.dropFrames = value;
        else if (field === 8) scan.keepFrames = value;
        else if (field === 9) {
          if (scan.timeNanos !== 0) {
            throw new ProfileError(
              'concatenated',
              'concatenated profiles detected (the file holds more than one profile written back to back)',
            );
          }
          scan.timeNanos = value;
        } else if (field === 10) scan.durationNanos = value;
        else if (field === 12) scan.period = value;
        else if (field === 14) scan.defaultSampleType = value;
      }
      fieldsRead++;
    }
  } catch (error) {
    // Random bytes fail within the first field or two; a real profile cut short fails later.
    if (error instanceof ProfileError && error.code !== 'concatenated' && fieldsRead < 2) {
      throw new ProfileError('not-a-profile', `not a pprof profile: ${error.message}`);
    }
    throw error;
  }
  return scan;
}

function expectWireType(name: string, actual: number, expected: number): void {
  if (actual !== expected) {
    throw new ProfileError('corrupt', `field ${name} has wire type ${actual}, expected ${expected}`);
  }
}

function readRepeatedInt64(reader: ProtoReader, wireType: number, out: number[]): void {
  if (wireType === WIRE_BYTES) {
    const end = reader.lengthDelimitedEnd();
    while (reader.pos < end) out.push(reader.int64());
    if (reader.pos !== end) throw new ProfileError('corrupt', 'a packed field overruns its length');
  } else if (wireType === WIRE_VARINT) {
    out.push(reader.int64());
  } else {
    throw new ProfileError('corrupt', `a repeated integer field has wire type ${wireType}`);
  }
}
