import type { CallTree } from '../../shared/analysis/call-tree.js';
import type { DiffTree } from '../../shared/analysis/diff-tree.js';
import { EngineError } from './engine-errors.js';
import type { TreeHandle } from './protocol.js';

/**
 * The trees a worker keeps for follow-up requests, one per slot (the query's tree, a sandwich's
 * two halves): a newer tree in a slot retires the older one's handle, so memory holds only what
 * is on screen, and a request for a retired handle is answered "superseded".
 */
export class TreeStore {
  // Each worker starts somewhere else, so a handle from a tab's earlier worker (before a stop and
  // a reload) never names a tree of its new one.
  private nextHandle = 1 + Math.floor(Math.random() * 2 ** 30);
  private readonly handleOfSlot = new Map<string, TreeHandle>();
  private readonly trees = new Map<TreeHandle, CallTree>();
  private readonly diffs = new Map<TreeHandle, DiffTree>();

  /** `diff`: the comparison a diff graph's tree was sized from (its layouts carry both sides' weights). */
  put(slot: string, tree: CallTree, diff?: DiffTree): TreeHandle {
    const old = this.handleOfSlot.get(slot);
    if (old !== undefined) {
      this.trees.delete(old);
      this.diffs.delete(old);
    }
    const handle = this.nextHandle++;
    this.handleOfSlot.set(slot, handle);
    this.trees.set(handle, tree);
    if (diff) this.diffs.set(handle, diff);
    return handle;
  }

  diffOf(handle: TreeHandle): DiffTree | undefined {
    return this.diffs.get(handle);
  }

  get(handle: TreeHandle): CallTree {
    const tree = this.trees.get(handle);
    if (!tree) throw new EngineError('superseded', 'the graph this request was for has been replaced by a newer one');
    return tree;
  }
}
