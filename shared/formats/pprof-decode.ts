import type { Profile, ValueType } from '../model/profile.js';
import { computeNumLabelUnits } from '../analysis/label-units.js';
import { DEFAULT_MAX_DECOMPRESSED_BYTES, gunzipWithStreams, isGzip, readProfileBlob, type Gunzip } from './gunzip.js';
import { ProfileError } from './profile-error.js';
import { diagnoseDecodeFailure } from './decode-diagnosis.js';
import { formatBytes, MemoryBudget } from './memory-budget.js';
import { ProtoReader } from './proto-reader.js';
import { scanProfile } from './pprof-scan.js';
import { decodeFunctions, decodeLocations, decodeMappings, decodeStrings, type StringTable } from './pprof-tables.js';
import { decodeSamples } from './pprof-samples.js';
import { decodeFolded, looksLikeFolded } from './folded-decode.js';

export interface DecodeOptions {
  /** Refuse gzip input that inflates past this many bytes (zip bombs). */
  maxDecompressedBytes?: number;
  /**
   * Refuse a profile that would need more memory than this to open (default 2 GB): its bytes, its
   * decoded tables and the views built on them, counted before each allocation.
   */
  maxMemoryBytes?: number;
  /** Memory the host process already takes (the CLI's runtime), counted against maxMemoryBytes. */
  memoryInUse?: number;
  /** The gunzip to use; Node callers pass zlib's, which is faster than DecompressionStream. */
  gunzip?: Gunzip;
  /** Called as the decode advances (fraction 0..1), for a progress bar. */
  onProgress?: ProgressCallback;
}

export type ProgressCallback = (fraction: number, phase: string) => void;

/** The part of the progress bar reading and inflating the file take; decoding starts there. */
export const INFLATE_SHARE = 0.2;

/** Decodes a pprof profile, gzipped (bytes start 1f 8b) or plain protobuf, or folded stacks (see folded-decode.ts). */
export async function decodeProfile(bytes: Uint8Array, options: DecodeOptions = {}): Promise<Profile> {
  if (bytes.length === 0) throw new ProfileError('empty', 'the file is empty');
  options.onProgress?.(0, 'decompressing');
  const budget = new MemoryBudget(options.maxMemoryBytes, options.memoryInUse);
  const limit = inflateLimit(options, budget);
  let raw = bytes;
  if (isGzip(bytes)) {
    budget.charge(bytes.length);
    raw = await inflateWithin(() => (options.gunzip ?? gunzipWithStreams)(bytes, limit), limit, budget);
  } else if (bytes.length > limit) {
    throw inflatesPast(limit, budget);
  }
  return decodeDiagnosed(raw, isGzip(bytes), options.onProgress, budget);
}

/** Decodes a profile from a Blob (a File the user chose), inflating it as it is read. */
export async function decodeProfileBlob(blob: Blob, options: DecodeOptions = {}): Promise<Profile> {
  if (blob.size === 0) throw new ProfileError('empty', 'the file is empty');
  const { onProgress } = options;
  onProgress?.(0, 'reading and decompressing');
  const budget = new MemoryBudget(options.maxMemoryBytes, options.memoryInUse);
  const limit = inflateLimit(options, budget);
  // Inflating a big file takes seconds: the bar moves with the compressed bytes taken, in steps
  // of 1% of that phase so a 100 MB file does not send thousands of messages.
  let reported = 0;
  const onRead = onProgress && ((bytesRead: number) => {
    const done = bytesRead / blob.size;
    if (done - reported < 0.01) return;
    reported = done;
    onProgress(INFLATE_SHARE * done, 'reading and decompressing');
  });
  const raw = await inflateWithin(() => readProfileBlob(blob, limit, onRead), limit, budget);
  const gzipped = isGzip(new Uint8Array(await blob.slice(0, 2).arrayBuffer()));
  return decodeDiagnosed(raw, gzipped, options.onProgress, budget);
}

/**
 * Decodes a file's (inflated) bytes: folded stacks when it reads as such (text, `a;b;c 123`
 * lines), else pprof; a failure says first what the file looks like (see decode-diagnosis.ts).
 */
function decodeDiagnosed(raw: Uint8Array, gzipped: boolean, onProgress: ProgressCallback | undefined, budget: MemoryBudget): Profile {
  if (looksLikeFolded(raw)) {
    budget.charge(raw.length);
    return decodeFolded(raw, { guard: budget, onProgress: onProgress && ((done, phase) => onProgress(INFLATE_SHARE + (1 - INFLATE_SHARE) * done, phase)) });
  }
  try {
    return decodeUncompressedProfile(raw, onProgress, budget);
  } catch (error) {
    throw diagnoseDecodeFailure(raw, error, gzipped);
  }
}

/**
 * The profile's bytes stay in memory while it is decoded, and its tables need at least as much
 * again: a file that inflates past half the memory limit is refused while it inflates.
 */
function inflateLimit(options: DecodeOptions, budget: MemoryBudget): number {
  return Math.min(options.maxDecompressedBytes ?? DEFAULT_MAX_DECOMPRESSED_BYTES, Math.floor(budget.limit / 2));
}

async function inflateWithin(inflate: () => Promise<Uint8Array>, limit: number, budget: MemoryBudget): Promise<Uint8Array> {
  try {
    return await inflate();
  } catch (error) {
    // Past a limit set by the memory budget, say so in its terms.
    if (error instanceof ProfileError && error.code === 'too-large' && limit === Math.floor(budget.limit / 2)) throw inflatesPast(limit, budget);
    throw error;
  }
}

function inflatesPast(limit: number, budget: MemoryBudget): ProfileError {
  return new ProfileError(
    'memory-limit',
    `the profile is larger than ${formatBytes(limit)} uncompressed, so it would need more than the ${formatBytes(budget.limit)} memory limit to open (a zip bomb, or a profile too big to open)`,
  );
}

/** Memory the views built on a decoded profile take per stack row (call tree, top table). */
const VIEW_BYTES_PER_STACK = 128;

export function decodeUncompressedProfile(
  buf: Uint8Array,
  onProgress: ProgressCallback = () => {},
  budget: MemoryBudget = new MemoryBudget(),
): Profile {
  if (buf.length === 0) throw new ProfileError('empty', 'the profile is empty (no protobuf data)');
  if (buf.length > budget.limit / 2) throw inflatesPast(Math.floor(budget.limit / 2), budget);
  budget.charge(buf.length);
  onProgress(INFLATE_SHARE, 'reading the protobuf');
  const scan = scanProfile(buf, budget);
  if (scan.sampleTypes.length === 0 && scan.samples.length === 0 && scan.strings.length === 0) {
    throw new ProfileError('not-a-profile', 'not a pprof profile: it has no sample types, samples or strings');
  }
  const strings = decodeStrings(buf, scan, budget);
  // Each sample type and comment becomes an object or a string; the sample types' value columns
  // are charged with the samples.
  budget.charge((scan.sampleTypes.length / 2) * 96 + scan.comments.length * 16);
  const sampleTypes: ValueType[] = [];
  for (let i = 0; i < scan.sampleTypes.length; i += 2) {
    sampleTypes.push(decodeValueType(buf, scan.sampleTypes.data[i], scan.sampleTypes.data[i + 1], strings, 'a sample type'));
  }
  const mappings = decodeMappings(buf, scan, strings, budget);
  const rawFunctions = decodeFunctions(buf, scan, strings, budget);
  const dropFrames = strings.get(scan.dropFrames, 'drop_frames');
  const keepFrames = strings.get(scan.keepFrames, 'keep_frames');
  onProgress(0.3, 'reading functions and locations');
  const decodedLocations = decodeLocations(buf, scan, strings, mappings, rawFunctions, dropFrames, keepFrames, budget);
  const decodedSamples = decodeSamples(
    buf,
    scan,
    strings,
    decodedLocations,
    sampleTypes.length,
    (done) => onProgress(0.35 + 0.6 * done, 'reading samples'),
    budget,
  );
  budget.charge(decodedSamples.stacks.count * VIEW_BYTES_PER_STACK);

  const defaultName = strings.get(scan.defaultSampleType, 'default_sample_type');
  let defaultSampleTypeIndex = sampleTypes.length - 1;
  if (defaultName !== '') {
    const named = sampleTypes.findIndex((t) => t.type === defaultName);
    if (named >= 0) defaultSampleTypeIndex = named;
  }
  const profile: Profile = {
    strings: strings.strings,
    sampleTypes,
    defaultSampleTypeIndex: Math.max(0, defaultSampleTypeIndex),
    periodType: scan.periodType
      ? decodeValueType(buf, scan.periodType[0], scan.periodType[1], strings, 'period_type')
      : { type: '', unit: '' },
    period: scan.period,
    timeNanos: scan.timeNanos,
    durationNanos: scan.durationNanos,
    comments: scan.comments.map((c) => strings.get(c, 'a comment')),
    dropFrames,
    keepFrames,
    mappings: mappings.table,
    functions: decodedLocations.functions,
    frames: decodedLocations.frames,
    locations: decodedLocations.locations,
    ...decodedSamples,
    numLabelUnits: new Map(),
  };
  profile.numLabelUnits = computeNumLabelUnits(profile);
  return profile;
}

function decodeValueType(buf: Uint8Array, start: number, end: number, strings: StringTable, what: string): ValueType {
  const reader = new ProtoReader(buf, start, end);
  let type = 0;
  let unit = 0;
  while (!reader.atEnd()) {
    const tag = reader.varint();
    if (tag === 8) type = reader.varint();
    else if (tag === 16) unit = reader.varint();
    else reader.skip(tag & 7);
  }
  return { type: strings.get(type, what), unit: strings.get(unit, what) };
}
