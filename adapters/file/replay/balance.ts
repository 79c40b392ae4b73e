/**
 * How a replay with one worker shares the spans between the two threads. This thread reads
 * its own spans (cost `own` per event: reading and folding) and folds the worker's (cost
 * `fold` per event); the worker reads its spans (cost `worker` per event). Both are busy
 * all the time when the worker's share of the events, w, makes their work equal:
 *
 *   w · worker = (1 − w) · own + w · fold,  so  w = own / (worker + own − fold).
 *
 * The costs are measured as the replay goes (each thread's busy time over its spans, which
 * includes whatever slows it with both running), so the share follows the machine rather
 * than a guess; until all three are known the spans alternate.
 */
export class SpanShare {
  private current = 0.5;
  private credit = 0;
  private readonly cost = { own: Number.NaN, fold: Number.NaN, worker: Number.NaN };

  /** The worker's share of the spans, kept within [MIN, MAX]. */
  get share(): number {
    return this.current;
  }

  /** Whether the next span to plan goes to the worker (spreading its share evenly). */
  toWorker(): boolean {
    this.credit += this.current;
    if (this.credit < 1) return false;
    this.credit -= 1;
    return true;
  }

  /** This thread read and folded a span of `events` in `ms`. */
  ownSpan(events: number, ms: number): void {
    this.learn('own', events, ms);
  }

  /**
   * This thread folded a worker's span of `events` in `foldMs` (its time, waits left out),
   * which the worker read in `workerMs` of its own.
   */
  workerSpan(events: number, foldMs: number, workerMs: number): void {
    this.learn('fold', events, foldMs);
    this.learn('worker', events, workerMs);
  }

  private learn(which: keyof SpanShare['cost'], events: number, ms: number): void {
    if (events <= 0 || !(ms >= 0)) return;
    const perEvent = ms / events;
    const last = this.cost[which];
    this.cost[which] = Number.isNaN(last) ? perEvent : last + SMOOTHING * (perEvent - last);
    const { own, fold, worker } = this.cost;
    const split = own / (worker + own - fold);
    // NaN (a cost not yet measured) or a measure gone wrong leaves the share as it was.
    if (split > 0 && Number.isFinite(split)) this.current = Math.min(MAX, Math.max(MIN, split));
  }
}

/** Weight of the latest measure in each cost (the rest is the costs measured before). */
const SMOOTHING = 0.3;
const MIN = 0.05;
const MAX = 0.95;
