import { Function as PFunction, Label, Line, Location, Mapping, Profile, Sample } from 'pprof-format';
import { projectProfile } from './project.js';

/** One distinct fixture among the matched series: its profile, the queried type, and its scrapes in range. */
export interface MergePart {
  pprof: Uint8Array;
  typeIndex: number;
  scrapes: number;
}

/**
 * What Pyroscope's SelectMergeProfile answers for series of several fixtures: each fixture
 * projected to the queried type and scaled by its scrapes (projectProfile), then the second and
 * later ones appended to the first with their strings, mappings, functions and locations re-mapped
 * into the first one's tables. One part is answered by projectProfile alone, byte for byte as
 * before, so the one-fixture goldens keep holding.
 */
export function mergeProfiles(parts: MergePart[]): Uint8Array {
  const projected = parts.map((part) => projectProfile(part.pprof, part.typeIndex, part.scrapes));
  if (projected.length === 1) return projected[0];
  const base = Profile.decode(projected[0]);
  const into = new MergeTarget(base);
  for (const bytes of projected.slice(1)) into.append(Profile.decode(bytes));
  return base.encode();
}

/**
 * The first profile and indexes of what it holds, so that an entry equal to one already there
 * (same function name and file, same mapping binary, same location) is shared instead of copied.
 */
class MergeTarget {
  private readonly mappingIds = new Map<string, number>();
  private readonly functionIds = new Map<string, number>();
  private readonly locationIds = new Map<string, number>();
  private nextMappingId = 1;
  private nextFunctionId = 1;
  private nextLocationId = 1;

  constructor(private readonly base: Profile) {
    for (const m of base.mapping) this.mappingIds.set(mappingKey(m), this.takeId('mapping', Number(m.id)));
    for (const f of base.function) this.functionIds.set(functionKey(f), this.takeId('function', Number(f.id)));
    for (const l of base.location) this.locationIds.set(locationKey(l), this.takeId('location', Number(l.id)));
  }

  append(other: Profile): void {
    const strings = other.stringTable.strings;
    const str = (index: number | bigint) => this.base.stringTable.dedup(strings[Number(index)] ?? '');

    const mappingOf = new Map<number, number>();
    for (const m of other.mapping) {
      const copy = new Mapping({ ...m, filename: str(m.filename), buildId: str(m.buildId) });
      mappingOf.set(Number(m.id), this.add(this.mappingIds, mappingKey(copy), 'mapping', copy, this.base.mapping));
    }
    const functionOf = new Map<number, number>();
    for (const f of other.function) {
      const copy = new PFunction({ ...f, name: str(f.name), systemName: str(f.systemName), filename: str(f.filename) });
      functionOf.set(Number(f.id), this.add(this.functionIds, functionKey(copy), 'function', copy, this.base.function));
    }
    const locationOf = new Map<number, number>();
    for (const l of other.location) {
      const copy = new Location({
        ...l,
        // Mapping 0 means "no mapping" in profile.proto and stays 0.
        mappingId: Number(l.mappingId) ? (mappingOf.get(Number(l.mappingId)) ?? 0) : 0,
        line: l.line.map((line) => new Line({ ...line, functionId: functionOf.get(Number(line.functionId)) ?? 0 })),
      });
      locationOf.set(Number(l.id), this.add(this.locationIds, locationKey(copy), 'location', copy, this.base.location));
    }
    for (const s of other.sample) {
      this.base.sample.push(
        new Sample({
          locationId: s.locationId.map((id) => locationOf.get(Number(id)) ?? 0),
          value: s.value,
          label: s.label.map((l) => new Label({ key: str(l.key), str: Number(l.str) ? str(l.str) : 0, num: l.num, numUnit: Number(l.numUnit) ? str(l.numUnit) : 0 })),
        }),
      );
    }
  }

  /** The id of an equal entry already in the base, or the next free id for `entry`, appended to `list`. */
  private add<T extends { id: number | bigint }>(ids: Map<string, number>, key: string, kind: 'mapping' | 'function' | 'location', entry: T, list: T[]): number {
    const known = ids.get(key);
    if (known !== undefined) return known;
    const id = this.takeId(kind, 0);
    entry.id = id;
    list.push(entry);
    ids.set(key, id);
    return id;
  }

  /** Reserves `id` (an existing one) or, with 0, the next id past every one seen so far. */
  private takeId(kind: 'mapping' | 'function' | 'location', id: number): number {
    const field = kind === 'mapping' ? 'nextMappingId' : kind === 'function' ? 'nextFunctionId' : 'nextLocationId';
    const taken = id || this[field];
    this[field] = Math.max(this[field], taken + 1);
    return taken;
  }
}

// Keys hold string indexes of the base's table: equal indexes mean equal strings.
const mappingKey = (m: Mapping) => [m.memoryStart, m.memoryLimit, m.fileOffset, m.filename, m.buildId].join('|');
const functionKey = (f: PFunction) => [f.name, f.systemName, f.filename, f.startLine].join('|');
const locationKey = (l: Location) => [l.mappingId, l.address, l.isFolded, ...l.line.map((line) => `${line.functionId}:${line.line}:${line.column}`)].join('|');
