import type { ProfileFilters } from '../../shared/analysis/query.js';
import type { ChildOrder } from '../../shared/analysis/call-tree.js';
import type { TagKeySummary } from '../../shared/analysis/tag-summary.js';
import type { ValueType } from '../../shared/model/profile.js';
import type { EngineErrorCode } from './engine-errors.js';

/** Messages between the UI thread and the engine worker; big arrays travel as transfers. */

export type { ProfileFilters };

export type TableSortKey = 'flat' | 'cum' | 'name';

export interface ProfileSummary {
  profileId: number;
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
}

export interface SearchStats {
  /** The search text these stats answer. */
  query: string;
  /** Per function: 1 when its name matches the search. */
  matches: Uint8Array;
  matchedFunctions: number;
  /** Value of the samples with a matching frame (each sample once). */
  matchedTotal: number;
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
      stall?: true;
    }
  | ({ kind: 'query'; id: number; stall?: true } & QueryArgs)
  | { kind: 'table'; id: number; profileId: number; sort: TableSortKey }
  | { kind: 'layout'; id: number; profileId: number; root: number; widthPx: number }
  | { kind: 'tags'; id: number; profileId: number; filters: ProfileFilters }
  | { kind: 'search'; id: number; profileId: number; search: string }
  /** Sent to a spare worker only: warm the code up while the user is still choosing a file. */
  | { kind: 'warmUp'; id: 0 };

/** A query's parameters. */
export interface QueryArgs {
  profileId: number;
  filters: ProfileFilters;
  order: ChildOrder;
  root: number;
  widthPx: number;
  search: string;
  /** The table's sort when the table is on screen; null leaves the table out. */
  tableSort: TableSortKey | null;
}

export interface QueryReply {
  /** Time the worker spent on this query, ms. */
  workerMs: number;
  total: number;
  treeTotal: number;
  nodeCount: number;
  flame: FlameRects;
  /** Null when the query asked for no table. */
  top: TopRows | null;
  search: SearchStats | null;
}

export type WorkerReply =
  | { kind: 'opened'; id: number; summary: ProfileSummary; initial: QueryReply; timings: OpenTimings }
  | { kind: 'progress'; id: number; fraction: number; phase: string }
  | { kind: 'queried'; id: number; result: QueryReply }
  | { kind: 'laidOut'; id: number; flame: FlameRects }
  | { kind: 'tabled'; id: number; top: TopRows }
  | { kind: 'tags'; id: number; tags: TagKeySummary[] }
  | { kind: 'searched'; id: number; search: SearchStats | null }
  /** Sent once (id 0) when the worker has warmed its code up on the bundled example. */
  | { kind: 'warm'; id: 0; ms: number }
  /** `message` is a sentence for the user (DESIGN.md section 3); internal details stay in the worker's console. */
  | { kind: 'error'; id: number; code: EngineErrorCode; message: string };
