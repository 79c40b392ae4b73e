import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { monthRange } from '../../src/centre/month';
import type { ComplaintEvent } from '../../src/complaint/events';
import { hongchangPolicy } from '../../src/policy/hongchang';
import { hongchangScoring } from '../../src/policy/hongchang-scoring';
import { DEDUCTION_CATEGORIES } from '../../src/policy/scoring';
import type { Candidate } from '../../src/scoring/deductions';
import { centreIndicators } from '../../src/scoring/indicators';
import { monthBounds } from '../../src/scoring/month-zone';
import { allocate, monthlyScore, monthlyScores } from '../../src/scoring/score';
import { toCents } from '../../src/scoring/settings';
import type { ScoringView } from '../../src/scoring/view';
import type { StoredEvent } from '../../src/store/envelope';
import { lifecycle } from '../../src/testing/arbitraries/lifecycle';
import { envelopes, project, viewOf } from './helpers';

const RUNS = Number(process.env.SCORING_NUM_RUNS ?? 25);
const MONTHS = monthRange('2026-01', '2026-05');
const CENTRES = ['north', 'south'] as const;
const window = { from: '2026-01-01T00:00:00.000Z', to: '2026-03-20T00:00:00.000Z' };
const NOW_MIN = Date.parse('2026-02-15T00:00:00Z');
const NOW_MAX = Date.parse('2026-06-01T00:00:00Z');

/** One complaint's events under the default policy, received at one of two centres. */
const complaint = (id: string) =>
  fc
    .tuple(
      lifecycle(hongchangPolicy, { window, maxGapHours: 72, complaintId: fc.constant(id) }),
      fc.constantFrom(...CENTRES),
    )
    .map(([life, centre]) => ({
      complaintId: id,
      events: life.events.map(
        (e): ComplaintEvent =>
          e.type === 'ComplaintReceived' ? { ...e, data: { ...e.data, centre } } : e,
      ),
    }));

const portfolio = (prefix: string) =>
  fc
    .integer({ min: 1, max: 6 })
    .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => complaint(`${prefix}-${i}`))));

const allScores = (view: ScoringView) =>
  MONTHS.flatMap((m) => monthlyScores(view, m)).map((s) => ({ key: `${s.centre} ${s.month}`, s }));

describe('scoring properties', () => {
  it('adding a breach never raises a score (deductions in any order, any caps)', () => {
    const candidate = fc.record({
      category: fc.constantFrom(...DEDUCTION_CATEGORIES),
      complaintId: fc.constantFrom('A', 'B', 'C'),
      at: fc.integer({ min: 0, max: 1000 }),
      nominal: fc.integer({ min: 0, max: 800 }).map((c) => c / 100),
    });
    const cap = fc.option(
      fc.integer({ min: 0, max: 3000 }).map((c) => c / 100),
      { nil: null },
    );
    fc.assert(
      fc.property(
        fc.array(candidate, { maxLength: 25 }),
        candidate,
        fc.integer({ min: 0, max: 25 }),
        fc.record({
          perComplaint: cap,
          breach: cap,
          failedInspection: cap,
          missedRevisit: cap,
          repeatComplaint: cap,
          customerRefusal: cap,
        }),
        fc.integer({ min: 0, max: 90 }),
        (list, extra, where, caps, floor) => {
          const settings = { ...hongchangPolicy.scoring!, caps, floor };
          const asCandidate = (c: typeof extra): Candidate => ({
            ...c,
            centre: 'x',
            month: '2026-03',
            cause: {
              kind: 'event',
              complaintId: c.complaintId,
              event: {
                eventId: '',
                streamId: '',
                streamVersion: 1,
                position: c.at,
                type: 'T',
                at: c.at,
              },
            },
            reason: '',
          });
          const before = allocate(settings, 'x', '2026-03', list.map(asCandidate), true);
          const more = [...list];
          more.splice(Math.min(where, more.length), 0, { ...extra, category: 'breach' });
          const after = allocate(settings, 'x', '2026-03', more.map(asCandidate), true);
          expect(after.score).toBeLessThanOrEqual(before.score);
          expect(after.score).toBeGreaterThanOrEqual(floor);
        },
      ),
      { numRuns: RUNS * 8 },
    );
  });

  it('deducts the most the caps and the floor allow together (the minimum cut)', () => {
    const categories = DEDUCTION_CATEGORIES.slice(0, 3);
    const ids = ['A', 'B', 'C'];
    const cap = fc.option(fc.integer({ min: 0, max: 2000 }), { nil: null });
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            category: fc.constantFrom(...categories),
            complaintId: fc.constantFrom(...ids),
            nominal: fc.integer({ min: 0, max: 800 }),
          }),
          { maxLength: 25 },
        ),
        fc.tuple(cap, cap, cap, cap),
        fc.integer({ min: 0, max: 100 }),
        (items, [perComplaint, ...byCategory], floor) => {
          const caps = {
            perComplaint: perComplaint === null ? null : perComplaint / 100,
            breach: null,
            failedInspection: null,
            missedRevisit: null,
            repeatComplaint: null,
            customerRefusal: null,
            ...Object.fromEntries(
              categories.map((c, i) => [c, byCategory[i] == null ? null : byCategory[i] / 100]),
            ),
          };
          const settings = { ...hongchangScoring, caps, floor };
          const score = allocate(
            settings,
            'x',
            '2026-03',
            items.map(
              (c, n): Candidate => ({
                ...c,
                nominal: c.nominal / 100,
                centre: 'x',
                month: '2026-03',
                at: n,
                cause: {
                  kind: 'event',
                  complaintId: c.complaintId,
                  event: {
                    eventId: `${n}`,
                    streamId: '',
                    streamVersion: 1,
                    position: n,
                    type: 'T',
                    at: n,
                  },
                },
                reason: '',
              }),
            ),
            true,
          );
          // Max flow = min cut: for each set T of categories cut at their cap, each complaint
          // gives the lesser of its cap and its items outside T; the room above the floor bounds all.
          const limit = (c: number | null) => (c === null ? Number.POSITIVE_INFINITY : c);
          let most = toCents(settings.startingScore) - toCents(floor);
          for (let mask = 0; mask < 1 << categories.length; mask++) {
            const cut = (i: number) => ((mask >> i) & 1) === 1;
            let total = 0;
            categories.forEach((_, i) => {
              if (cut(i)) total += limit(byCategory[i] ?? null);
            });
            for (const id of ids) {
              const open = items
                .filter((c) => c.complaintId === id && !cut(categories.indexOf(c.category)))
                .reduce((t, c) => t + c.nominal, 0);
              total += Math.min(limit(perComplaint), open);
            }
            most = Math.min(most, total);
          }
          expect(toCents(score.deducted)).toBe(most);
          score.deductions.forEach((d, i) => {
            expect(d.points).toBeLessThanOrEqual(d.nominal);
            expect(d.cappedBy === null).toBe(toCents(d.points) === items[i]?.nominal);
          });
        },
      ),
      { numRuns: RUNS * 8 },
    );
  });

  it('adding a complaint, or letting time pass, never raises any centre’s score', () => {
    fc.assert(
      fc.property(
        portfolio('P'),
        complaint('EXTRA'),
        fc.integer({ min: NOW_MIN, max: NOW_MAX }),
        fc.integer({ min: 0, max: 40 * 86_400_000 }),
        (base, extra, now, later) => {
          const before = new Map(
            allScores(viewOf(envelopes(base), now)).map((x) => [x.key, x.s.score]),
          );
          for (const { key, s } of allScores(viewOf(envelopes([...base, extra]), now)))
            expect(s.score).toBeLessThanOrEqual(before.get(key) ?? s.startingScore);
          for (const { key, s } of allScores(viewOf(envelopes(base), now + later)))
            expect(s.score).toBeLessThanOrEqual(before.get(key) ?? s.startingScore);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('scores and indicators are the same on every replay, however the events are delivered', () => {
    fc.assert(
      fc.property(
        portfolio('P'),
        fc.integer({ min: NOW_MIN, max: NOW_MAX }),
        fc.array(fc.nat(), { maxLength: 200 }),
        (complaints, now, replays) => {
          const events = envelopes(complaints);
          const summary = (view: ScoringView) =>
            JSON.stringify(
              MONTHS.flatMap((m) =>
                view.centres.map((c) => [monthlyScore(view, c, m), centreIndicators(view, c, m)]),
              ),
            );
          const first = summary(viewOf(events, now));
          expect(summary(viewOf(events, now))).toBe(first);
          // A runner may deliver events again after a restart: they are ignored.
          const redelivered: StoredEvent[] = [];
          events.forEach((e, i) => {
            redelivered.push(e);
            const back = replays[i];
            if (back !== undefined && back % 3 === 0)
              redelivered.push(...events.slice(Math.max(0, i - (back % 5)), i + 1));
          });
          const projection = project(redelivered);
          expect(projection.position).toBe(events.length);
          expect(summary(viewOf(redelivered, now))).toBe(first);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('every deducted point has a cause, found in the events or the clocks', () => {
    fc.assert(
      fc.property(portfolio('P'), fc.integer({ min: NOW_MIN, max: NOW_MAX }), (complaints, now) => {
        const events = envelopes(complaints);
        const byId = new Map(events.map((e) => [e.eventId, e]));
        const view = viewOf(events, now);
        const clocks = new Map(view.clocks.map((c) => [c.id, c]));
        for (const { s } of allScores(view)) {
          const sum = s.deductions.reduce((t, d) => t + toCents(d.points), 0);
          expect(sum).toBe(toCents(s.deducted));
          expect(toCents(s.startingScore) - sum).toBe(toCents(s.score));
          const { start, end } = monthBounds(view.zone, s.month);
          for (const d of s.deductions) {
            expect(d.points).toBeLessThanOrEqual(d.nominal);
            expect(d.at >= start && d.at < end).toBe(true);
            if (d.cause.kind === 'clock') {
              const clock = clocks.get(d.cause.clockId);
              expect(clock?.breached).toBe(true);
              expect(clock?.breachedAt).toBe(d.at);
              expect(clock?.centre).toBe(s.centre);
              expect(d.category).toBe(clock?.step === 'revisit' ? 'missedRevisit' : 'breach');
            } else {
              const event = byId.get(d.cause.event.eventId);
              expect(event?.globalPosition).toBe(d.cause.event.position);
              expect(event?.type).toBe(
                {
                  repeatComplaint: 'ComplaintReceived',
                  failedInspection: 'RectificationInspected',
                  customerRefusal: 'CustomerRefused',
                }[d.category as 'repeatComplaint'],
              );
              expect(event?.streamId).toBe(`complaint-${d.complaintId}`);
            }
          }
        }
      }),
      { numRuns: RUNS },
    );
  });
});
