import { IntPairMap } from '../model/int-pair-map.js';

/** Past this many children, a node's children are found through a hash map, not its list. */
const MAX_LISTED_CHILDREN = 8;

/**
 * Tree nodes keyed by (parent node, function), created parent-before-child (parent[i] < i); node
 * 0 is the root. Every tree of the engine (the call tree, a sandwich's callers and callees) is
 * merged this way. Children are found by walking the parent's short child list (nodes made
 * moments ago, so in cache); only nodes with many children go through the hash map.
 */
export class TreeNodes {
  count = 1;
  parent: Int32Array;
  func: Int32Array;
  private firstChild: Int32Array;
  private nextSibling: Int32Array;
  private childCount: Int32Array;
  private readonly manyChildren = new IntPairMap(1024);

  constructor(capacity: number, rootFunc = -1) {
    const size = Math.max(16, capacity);
    this.parent = new Int32Array(size);
    this.func = new Int32Array(size);
    this.firstChild = new Int32Array(size).fill(-1);
    this.nextSibling = new Int32Array(size);
    this.childCount = new Int32Array(size);
    this.parent[0] = -1;
    this.func[0] = rootFunc;
  }

  /** The child of `parentNode` for `func`, made when missing. */
  child(parentNode: number, func: number): number {
    const { firstChild, nextSibling } = this;
    if (this.childCount[parentNode] <= MAX_LISTED_CHILDREN) {
      for (let c = firstChild[parentNode]; c >= 0; c = nextSibling[c]) if (this.func[c] === func) return c;
    } else {
      const found = this.manyChildren.get(parentNode, func);
      if (found >= 0) return found;
    }
    if (this.count === this.parent.length) this.grow();
    const node = this.count++;
    this.parent[node] = parentNode;
    this.func[node] = func;
    this.nextSibling[node] = this.firstChild[parentNode];
    this.firstChild[parentNode] = node;
    const children = ++this.childCount[parentNode];
    if (children === MAX_LISTED_CHILDREN + 1) {
      for (let c = this.firstChild[parentNode]; c >= 0; c = this.nextSibling[c]) this.manyChildren.getOrInsert(parentNode, this.func[c], c);
    } else if (children > MAX_LISTED_CHILDREN + 1) {
      this.manyChildren.getOrInsert(parentNode, func, node);
    }
    return node;
  }

  protected grow(): void {
    const size = this.parent.length * 2;
    const widen = (old: Int32Array, fill = 0) => {
      const next = new Int32Array(size).fill(fill);
      next.set(old);
      return next;
    };
    this.parent = widen(this.parent);
    this.func = widen(this.func);
    this.firstChild = widen(this.firstChild, -1);
    this.nextSibling = widen(this.nextSibling);
    this.childCount = widen(this.childCount);
  }
}

/** TreeNodes with each node's own weight, for the trees built from weights (a sandwich's). */
export class WeightedTreeNodes extends TreeNodes {
  self: Float64Array<ArrayBuffer>;

  constructor(capacity: number, rootFunc = -1) {
    super(capacity, rootFunc);
    this.self = new Float64Array(this.parent.length);
  }

  protected override grow(): void {
    super.grow();
    const self = new Float64Array(this.parent.length);
    self.set(this.self);
    this.self = self;
  }
}

/** WeightedTreeNodes with a second weight per node: a diff's base (`self` is its target). */
export class DiffTreeNodes extends WeightedTreeNodes {
  baseSelf: Float64Array<ArrayBuffer>;

  constructor(capacity: number, rootFunc = -1) {
    super(capacity, rootFunc);
    this.baseSelf = new Float64Array(this.parent.length);
  }

  protected override grow(): void {
    super.grow();
    const baseSelf = new Float64Array(this.parent.length);
    baseSelf.set(this.baseSelf);
    this.baseSelf = baseSelf;
  }
}
