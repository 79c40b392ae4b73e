import * as E from 'fp-ts/Either';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldSla, SlaProjection, slaAsOf, slaPortfolio } from '../../src/sla/index';
import { historyArb } from './arbitraries';
import { ctxOf, DAY } from './helpers';

const RUNS = Number(process.env.FC_RUNS ?? 60);

const fold = (events: Parameters<typeof foldSla>[0]) => {
  const result = foldSla(events);
  if (E.isLeft(result)) throw new Error(result.left.cause.message);
  return result.right;
};

/** An instant within (or a little past) the history. */
const nowArb = fc.double({ min: 0, max: 1.2, noNaN: true });
const pick = (g: { first: number; last: number }, f: number) =>
  Math.round(g.first + f * (g.last - g.first + 2 * DAY));

describe('SLA projection properties', () => {
  it('a clock is breached iff its stop (or now, or its cancellation) is after its due time', () => {
    fc.assert(
      fc.property(historyArb(), nowArb, (g, f) => {
        const now = pick(g, f);
        const ctx = ctxOf(g.policy);
        for (const sla of slaPortfolio(ctx, fold(g.events), now))
          for (const clock of sla.clocks) {
            if (clock.startedAt === null || clock.dueAt === null) {
              expect(clock.breached).toBe(false);
              continue;
            }
            const end = Math.min(
              clock.stoppedAt ?? now,
              clock.cancelled?.at ?? Number.POSITIVE_INFINITY,
            );
            expect(clock.breached).toBe(end > clock.dueAt);
            if (clock.state === 'breached') expect(clock.breached).toBe(true);
            if (clock.state === 'met' || clock.state === 'running')
              expect(clock.breached).toBe(false);
          }
      }),
      { numRuns: RUNS },
    );
  });

  it('a breach stays: as time passes after the known events, no clock is un-breached', () => {
    fc.assert(
      fc.property(historyArb(), nowArb, nowArb, (g, f1, f2) => {
        const instant = (f: number) => g.last + Math.round(f * 30 * DAY);
        const [a, b] = [instant(Math.min(f1, f2)), instant(Math.max(f1, f2))];
        const ctx = ctxOf(g.policy);
        const projection = fold(g.events);
        const later = new Map(
          slaPortfolio(ctx, projection, b).flatMap((s) => s.clocks.map((c) => [c.id, c])),
        );
        for (const sla of slaPortfolio(ctx, projection, a))
          for (const clock of sla.clocks)
            if (clock.breached) expect(later.get(clock.id)?.breached).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('replay is deterministic', () => {
    fc.assert(
      fc.property(historyArb(), nowArb, (g, f) => {
        const now = pick(g, f);
        const ctx = ctxOf(g.policy);
        expect(slaPortfolio(ctx, fold(g.events), now)).toEqual(
          slaPortfolio(ctx, fold(g.events), now),
        );
      }),
      { numRuns: RUNS },
    );
  });

  it('incremental application (with queries and re-deliveries between) equals a rebuild', () => {
    fc.assert(
      fc.property(historyArb(), fc.array(fc.nat(), { maxLength: 10 }), nowArb, (g, cuts, f) => {
        const now = pick(g, f);
        const ctx = ctxOf(g.policy);
        const live = new SlaProjection();
        const marks = new Set(cuts.map((c) => c % (g.events.length + 1)));
        g.events.forEach((e, i) => {
          expect(live.apply(e)).toBeUndefined();
          if (marks.has(i)) {
            slaPortfolio(ctx, live, now);
            // A runner may deliver an event again: it must not count twice.
            live.apply(g.events[Math.max(0, i - 1)]!);
          }
        });
        expect(live.position).toBe(g.events.length);
        expect(slaPortfolio(ctx, live, now)).toEqual(slaPortfolio(ctx, fold(g.events), now));
      }),
      { numRuns: RUNS },
    );
  });

  it('"as of" an instant equals evaluating the store cut at that instant', () => {
    fc.assert(
      fc.property(historyArb(), nowArb, (g, f) => {
        const t = pick(g, f);
        const ctx = ctxOf(g.policy);
        const cut = g.events.filter((e) => Date.parse(e.recordedAt) <= t);
        expect(slaAsOf(ctx, fold(g.events), t)).toEqual(slaPortfolio(ctx, fold(cut), t));
      }),
      { numRuns: RUNS },
    );
  });
});
