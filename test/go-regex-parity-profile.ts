import { Function as PFunction, Label, Line, Location, Profile, Sample, StringTable, ValueType } from 'pprof-format';

/** Leaf function names (each called by main.main) and their sample values; labels "tier". */
const UNICODE_LEAVES: [name: string, value: number, tier: string][] = [
  ['main.über', 1, 'Free'],
  ['main.Λάμδα', 2, 'pro'],
  ['main.x1', 4, 'PRO'],
  ['pkg.(*T).Run', 8, 'free.1'],
  ['main.😀', 16, 'enterprise'],
  ['main.\u212AELVIN', 32, 'a\nb'],
];

/** Names where Go's regexp and JavaScript's RegExp disagree (Unicode classes, flags, \Q…\E). */
export function unicodeNamesProfile(): Uint8Array {
  const strings = new StringTable();
  const names = ['main.main', ...UNICODE_LEAVES.map(([name]) => name)];
  const functions = names.map((name, i) => new PFunction({ id: i + 1, name: strings.dedup(name), systemName: strings.dedup(name), filename: 0 }));
  const locations = functions.map((f) => new Location({ id: f.id, line: [new Line({ functionId: f.id, line: 1 })] }));
  return new Profile({
    sampleType: [new ValueType({ type: strings.dedup('samples'), unit: strings.dedup('count') })],
    sample: UNICODE_LEAVES.map(
      ([, value, tier], i) =>
        new Sample({ locationId: [i + 2, 1], value: [value], label: [new Label({ key: strings.dedup('tier'), str: strings.dedup(tier) })] }),
    ),
    location: locations,
    function: functions,
    stringTable: strings,
    timeNanos: 1_700_000_000_000_000_000,
  }).encode();
}
