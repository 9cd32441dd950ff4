import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { nodeGunzip } from '../bin/node-gunzip.js';
import { decodeProfile } from '../shared/formats/pprof-decode.js';
import type { Profile } from '../shared/model/profile.js';

export const fixturesDir = new URL('./fixtures/', import.meta.url).pathname;
const goldensDir = new URL('./goldens/', import.meta.url).pathname;

export interface TopGolden {
  file: string;
  flags: Record<string, string>;
  sampleType: string;
  unit: string;
  total: number;
  functions: { name: string; flat: number; cum: number }[];
}

export interface TagsGolden {
  file: string;
  flags: Record<string, string>;
  text: string;
}

/** `-traces` folded into call paths: root→leaf names joined by ";" → summed sample value. */
export interface TracesGolden {
  file: string;
  flags: Record<string, string>;
  sampleType: string;
  unit: string;
  samples: number;
  /** Samples whose every frame was filtered out: pprof prints no stack (nor value) for them. */
  emptyStacks: number;
  paths: Record<string, number>;
}

interface PeekEdgeGolden {
  name: string;
  value: number;
  inline: boolean;
}

/** `-peek REGEX`: the listed functions with their edges, and pprof's table as it printed it. */
export interface PeekGolden {
  file: string;
  regex: string;
  flags: Record<string, string>;
  sampleType: string;
  unit: string;
  /** pprof's total (|value| over every sample, before filters). */
  total: number;
  functions: { name: string; flat: number; cum: number; callers: PeekEdgeGolden[]; callees: PeekEdgeGolden[] }[];
  text: string;
}

/** `-top -diff_base=BASE TARGET` (and `-normalize`): pprof's rows for the merged profile, and its table as printed. */
export interface DiffGolden {
  base: string;
  target: string;
  /** pprof's flags; sample_index is always there. */
  flags: Record<string, string>;
  normalize: boolean;
  sampleType: string;
  unit: string;
  /** pprof's total for a diff: the base's (computeTotal counts only pprof::base samples). */
  total: number;
  /** target − base per function, in pprof's order; nodes whose flat and cum are both 0 are not listed. */
  functions: { name: string; flat: number; cum: number }[];
  /** pprof's text from its "Showing nodes accounting for" line on, in its own choice of unit. */
  text: string;
}

const isDiffGolden = (f: string) => f.startsWith('diff__');

/** The goldens of one profile (diff goldens, of two, are read by readDiffGoldens). */
export function readGoldens(): { name: string; golden: TopGolden | TagsGolden | TracesGolden | PeekGolden }[] {
  return readJsonGoldens((f) => !isDiffGolden(f)) as { name: string; golden: TopGolden | TagsGolden | TracesGolden | PeekGolden }[];
}

export function readDiffGoldens(): { name: string; golden: DiffGolden }[] {
  return readJsonGoldens(isDiffGolden) as { name: string; golden: DiffGolden }[];
}

function readJsonGoldens(include: (file: string) => boolean): { name: string; golden: unknown }[] {
  return readdirSync(goldensDir)
    .filter((f) => f.endsWith('.json') && f !== 'cases.json' && include(f))
    .sort()
    .map((f) => ({ name: f.replace(/\.json$/, ''), golden: JSON.parse(readFileSync(join(goldensDir, f), 'utf8')) as unknown }));
}

const cache = new Map<string, Promise<Profile>>();

export function loadFixture(file: string): Promise<Profile> {
  let profile = cache.get(file);
  if (!profile) {
    profile = decodeProfile(readFileSync(join(fixturesDir, file)), { gunzip: nodeGunzip });
    cache.set(file, profile);
  }
  return profile;
}

/**
 * pprof's edge comparator calls +w and -w equal, so with a map's random order the edges of a run
 * of equal |weight| with both signs come out in any order (diff profiles). Such runs are put in
 * the engine's order (value descending, then name); every other run stays exactly as pprof had it.
 */
export function settleSignTies<T extends { name: string; value: number }>(edges: T[]): T[] {
  const out = edges.slice();
  for (let start = 0; start < out.length; ) {
    let end = start + 1;
    while (end < out.length && Math.abs(out[end].value) === Math.abs(out[start].value)) end++;
    const run = out.slice(start, end);
    if (run.some((e) => e.value > 0) && run.some((e) => e.value < 0)) {
      run.sort((a, b) => b.value - a.value || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      out.splice(start, run.length, ...run);
    }
    start = end;
  }
  return out;
}

/** Whether pprof's order of this golden's edges depends on chance (see settleSignTies). */
export function hasSignTies(golden: PeekGolden): boolean {
  return golden.functions.some((f) => [f.callers, f.callees].some((edges) => settleSignTies(edges).some((e, i) => e !== edges[i])));
}
