import { describe, expect, it } from 'vitest';
import { hongchangPolicy, type Policy } from '../../src/index';
import {
  type ComplaintSla,
  explainClock,
  slaAsOf,
  slaPortfolio,
  slaQueries,
  whatIf,
} from '../../src/sla/index';
import { Complaint, clockOf, ctxOf, DAY, HOUR, ms, project, recordOf, toStored } from './helpers';
import { foldSla } from '../../src/sla/index';
import * as E from 'fp-ts/Either';

const T0 = ms('2026-03-02T01:00:00.000Z');

/** A small portfolio in two centres, evaluated at T0 + 50 h. */
const portfolio = () => [
  // general, verified in time; negotiation due at 58 h, at risk from 48.4 h
  new Complaint('A-1')
    .receive(T0, 'north')
    .classify(T0 + HOUR, 'general')
    .verify(T0 + 10 * HOUR),
  // general, never verified: overdue since 48 h
  new Complaint('A-2')
    .receive(T0, 'north')
    .classify(T0 + HOUR, 'general'),
  // invalid, verify overdue since 24 h
  new Complaint('A-3')
    .receive(T0, 'south')
    .classify(T0 + HOUR, 'invalid'),
  // major, verified late at 30 h (breached, stopped), report done
  new Complaint('A-4')
    .receive(T0, 'south')
    .classify(T0 + HOUR, 'majorServiceQuality')
    .verify(T0 + 30 * HOUR)
    .report(T0 + 31 * HOUR),
  // general received later: verify due at T0 + 58 h, at risk from T0 + 48.4 h
  new Complaint('A-5')
    .receive(T0 + 10 * HOUR, 'north')
    .classify(T0 + 11 * HOUR, 'general'),
];
const NOW = T0 + 50 * HOUR;

describe('portfolio queries', () => {
  const q = slaQueries(slaPortfolio(ctxOf(), project(portfolio()), NOW));

  it('overdue now, most overdue first', () => {
    expect(q.overdue().map((c) => c.id)).toEqual(['A-3/verify', 'A-2/verify']);
    expect(q.overdue({ centre: 'north' }).map((c) => c.id)).toEqual(['A-2/verify']);
  });

  it('due within N hours, soonest first', () => {
    expect(q.dueWithin(7).map((c) => c.id)).toEqual([]);
    expect(q.dueWithin(10).map((c) => c.id)).toEqual(['A-1/negotiate', 'A-5/verify']);
    expect(q.dueWithin(30).map((c) => c.id)).toEqual([
      'A-1/negotiate',
      'A-5/verify',
      'A-4/negotiate',
    ]);
  });

  it('at risk', () => {
    expect(q.atRisk().map((c) => c.id)).toEqual(['A-1/negotiate', 'A-5/verify']);
    expect(q.atRisk({ complaintClass: 'invalid' })).toEqual([]);
  });

  it('breached in a period, by the due time that was missed', () => {
    expect(
      q
        .breachedBetween(T0, T0 + 25 * HOUR)
        .map((c) => c.id)
        .sort(),
    ).toEqual(['A-3/verify', 'A-4/verify']);
    expect(q.breachedBetween(T0 + 25 * HOUR, NOW).map((c) => c.id)).toEqual(['A-2/verify']);
  });

  it('per centre and per class', () => {
    const byCentre = q.summaryBy('centre');
    expect(byCentre.map((s) => s.key)).toEqual(['north', 'south']);
    expect(byCentre.find((s) => s.key === 'north')).toMatchObject({ overdue: 1, atRisk: 2 });
    const byClass = q.summaryBy('complaintClass');
    expect(byClass.find((s) => s.key === 'majorServiceQuality')).toMatchObject({
      breached: 1,
      timelinessRate: 0.5,
    });
  });

  it('sorts by urgency: overdue, at risk, running, pending, finished', () => {
    const states = q
      .clocks()
      .map((c) =>
        c.state === 'breached' && c.stoppedAt === null ? 'overdue' : c.atRisk ? 'atRisk' : c.state,
      );
    const order = ['overdue', 'atRisk', 'running', 'pending', 'met', 'breached', 'cancelled'];
    const ranks = states.map((s) => Math.min(order.indexOf(s), 4));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  });
});

describe('explanations', () => {
  it('name the start event, the limit and its source, the intervals and the policy', () => {
    const projection = project(portfolio());
    const record = recordOf(projection, 'A-4');
    const x = explainClock(ctxOf(), record, 'verify', NOW)!;
    expect(x.clock.state).toBe('breached');
    expect(x.start).toMatchObject({ type: 'ComplaintReceived', at: T0, streamVersion: 1 });
    expect(x.stop).toMatchObject({ type: 'ComplaintVerified', at: T0 + 30 * HOUR });
    expect(x.rule).toMatchObject({
      complaintClass: 'majorServiceQuality',
      limit: { kind: 'hours', hours: 24 },
    });
    expect(x.rule.source).toContain('重大服务质量投诉');
    expect(x.calendar.counted).toEqual([{ from: T0, to: T0 + 24 * HOUR }]);
    expect(x.policy).toEqual({ id: hongchangPolicy.id, version: hongchangPolicy.version });
    expect(x.lines.join('\n')).toContain('Policy hongchang');
  });

  it('list pauses and working-time exclusions', () => {
    const policy: Policy = {
      ...hongchangPolicy,
      classes: {
        ...hongchangPolicy.classes,
        general: {
          ...hongchangPolicy.classes.general!,
          steps: hongchangPolicy.classes.general!.steps.map((r) =>
            r.step === 'verify'
              ? { ...r, pausable: true, limit: { kind: 'hours', hours: 16, clock: 'working' } }
              : r,
          ),
        },
      },
    };
    // Friday 27 Feb 2026 16:00 Shanghai; a wait Monday 10:00–12:00.
    const start = ms('2026-02-27T08:00:00.000Z');
    const c = new Complaint('X-1', policy)
      .receive(start)
      .classify(start + HOUR, 'general')
      .waitStart(ms('2026-03-02T02:00:00.000Z'))
      .waitEnd(ms('2026-03-02T04:00:00.000Z'));
    const x = explainClock(
      ctxOf(policy),
      recordOf(project([c]), 'X-1'),
      'verify',
      start + 5 * DAY,
    )!;
    expect(x.calendar.counts).toBe('working');
    expect(x.calendar.calendarVersion).toBe('chinese-days@1.5.7');
    expect(x.pauses).toMatchObject([
      { applied: true, countedMs: 2 * HOUR, started: { type: 'CustomerWaitStarted' } },
    ]);
    expect(x.calendar.excluded.some((e) => e.reason === 'weekend')).toBe(true);
    expect(x.calendar.excluded.some((e) => e.reason === 'paused')).toBe(true);
    const countedMs = x.calendar.counted.reduce((s, i) => s + i.to - i.from, 0);
    expect(countedMs).toBe(16 * HOUR);
  });

  it('are reproducible from the events alone', () => {
    const a = explainClock(ctxOf(), recordOf(project(portfolio()), 'A-2'), 'verify', NOW);
    const b = explainClock(ctxOf(), recordOf(project(portfolio()), 'A-2'), 'verify', NOW);
    expect(a).toEqual(b);
  });
});

describe('as of an instant', () => {
  it('uses only the events recorded by then, evaluated then', () => {
    // Verified at 20 h but recorded only at 30 h (entered late).
    const c = new Complaint('B-1')
      .receive(T0)
      .classify(T0 + HOUR, 'invalid')
      .verify(T0 + 20 * HOUR);
    c.events[2]!.recordedAt = T0 + 30 * HOUR;
    const projection = project([c]);
    const at = (t: number) => clockOf(slaAsOf(ctxOf(), projection, t)[0] as ComplaintSla, 'verify');
    expect(at(T0 + 25 * HOUR).state).toBe('breached');
    expect(at(T0 + 31 * HOUR).state).toBe('met');
    expect(slaAsOf(ctxOf(), projection, T0 - 1)).toEqual([]);
  });
});

describe('what-if under another policy', () => {
  it('lists the clocks that change verdict and by how much', () => {
    const stricter: Policy = {
      ...hongchangPolicy,
      version: 'stricter',
      classes: {
        ...hongchangPolicy.classes,
        general: {
          ...hongchangPolicy.classes.general!,
          steps: hongchangPolicy.classes.general!.steps.map((r) =>
            r.step === 'verify' ? { ...r, limit: { kind: 'hours', hours: 24 } } : r,
          ),
        },
      },
    };
    const projection = project(portfolio());
    const report = whatIf(projection, ctxOf(), ctxOf(stricter), NOW);
    const byId = new Map(report.changed.map((d) => [d.id, d]));
    // A-5 verify: running at 50 h under 48 h, breached under 24 h.
    expect(byId.get('A-5/verify')).toMatchObject({
      verdictChanged: true,
      dueShiftMs: -24 * HOUR,
      before: { state: 'running' },
      after: { state: 'breached' },
    });
    // A-1 verified at 10 h: met either way, due moved by 24 h.
    expect(byId.get('A-1/verify')).toMatchObject({ verdictChanged: false, dueShiftMs: -24 * HOUR });
    expect(report.newlyBreached).toBe(1);
    expect(report.after.policy).toBe('hongchang@stricter');
    expect(byId.has('A-3/verify')).toBe(false);
  });

  it('is empty for the same policy', () => {
    const folded = foldSla(toStored(portfolio()));
    if (E.isLeft(folded)) throw new Error('fold');
    const report = whatIf(folded.right, ctxOf(), ctxOf(), NOW);
    expect(report.changed).toEqual([]);
    expect(report.unchanged).toBeGreaterThan(10);
  });
});
