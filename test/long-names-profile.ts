import { Function as PFunction, Label, Line, Location, Mapping, Profile, Sample, StringTable, ValueType } from 'pprof-format';

/**
 * A small profile whose names, file names, mapping and label values are long runs of one letter:
 * the inputs on which a backtracking engine takes exponential time for `(a+)+$` or `(x+x+)+y`
 * (each run followed by a character that makes the match fail), beside names that do match.
 */
const A = 'a'.repeat(48);
const X = 'x'.repeat(48);

export const LONG_NAMES = {
  /** Matches `(a+)+$`. */
  allA: A,
  /** Does not match `(a+)+$`: the run of a's is followed by ".func1". */
  aThenDot: `${A}.func1`,
  /** Matches `(x+x+)+y`. */
  xThenY: `main.${X}y`,
  /** Does not match `(x+x+)+y`. */
  xThenDot: `main.${X}.z`,
  labelKey: 'k',
  /** The value on the first sample (matches `(a+)+$`). */
  labelMatching: A,
  /** The value on the second sample (does not). */
  labelFailing: `${A}!`,
} as const;

/**
 * main.main calls one function per sample: allA (3), aThenDot (5), xThenY (7), xThenDot (11).
 * The first two samples carry the label k; every file name and the mapping end in a's then ".go"/".so".
 */
export function longNamesProfile(options: { dropFrames?: string; keepFrames?: string } = {}): Uint8Array {
  const strings = new StringTable();
  const names = ['main.main', LONG_NAMES.allA, LONG_NAMES.aThenDot, LONG_NAMES.xThenY, LONG_NAMES.xThenDot];
  const functions = names.map(
    (name, i) => new PFunction({ id: i + 1, name: strings.dedup(name), systemName: strings.dedup(name), filename: strings.dedup(`/src/${A}.go`) }),
  );
  const locations = functions.map((f, i) => new Location({ id: i + 1, mappingId: 1, address: 0x1000 + i, line: [new Line({ functionId: f.id, line: 10 })] }));
  const label = (value: string) => [new Label({ key: strings.dedup(LONG_NAMES.labelKey), str: strings.dedup(value) })];
  return new Profile({
    sampleType: [new ValueType({ type: strings.dedup('samples'), unit: strings.dedup('count') })],
    sample: [
      new Sample({ locationId: [2, 1], value: [3], label: label(LONG_NAMES.labelMatching) }),
      new Sample({ locationId: [3, 1], value: [5], label: label(LONG_NAMES.labelFailing) }),
      new Sample({ locationId: [4, 1], value: [7] }),
      new Sample({ locationId: [5, 1], value: [11] }),
    ],
    mapping: [new Mapping({ id: 1, memoryStart: 0x1000, memoryLimit: 0x2000, filename: strings.dedup(`/lib/${A}.so`), hasFunctions: true })],
    location: locations,
    function: functions,
    stringTable: strings,
    dropFrames: options.dropFrames ? strings.dedup(options.dropFrames) : 0,
    keepFrames: options.keepFrames ? strings.dedup(options.keepFrames) : 0,
    timeNanos: 1_700_000_000_000_000_000,
  }).encode();
}
