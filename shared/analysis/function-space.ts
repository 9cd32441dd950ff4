import type { Profile } from '../model/profile.js';
import { colorKeysOfNames } from './flame-layout.js';

/**
 * The functions a tree's `func` column numbers: one profile's, or a comparison's (both profiles'
 * names merged, so a function has the same number, colour and highlight on either side).
 * Search, zoom paths and layouts look names up here.
 */
export interface FunctionSpace {
  names: string[];
  idOf: Map<string, number>;
  colorKeys: Int32Array;
}

export function functionSpaceOfNames(names: string[]): FunctionSpace {
  const idOf = new Map<string, number>();
  names.forEach((name, id) => idOf.set(name, id));
  return { names, idOf, colorKeys: colorKeysOfNames(names) };
}

const spaces = new WeakMap<Profile, FunctionSpace>();

export function functionSpaceOf(profile: Profile): FunctionSpace {
  let space = spaces.get(profile);
  if (!space) {
    space = functionSpaceOfNames(Array.from(profile.functions.name, (s) => profile.strings[s]));
    spaces.set(profile, space);
  }
  return space;
}
