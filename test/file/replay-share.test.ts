import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SpanShare } from '../../adapters/file/replay/balance';

/** Per-event costs in ms: reading and folding here, folding a worker's, reading there. */
const costsArb = fc.record({
  own: fc.double({ min: 0.001, max: 0.01, noNaN: true }),
  fold: fc.double({ min: 0.0001, max: 0.001, noNaN: true }),
  worker: fc.double({ min: 0.001, max: 0.01, noNaN: true }),
});

describe('SpanShare', () => {
  it('alternates the spans until all three costs are measured', () => {
    const share = new SpanShare();
    share.ownSpan(100, 0.5);
    const plan = Array.from({ length: 8 }, () => share.toWorker());
    expect(plan).toEqual([false, true, false, true, false, true, false, true]);
  });

  it('settles on the share that keeps both threads busy, whatever the costs', () => {
    fc.assert(
      fc.property(costsArb, fc.integer({ min: 1, max: 10_000 }), (cost, events) => {
        const share = new SpanShare();
        for (let k = 0; k < 20; k++) {
          share.ownSpan(events, cost.own * events);
          share.workerSpan(events, cost.fold * events, cost.worker * events);
        }
        const w = share.share;
        const balanced = cost.own / (cost.worker + cost.own - cost.fold);
        expect(w).toBeCloseTo(Math.min(0.95, Math.max(0.05, balanced)), 6);
        if (balanced > 0.05 && balanced < 0.95) {
          // The worker's reading takes as long as this thread's reading and folding.
          const here = (1 - w) * cost.own + w * cost.fold;
          expect(w * cost.worker).toBeCloseTo(here, 9);
        }
      }),
    );
  });

  it('follows costs that change, and ignores measures that cannot be', () => {
    const share = new SpanShare();
    share.ownSpan(1000, 4);
    share.workerSpan(1000, 0.5, 4);
    const even = share.share;
    expect(even).toBeCloseTo(4 / 7.5, 6);
    // The worker slows down: it is given less.
    for (let k = 0; k < 30; k++) share.workerSpan(1000, 0.5, 8);
    expect(share.share).toBeCloseTo(4 / 11.5, 3);
    const before = share.share;
    share.workerSpan(0, 1, 1);
    share.workerSpan(10, Number.NaN, Number.NaN);
    share.ownSpan(10, -1);
    expect(share.share).toBe(before);
  });

  it('spreads its share evenly over the spans it plans', () => {
    fc.assert(
      fc.property(costsArb, fc.integer({ min: 1, max: 500 }), (cost, spans) => {
        const share = new SpanShare();
        share.ownSpan(1, cost.own);
        share.workerSpan(1, cost.fold, cost.worker);
        const w = share.share;
        let given = 0;
        for (let k = 1; k <= spans; k++) {
          if (share.toWorker()) given++;
          // Never more than one span off the share, at any point of the plan.
          expect(Math.abs(given - k * w)).toBeLessThanOrEqual(1);
        }
      }),
    );
  });
});
