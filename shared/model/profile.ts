/**
 * The columnar profile model (DESIGN.md section 2): tables of typed-array columns indexed by row.
 * String columns hold indices into `strings` (index 0 is "").
 */

export interface ValueType {
  type: string;
  unit: string;
}

/** One row per distinct displayed function name (pprof's function granularity). */
export interface FunctionTable {
  count: number;
  name: Int32Array;
  systemName: Int32Array;
  filename: Int32Array;
  startLine: Float64Array;
  /** 1 for names made up for frames without symbols: `[libc.so.6]`, `<unknown>`. */
  synthetic: Uint8Array;
}

/** One row per line of a location: a location with N inlined lines becomes N frames. */
export interface FrameTable {
  count: number;
  func: Int32Array;
  line: Float64Array;
  /** 1 when this frame was inlined into its caller (every line of a location but the last). */
  inlined: Uint8Array;
  location: Int32Array;
  /** The file name of the pprof function this line points at (name filters test it). */
  file: Int32Array;
  /** 0 for a line that names no pprof function (filters keep such lines, as pprof does). */
  hasFunction: Uint8Array;
}

export interface LocationTable {
  count: number;
  id: Float64Array;
  /** Row in the mapping table, or -1. */
  mapping: Int32Array;
  address: Float64Array;
  /** 0 for a location without line information (an unsymbolized address). */
  hasLines: Uint8Array;
  /** The location's frames are rows frameStart .. frameStart+frameCount-1, root-most first. */
  frameStart: Int32Array;
  frameCount: Int32Array;
}

export interface MappingTable {
  count: number;
  id: Float64Array;
  file: Int32Array;
  buildId: Int32Array;
  start: Float64Array;
  limit: Float64Array;
  offset: Float64Array;
}

/** A prefix tree of call paths; every parent row comes before its children. */
export interface StackTable {
  count: number;
  frame: Int32Array;
  /** -1 for a root frame. */
  parent: Int32Array;
}

/**
 * Distinct samples: the file's samples with the same call path and label set are merged
 * (values summed), which changes no flat, cum or tag total.
 */
export interface SampleTable {
  count: number;
  /** How many samples the file had before merging. */
  sourceCount: number;
  /** Per row: how many of the file's samples it merges (absent: one each). */
  mergedFrom?: Int32Array;
  /** Per sample type: sum of |value| over the file's samples (pprof's total). */
  totals: Float64Array;
  /** Leaf stack row, or -1 for a sample without frames. */
  stack: Int32Array;
  /** One column per sample type. */
  values: Float64Array[];
  /** Row in the label-set table; 0 is the empty set. */
  labelSet: Int32Array;
}

/** Distinct sets of labels; set i owns labels start[i] .. start[i]+length[i]-1. */
export interface LabelSetTable {
  count: number;
  start: Int32Array;
  length: Int32Array;
}

export interface LabelTable {
  count: number;
  key: Int32Array;
  /** String value, or 0 for a numeric label. */
  str: Int32Array;
  num: Float64Array;
  /** The unit written in the profile (0 when none); see `numLabelUnits` for the one in force. */
  unit: Int32Array;
}

export interface Profile {
  strings: string[];
  sampleTypes: ValueType[];
  defaultSampleTypeIndex: number;
  periodType: ValueType;
  period: number;
  timeNanos: number;
  durationNanos: number;
  comments: string[];
  dropFrames: string;
  keepFrames: string;
  mappings: MappingTable;
  functions: FunctionTable;
  frames: FrameTable;
  locations: LocationTable;
  stacks: StackTable;
  samples: SampleTable;
  labelSets: LabelSetTable;
  labels: LabelTable;
  /** Unit of each numeric label key, pprof's rules: first unit seen, else bytes/key name. */
  numLabelUnits: Map<string, string>;
}
