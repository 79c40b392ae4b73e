import { DEDUCTION_CATEGORIES, type DeductionCategory } from '../policy/scoring';

/** One deduction as the caps see it: its complaint, its category and its nominal cents. */
export interface CapItem {
  readonly complaintId: string;
  readonly category: DeductionCategory;
  readonly nominal: number;
}

/** The limits of one centre and month, in cents; Infinity where there is none. */
export interface CapLimits {
  readonly perComplaint: number;
  readonly category: Readonly<Record<DeductionCategory, number>>;
  /** Start less floor: the most the month may deduct in all. */
  readonly room: number;
}

export interface CapResult {
  /** Cents deducted for each item, in the items' order. */
  readonly points: readonly number[];
  readonly cappedBy: readonly ('perComplaint' | 'category' | 'floor' | null)[];
}

/**
 * Residual network of source → complaint (per-complaint cap) → category (one edge per
 * item, its nominal) → month (category cap) → sink (room above the floor). Edge `e` and its
 * reverse `e ^ 1` are stored side by side.
 */
class Network {
  readonly to: number[] = [];
  readonly cap: number[] = [];
  readonly flow: number[] = [];
  readonly adj: number[][];
  constructor(nodes: number) {
    this.adj = Array.from({ length: nodes }, () => []);
  }
  edge(from: number, to: number, cap: number): number {
    const e = this.to.length;
    this.to.push(to, from);
    this.cap.push(cap, 0);
    this.flow.push(0, 0);
    this.adj[from]!.push(e);
    this.adj[to]!.push(e + 1);
    return e;
  }
  residual(e: number): number {
    return this.cap[e]! - this.flow[e]!;
  }
  push(e: number, amount: number): void {
    this.flow[e]! += amount;
    this.flow[e ^ 1]! -= amount;
  }
  /**
   * Push up to `limit` from `from` to `to` along shortest residual paths (Edmonds–Karp),
   * never through an edge of `blocked` (either direction). Returns what was pushed.
   */
  augment(from: number, to: number, limit: number, blocked: (e: number) => boolean): number {
    let pushed = 0;
    while (pushed < limit) {
      const via = new Array<number>(this.adj.length).fill(-1);
      const queue = [from];
      let reached = false;
      for (let q = 0; q < queue.length && !reached; q++) {
        const u = queue[q]!;
        for (const e of this.adj[u]!) {
          const v = this.to[e]!;
          if (v === from || via[v] !== -1 || this.residual(e) <= 0 || blocked(e)) continue;
          via[v] = e;
          if (v === to) {
            reached = true;
            break;
          }
          queue.push(v);
        }
      }
      if (!reached) break;
      const path: number[] = [];
      for (let v = to; v !== from; ) {
        const e = via[v] ?? -1;
        path.push(e);
        v = this.to[e ^ 1] ?? from;
      }
      const amount = Math.min(limit - pushed, ...path.map((e) => this.residual(e)));
      for (const e of path) this.push(e, amount);
      pushed += amount;
    }
    return pushed;
  }
}

const SOURCE = 0;
const MONTH = 1;
const SINK = 2;

/**
 * Share the month's deductions out under the caps. The month deducts the **most any
 * sharing allows** — each item at most its nominal points, each complaint at most
 * `perComplaint`, each category at most its cap, all together at most `room` — which is a
 * maximum flow, so one more item can never lower the total (the score is monotone).
 * Among the sharings that deduct that most, the earliest items come first
 * (lexicographically): the plain earliest-first greedy when it already reaches the most,
 * which is the usual case; otherwise later items are moved onto, so that an early item
 * keeps its points unless taking them would cost the month points in total.
 */
export const shareUnderCaps = (items: readonly CapItem[], limits: CapLimits): CapResult => {
  const complaintNode = new Map<string, number>();
  for (const i of items)
    if (!complaintNode.has(i.complaintId))
      complaintNode.set(i.complaintId, 3 + DEDUCTION_CATEGORIES.length + complaintNode.size);
  const categoryNode = (c: DeductionCategory) => 3 + DEDUCTION_CATEGORIES.indexOf(c);
  const net = new Network(3 + DEDUCTION_CATEGORIES.length + complaintNode.size);

  const roomEdge = net.edge(MONTH, SINK, Math.max(0, limits.room));
  const categoryEdge = new Map<DeductionCategory, number>();
  for (const c of DEDUCTION_CATEGORIES)
    categoryEdge.set(c, net.edge(categoryNode(c), MONTH, Math.max(0, limits.category[c])));
  const complaintEdge = new Map<string, number>();
  for (const [id, node] of complaintNode)
    complaintEdge.set(id, net.edge(SOURCE, node, Math.max(0, limits.perComplaint)));
  const itemEdge = items.map((i) =>
    net.edge(complaintNode.get(i.complaintId)!, categoryNode(i.category), Math.max(0, i.nominal)),
  );

  // Earliest first, each item as much as is left: the lexicographically first sharing.
  items.forEach((item, k) => {
    const path = [
      complaintEdge.get(item.complaintId)!,
      itemEdge[k]!,
      categoryEdge.get(item.category)!,
      roomEdge,
    ];
    const amount = Math.min(...path.map((e) => net.residual(e)));
    if (amount > 0) for (const e of path) net.push(e, amount);
  });

  // When the greedy left points the caps allow (an early item used up a cap a later one
  // needed less than the item's other cap), take them: now a maximum.
  const item = new Set(itemEdge.flatMap((e) => [e, e ^ 1]));
  if (net.augment(SOURCE, SINK, Number.POSITIVE_INFINITY, () => false) > 0) {
    // Then give each item in turn the most it can have while the total stays the maximum:
    // move points onto it around a cycle through its own edge, never through the edge of
    // an item already settled.
    const settled = new Set<number>();
    itemEdge.forEach((e) => {
      const more = net.residual(e);
      if (more > 0) {
        const back = net.augment(net.to[e]!, net.to[e ^ 1]!, more, (x) =>
          item.has(x) ? settled.has(x) || x === e || x === (e ^ 1) : false,
        );
        net.push(e, back);
      }
      settled.add(e);
      settled.add(e ^ 1);
    });
  }

  const points = itemEdge.map((e) => net.flow[e]!);
  const cappedBy = items.map((it, k) =>
    points[k]! >= it.nominal
      ? null
      : net.residual(roomEdge) <= 0
        ? ('floor' as const)
        : net.residual(categoryEdge.get(it.category)!) <= 0
          ? ('category' as const)
          : ('perComplaint' as const),
  );
  return { points, cappedBy };
};
