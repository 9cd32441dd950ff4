import type { DataExportFormat } from '../../shared/export/view-export.js';
import type { DeltaSort } from '../../shared/analysis/delta-order.js';
import type { ProfileFilters } from '../../shared/analysis/query.js';
import type { ChildOrder } from '../../shared/analysis/call-tree.js';
import type { TagKeySummary } from '../../shared/analysis/tag-summary.js';
import type { Profile, ValueType } from '../../shared/model/profile.js';
import type { DiffWidth } from '../../shared/analysis/diff-tree.js';
import type { EngineErrorCode } from './engine-errors.js';

/** Messages between the UI thread and the engine worker; big arrays travel as transfers. */

export type { ProfileFilters };

type TableSortKey = 'flat' | 'cum' | 'name';

/** A table order: flat and cum largest first, names A→Z; `reverse` reads that order backwards. */
export interface TableSort {
  by: TableSortKey;
  reverse: boolean;
}

/**
 * Names a tree the worker built (a query's call tree, a sandwich's callers or callees), for the
 * requests that follow up on it. A handle the worker has replaced since is answered "superseded".
 */
export type TreeHandle = number;

/** Zoom as function names from the root's child down (DESIGN.md section 3); [] = not zoomed. */
export type ZoomPath = string[];

/** Where a layout zooms: a path of names, or a node of the tree (stepping through search matches). */
export type ZoomTarget = { path: ZoomPath } | { node: number };

export interface ProfileSummary {
  name: string;
  sampleTypes: ValueType[];
  defaultSampleTypeIndex: number;
  durationNanos: number;
  timeNanos: number;
  comments: string[];
  sampleCount: number;
  /** Per function: display name and file (index = function id). */
  functionNames: string[];
  functionFiles: string[];
  functionStartLines: Float64Array;
}

/** Where the time of an open went, ms (reported by the benchmark). */
export interface OpenTimings {
  waitedForWarmUp: number;
  inflate: number;
  decode: number;
  query: number;
}

export interface FlameRects {
  count: number;
  x: Float64Array;
  width: Float64Array;
  depth: Int32Array;
  nodeId: Int32Array;
  func: Int32Array;
  colorKey: Int32Array;
  self: Float64Array;
  total: Float64Array;
  parentTotal: Float64Array;
  span: number;
  maxDepth: number;
  /** The zoom root and its ancestors, root first (breadcrumbs). */
  path: Int32Array;
  pathFuncs: Int32Array;
  /** False when the zoom path asked for is not in this tree: the graph is zoomed to its deepest part that is. */
  zoomFound: boolean;
  /** A diff graph's rectangles: both sides' weights (its self/total are what sizes it). */
  compare?: { baseSelf: Float64Array; baseTotal: Float64Array; targetSelf: Float64Array; targetTotal: Float64Array };
}

export interface SearchStats {
  /** The search text these stats answer. */
  query: string;
  /** Per function: 1 when its name matches the search. */
  matches: Uint8Array;
  matchedFunctions: number;
  /** The one function that matched when matchedFunctions is 1 (the first matched in depth-first order). */
  firstMatchedFunc: number;
  /** Value of the samples with a matching frame (each sample once); in a comparison, the target's. */
  matchedTotal: number;
  /** In a comparison: the same in the base. */
  baseMatchedTotal?: number;
  /** Call-tree nodes of matching functions, depth-first, for stepping with Enter. */
  matchNodes: Int32Array;
}

export interface TopRows {
  count: number;
  func: Int32Array;
  flat: Float64Array;
  cum: Float64Array;
}

export type WorkerRequest =
  /**
   * Decodes a profile and answers its first query for a graph `widthPx` wide at once: the
   * default one, or the given filters and search (a tab reloading after a cancelled request).
   */
  | {
      kind: 'open';
      id: number;
      name: string;
      source: Blob;
      widthPx: number;
      withTable: boolean;
      order: ChildOrder;
      filters?: ProfileFilters;
      search?: string;
      zoom?: ZoomPath;
      stall?: true;
    }
  | ({ kind: 'query'; id: number; stall?: true } & QueryArgs)
  | { kind: 'table'; id: number; tree: TreeHandle; sort: TableSort }
  | { kind: 'layout'; id: number; tree: TreeHandle; zoom: ZoomTarget; widthPx: number }
  | { kind: 'tags'; id: number; filters: ProfileFilters }
  | { kind: 'search'; id: number; tree: TreeHandle; search: string }
  /** The sandwich of a function (by name) in a query's tree, with both halves laid out. */
  | ({ kind: 'sandwich'; id: number } & SandwichArgs)
  /** Decodes two profiles and compares them (a comparison tab's worker), answering its first comparison. */
  | {
      kind: 'openComparison';
      id: number;
      base: ComparisonInput;
      target: ComparisonInput;
      args: CompareArgs;
    }
  /** A copy of the decoded profile, for a comparison tab (which then need not decode it again). */
  | { kind: 'exportProfile'; id: number }
  | ({ kind: 'compare'; id: number; stall?: true } & CompareArgs)
  /** The comparison with base and target in each other's place (the sample type kept by name). */
  | { kind: 'swap'; id: number; args: CompareArgs }
  /** A file of what the tab shows (its filters and sample type), built in the worker: see ExportArgs. */
  | ({ kind: 'exportFile'; id: number } & ExportArgs)
  /** Sent to a spare worker only: warm the code up while the user is still choosing a file. */
  | { kind: 'warmUp'; id: 0 };

/** The files the worker writes (images are drawn on the UI thread, from the layout it already has). */
export type ExportFormat = DataExportFormat;

/**
 * An export of what is on screen: the filters and sample type of the shown result, and for the
 * table the order it is shown in. A comparison writes pprof's -diff_base profile, two-column
 * folded stacks and the delta table.
 */
export interface ExportArgs {
  format: ExportFormat;
  filters: ProfileFilters;
  tableSort: TableSort;
  /** A comparison's CSV: the delta table's order. */
  deltaSort: DeltaSort;
}

/** A query's parameters. */
export interface QueryArgs {
  filters: ProfileFilters;
  order: ChildOrder;
  zoom: ZoomPath;
  widthPx: number;
  search: string;
  /** The table's sort when the table is on screen; null leaves the table out. */
  tableSort: TableSort | null;
}

export interface QueryReply {
  /** The call tree this query built: what layouts, searches, tables and sandwiches of it name. */
  tree: TreeHandle;
  /** Time the worker spent on this query, ms. */
  workerMs: number;
  total: number;
  treeTotal: number;
  /** How many of the file's samples the filters keep (the summary's sampleCount is all of them); absent in a comparison. */
  sampleCount?: number;
  nodeCount: number;
  flame: FlameRects;
  /** Null when the query asked for no table. */
  top: TopRows | null;
  search: SearchStats | null;
  /** Why the search found nothing to match: it is not a valid regular expression (one sentence). */
  searchError?: string;
}

export interface SandwichArgs {
  tree: TreeHandle;
  /** The function's name (zoom paths and the URL name functions, never by number). */
  func: string;
  order: ChildOrder;
  widthPx: number;
  callersZoom: ZoomPath;
  calleesZoom: ZoomPath;
}

/** One half of a sandwich: its tree's handle (for zooming) and its layout. */
interface SandwichHalf {
  tree: TreeHandle;
  flame: FlameRects;
}

/** pprof -peek's rows for the function: direct callers or callees, by weight. */
export interface PeekRows {
  func: Int32Array;
  value: Float64Array;
  /** In a comparison: the base's weight of each edge (`value` is the target's). */
  baseValue?: Float64Array;
}

export interface SandwichReply {
  /** The query tree it was cut from. */
  from: TreeHandle;
  name: string;
  /** The function (an unknown name is an error; one the filters leave out has cum 0). */
  func: number;
  flat: number;
  cum: number;
  /** In a comparison (flat and cum are the target's). */
  baseFlat?: number;
  baseCum?: number;
  callers: SandwichHalf;
  callees: SandwichHalf;
  directCallers: PeekRows;
  directCallees: PeekRows;
  workerMs: number;
}

/** One side of a comparison: its file, and its decoded profile when an open tab has one. */
export interface ComparisonInput {
  name: string;
  source: Blob;
  profile?: Profile;
}

/** A comparison's query: the filters apply to both sides; the sample type indexes the types both have. */
export interface CompareArgs {
  filters: ProfileFilters;
  order: ChildOrder;
  zoom: ZoomPath;
  widthPx: number;
  search: string;
  width: DiffWidth;
}

/** pprof -top of both sides per function (functions numbered over both profiles' names). */
export interface DeltaRows {
  count: number;
  func: Int32Array;
  baseFlat: Float64Array;
  baseCum: Float64Array;
  targetFlat: Float64Array;
  targetCum: Float64Array;
}

export interface CompareReply {
  workerMs: number;
  /** pprof's total for a diff: the base's (its computeTotal counts only the base samples). */
  total: number;
  baseTotal: number;
  targetTotal: number;
  diff: { tree: TreeHandle; flame: FlameRects };
  base: { tree: TreeHandle; flame: FlameRects };
  target: { tree: TreeHandle; flame: FlameRects };
  rows: DeltaRows;
  search: SearchStats | null;
  searchError?: string;
}

/** A comparison tab's summary: functionNames are both profiles' names merged, sampleTypes the ones in common. */
export interface ComparisonSummary extends ProfileSummary {
  baseName: string;
  targetName: string;
  warnings: string[];
}

export type WorkerReply =
  | { kind: 'opened'; id: number; summary: ProfileSummary; initial: QueryReply; timings: OpenTimings }
  | { kind: 'progress'; id: number; fraction: number; phase: string }
  | { kind: 'queried'; id: number; result: QueryReply }
  | { kind: 'laidOut'; id: number; flame: FlameRects }
  | { kind: 'tabled'; id: number; top: TopRows }
  | { kind: 'tags'; id: number; tags: TagKeySummary[] }
  | { kind: 'searched'; id: number; search: SearchStats | null }
  | { kind: 'sandwiched'; id: number; sandwich: SandwichReply }
  | { kind: 'comparisonOpened'; id: number; summary: ComparisonSummary; initial: CompareReply }
  | { kind: 'compared'; id: number; result: CompareReply }
  | { kind: 'profileExported'; id: number; profile: Profile }
  /** An export's bytes (a transferred buffer: the UI thread only hands them to the host). */
  | { kind: 'fileExported'; id: number; bytes: ArrayBuffer }
  /** Sent once (id 0) when the worker has warmed its code up on the bundled example. */
  | { kind: 'warm'; id: 0; ms: number }
  /** `message` is a sentence for the user (DESIGN.md section 3); internal details stay in the worker's console. */
  | { kind: 'error'; id: number; code: EngineErrorCode; message: string };
