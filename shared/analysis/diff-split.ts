import type { Profile } from '../model/profile.js';

/** The label pprof gives the base's samples in a diff it writes (`-diff_base … -proto`). */
const BASE_LABEL = 'pprof::base';

/** Per sample: 1 when it belongs to the base of a diff, by the `pprof::base` label; null when no set has it. */
function labelledBase(profile: Profile): Uint8Array | null {
  const key = profile.strings.indexOf(BASE_LABEL);
  if (key <= 0) return null;
  const { labelSets, labels, samples } = profile;
  const isBaseSet = new Uint8Array(labelSets.count);
  let any = false;
  for (let set = 0; set < labelSets.count; set++) {
    for (let l = labelSets.start[set]; l < labelSets.start[set] + labelSets.length[set]; l++) {
      if (labels.key[l] === key) isBaseSet[set] = 1;
    }
    any ||= isBaseSet[set] === 1;
  }
  return any ? Uint8Array.from(samples.labelSet, (set) => isBaseSet[set]) : null;
}

/**
 * Per sample: 1 when its value is negative. Older pprof versions write a diff without the label:
 * the base's samples are the negated ones.
 */
function negativeBase(profile: Profile): Uint8Array | null {
  const { samples } = profile;
  const column = samples.values[profile.defaultSampleTypeIndex] ?? samples.values[0];
  if (!column) return null;
  const negative = Uint8Array.from(column, (v) => (v < 0 ? 1 : 0));
  return negative.includes(1) ? negative : null;
}

/**
 * A pprof diff file as the two profiles it was made from: the base's samples (labelled
 * `pprof::base`, or else the negative ones), negated back, and the rest. Null when the file is
 * not a diff. The tables are shared; only the sample columns are split.
 */
export function splitDiffProfile(profile: Profile): { base: Profile; target: Profile; by: 'label' | 'sign' } | null {
  const labelled = labelledBase(profile);
  const isBase = labelled ?? negativeBase(profile);
  if (!isBase) return null;
  const { samples } = profile;
  const side = (base: boolean): Profile => {
    const rows: number[] = [];
    for (let i = 0; i < samples.count; i++) if ((isBase[i] === 1) === base) rows.push(i);
    const values = samples.values.map((column) => Float64Array.from(rows, (i) => (base ? -column[i] : column[i])));
    const mergedFrom = Int32Array.from(rows, (i) => samples.mergedFrom?.[i] ?? 1);
    return {
      ...profile,
      samples: {
        count: rows.length,
        sourceCount: mergedFrom.reduce((sum, n) => sum + n, 0),
        mergedFrom,
        totals: Float64Array.from(values, (column) => column.reduce((sum, v) => sum + Math.abs(v), 0)),
        stack: Int32Array.from(rows, (i) => samples.stack[i]),
        values,
        labelSet: Int32Array.from(rows, (i) => samples.labelSet[i]),
      },
    };
  };
  return { base: side(true), target: side(false), by: labelled ? 'label' : 'sign' };
}
