import * as E from 'fp-ts/Either';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMPLAINT_STREAM_PREFIX } from '../../src/complaint/vocabulary';
import type { Policy, StoredEvent } from '../../src/index';
import { foldSla, slaPortfolio } from '../../src/sla/index';
import { type Generated, historyArb } from './arbitraries';
import { ctxOf, DAY } from './helpers';

const RUNS = Number(process.env.FC_RUNS ?? 60);

const fold = (events: readonly StoredEvent[]) => {
  const result = foldSla(events);
  if (E.isLeft(result)) throw new Error(result.left.cause.message);
  return result.right;
};

const nowArb = fc.double({ min: 0, max: 1.2, noNaN: true });
const pick = (g: Generated, f: number) => Math.round(g.first + f * (g.last - g.first + 2 * DAY));

/** Escalation time (domain) by complaint id. */
const escalations = (events: readonly StoredEvent[]): Map<string, number> => {
  const out = new Map<string, number>();
  for (const e of events)
    if (e.type === 'EscalatedToCoordinationMeeting')
      out.set(
        e.streamId.slice(COMPLAINT_STREAM_PREFIX.length),
        Date.parse((e.data as { at: string }).at),
      );
  return out;
};

const settlesNothing = (policy: Policy): Policy => ({
  ...policy,
  version: `${policy.version}-settles-nothing`,
  classes: Object.fromEntries(
    Object.entries(policy.classes).map(([id, cls]) => [
      id,
      { ...cls, coordinationMeetingSettles: [] },
    ]),
  ),
});

describe('SLA clocks and the coordination meeting (properties)', () => {
  it('once escalated, a step the class in force lets the meeting settle never runs, and ends by the settlement', () => {
    fc.assert(
      fc.property(historyArb(), nowArb, (g, f) => {
        const now = pick(g, f);
        const ctx = ctxOf(g.policy);
        const escalated = escalations(g.events);
        for (const sla of slaPortfolio(ctx, fold(g.events), now))
          for (const clock of sla.clocks) {
            const at = escalated.get(sla.complaintId);
            if (at === undefined) {
              expect(clock.settledAt).toBeNull();
              continue;
            }
            // Clocks of a class the complaint left are not the meeting's business.
            if (clock.cancelled?.reason === 'reclassified') continue;
            const cls = g.policy.classes[clock.complaintClass];
            if (!cls?.coordinationMeeting || !cls.coordinationMeetingSettles?.includes(clock.step))
              continue;
            expect(clock.state).not.toBe('running');
            // Stopped: met or breached once started (pending before; a pending one the close
            // cancels). Cancelled: by the meeting.
            if (clock.settledAt !== null && ctx.settledByMeeting === 'cancelled')
              expect(clock.cancelled?.reason).toBe('settled');
            if (clock.settledAt !== null && ctx.settledByMeeting === 'stopped')
              expect(clock.cancelled?.reason ?? 'none').not.toBe('settled');
            if (clock.startedAt === null) continue;
            const end = Math.min(
              clock.stoppedAt ?? Number.POSITIVE_INFINITY,
              clock.cancelled?.at ?? Number.POSITIVE_INFINITY,
            );
            expect(end).toBeLessThanOrEqual(Math.max(clock.startedAt, at));
          }
      }),
      { numRuns: RUNS },
    );
  });

  it('complaints never escalated have the same clocks whatever the meeting would settle', () => {
    fc.assert(
      fc.property(historyArb(), nowArb, (g, f) => {
        const now = pick(g, f);
        const projection = fold(g.events);
        const escalated = escalations(g.events);
        const after = new Map(
          slaPortfolio(ctxOf(settlesNothing(g.policy)), projection, now).map((s) => [
            s.complaintId,
            s.clocks,
          ]),
        );
        for (const sla of slaPortfolio(ctxOf(g.policy), projection, now))
          if (!escalated.has(sla.complaintId))
            expect(after.get(sla.complaintId)).toEqual(sla.clocks);
      }),
      { numRuns: RUNS },
    );
  });
});
