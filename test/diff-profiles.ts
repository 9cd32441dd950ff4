import { ProfileWriter } from './hostile/craft.js';
import { ProtoWriter } from '../shared/formats/proto-writer.js';
import { decodeProfile } from '../shared/formats/pprof-decode.js';
import type { Profile } from '../shared/model/profile.js';
import { nodeGunzip } from '../bin/node-gunzip.js';

/** One sample of a hand-made profile: its stack (function names, leaf first) and value. */
export interface CraftedSample {
  stack: string[];
  /** One value per sample type. */
  values: number[];
  labels?: { key: string; str?: string; num?: number }[];
}

/**
 * A small pprof profile of one sample type, for the diff cases the Go runtime never writes:
 * units of one kind but different (ms vs ns), units of different kinds, other sample periods.
 */
export function craftProfile(options: { types: [string, string][]; periodType?: [string, string]; period?: number; samples: CraftedSample[] }): Uint8Array {
  const w = new ProfileWriter();
  for (const [type, unit] of options.types) w.sampleType(type, unit);
  const functionIds = new Map<string, number>();
  const idOf = (name: string) => {
    let id = functionIds.get(name);
    if (id === undefined) {
      id = functionIds.size + 1;
      functionIds.set(name, id);
    }
    return id;
  };
  for (const s of options.samples) {
    const ids = s.stack.map(idOf);
    w.sample(ids, s.values, s.labels);
  }
  w.mapping(1, '/bin/app');
  for (const id of functionIds.values()) w.location(id, 1, [id]);
  for (const [name, id] of functionIds) w.function(id, name);
  const [periodType, periodUnit] = options.periodType ?? options.types[0];
  const scratch = new ProtoWriter();
  w.raw(11, 2, scratch.uint(1, w.str(periodType)).uint(2, w.str(periodUnit)).finish());
  w.raw(12, 0, options.period ?? 1);
  return w.finish();
}

/** craftProfile, decoded. */
export function craftedProfile(options: Parameters<typeof craftProfile>[0]): Promise<Profile> {
  return decodeProfile(craftProfile(options), { gunzip: nodeGunzip });
}
