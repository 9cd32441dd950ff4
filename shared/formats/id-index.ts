import { ProfileError } from './profile-error.js';

/**
 * Maps pprof ids (arbitrary uint64s, usually 1..n) to table rows: a dense array when the ids are
 * small, a Map otherwise.
 */
export class IdIndex {
  private constructor(
    private readonly dense: Int32Array | null,
    private readonly sparse: Map<number, number> | null,
    private readonly kind: string,
  ) {}

  static build(ids: Float64Array, kind: string): IdIndex {
    let max = 0;
    for (let i = 0; i < ids.length; i++) if (ids[i] > max) max = ids[i];
    const duplicate = (id: number) =>
      new ProfileError('corrupt', `two ${kind}s have the id ${id} (concatenated or corrupt profile)`);
    if (max <= ids.length * 4 + 1024) {
      const dense = new Int32Array(max + 1).fill(-1);
      for (let i = 0; i < ids.length; i++) {
        if (dense[ids[i]] !== -1) throw duplicate(ids[i]);
        dense[ids[i]] = i;
      }
      return new IdIndex(dense, null, kind);
    }
    const sparse = new Map<number, number>();
    for (let i = 0; i < ids.length; i++) {
      if (sparse.has(ids[i])) throw duplicate(ids[i]);
      sparse.set(ids[i], i);
    }
    return new IdIndex(null, sparse, kind);
  }

  /** The row for id, or -1. */
  find(id: number): number {
    if (this.dense) return id < this.dense.length ? this.dense[id] : -1;
    return this.sparse!.get(id) ?? -1;
  }

  require(id: number, referrer: string): number {
    const row = this.find(id);
    if (row === -1) {
      throw new ProfileError('bad-reference', `${referrer} refers to ${this.kind} id ${id}, which the profile does not define`);
    }
    return row;
  }
}
