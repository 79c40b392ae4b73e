import { describe, expect, it } from 'vitest';
import { Complaint, clockOf, DAY, evaluate, HOUR, ms } from './helpers';

/**
 * POLICY.md's time table, written out here independently of the policy value: for every
 * row, the step done 1 ms before its limit is met and 1 ms after it is breached.
 */

// Monday 2026-03-02 09:00 in Shanghai.
const T0 = ms('2026-03-02T01:00:00.000Z');
const CLASSIFIED = T0 + 30 * 60_000;

type Steps = (c: Complaint, at: (n: number) => number) => void;

interface Row {
  readonly complaintClass: string;
  readonly step: string;
  /** Builds the complaint up to the step's anchor and returns the anchor time. */
  readonly before: (c: Complaint) => number;
  /** Due time from the anchor. */
  readonly due: (anchor: number) => number;
  /** Completes the step at `at`. */
  readonly complete: (c: Complaint, at: number) => void;
}

const start = (id: string, cls: string): Complaint =>
  new Complaint(id).receive(T0).classify(CLASSIFIED, cls);

const hours = (h: number) => (anchor: number) => anchor + h * HOUR;
// 2026 has no daylight saving in Shanghai: ten calendar days are 240 hours.
const tenDays = (anchor: number) => anchor + 10 * DAY;

/** Walk a class through its steps, one hour apart, starting an hour after receipt. */
const walk: Record<string, Steps> = {
  invalid: (c, at) => {
    c.verify(at(1)).explain(at(2));
  },
  general: (c, at) => {
    c.verify(at(1)).negotiate(at(2)).sign(at(3));
  },
  generalServiceQuality: (c, at) => {
    c.verify(at(1))
      .draft(at(2))
      .issue(at(3), 'N-1', at(20))
      .inspect(at(4), 'N-1', 'passed')
      .accept(at(5));
  },
  majorServiceQuality: (c, at) => {
    c.verify(at(1))
      .report(at(2))
      .negotiate(at(3))
      .issue(at(4), 'N-1', at(20))
      .inspect(at(5), 'N-1', 'passed')
      .accept(at(6));
  },
};

const hourly = (n: number) => T0 + n * HOUR;

const closeRow = (cls: string): Row => ({
  complaintClass: cls,
  step: 'close',
  before: (c) => {
    walk[cls]!(c, hourly);
    return T0;
  },
  due: tenDays,
  complete: (c, at) => c.close(at),
});

const revisitRow = (cls: string): Row => ({
  complaintClass: cls,
  step: 'revisit',
  before: (c) => {
    walk[cls]!(c, hourly);
    c.close(hourly(10));
    return hourly(10);
  },
  // Closed 2026-03-02 19:00 Shanghai: one month later is 2026-04-02 19:00 Shanghai.
  due: () => ms('2026-04-02T11:00:00.000Z'),
  complete: (c, at) => c.revisit(at),
});

const rows: Row[] = [
  // invalid
  {
    complaintClass: 'invalid',
    step: 'verify',
    before: () => T0,
    due: hours(24),
    complete: (c, at) => c.verify(at),
  },
  {
    complaintClass: 'invalid',
    step: 'explain',
    before: (c) => {
      c.verify(hourly(3));
      return hourly(3);
    },
    due: hours(24),
    complete: (c, at) => c.explain(at),
  },
  closeRow('invalid'),
  revisitRow('invalid'),
  // general
  {
    complaintClass: 'general',
    step: 'verify',
    before: () => T0,
    due: hours(48),
    complete: (c, at) => c.verify(at),
  },
  {
    complaintClass: 'general',
    step: 'negotiate',
    before: (c) => {
      c.verify(hourly(5));
      return hourly(5);
    },
    due: hours(48),
    complete: (c, at) => c.negotiate(at),
  },
  {
    complaintClass: 'general',
    step: 'sign',
    before: (c) => {
      c.verify(hourly(1)).negotiate(hourly(2));
      return hourly(2);
    },
    due: hours(24),
    complete: (c, at) => c.sign(at),
  },
  closeRow('general'),
  revisitRow('general'),
  // general service quality
  {
    complaintClass: 'generalServiceQuality',
    step: 'verify',
    before: () => T0,
    due: hours(24),
    complete: (c, at) => c.verify(at),
  },
  {
    complaintClass: 'generalServiceQuality',
    step: 'draftSolution',
    before: (c) => {
      c.verify(hourly(2));
      return hourly(2);
    },
    due: hours(24),
    complete: (c, at) => c.draft(at),
  },
  {
    complaintClass: 'generalServiceQuality',
    step: 'issueNotice',
    before: (c) => {
      c.verify(hourly(1)).draft(hourly(2));
      return hourly(2);
    },
    due: hours(24),
    complete: (c, at) => c.issue(at, 'N-1', at + 72 * HOUR),
  },
  {
    complaintClass: 'generalServiceQuality',
    step: 'rectify:N-1',
    before: (c) => {
      c.verify(hourly(1))
        .draft(hourly(2))
        .issue(hourly(3), 'N-1', hourly(3) + 5 * DAY);
      return hourly(3);
    },
    due: (anchor) => anchor + 5 * DAY,
    complete: (c, at) => c.inspect(at, 'N-1', 'passed'),
  },
  closeRow('generalServiceQuality'),
  revisitRow('generalServiceQuality'),
  // major service quality
  {
    complaintClass: 'majorServiceQuality',
    step: 'verify',
    before: () => T0,
    due: hours(24),
    complete: (c, at) => c.verify(at),
  },
  {
    complaintClass: 'majorServiceQuality',
    step: 'report',
    before: (c) => {
      c.verify(hourly(4)); // 13:00 Shanghai
      return hourly(4);
    },
    // The same day: before midnight of 2026-03-02 in Shanghai.
    due: () => ms('2026-03-02T16:00:00.000Z'),
    complete: (c, at) => c.report(at),
  },
  {
    complaintClass: 'majorServiceQuality',
    step: 'negotiate',
    before: (c) => {
      c.verify(hourly(1)).report(hourly(2));
      return hourly(1);
    },
    due: hours(48),
    complete: (c, at) => c.negotiate(at),
  },
  {
    complaintClass: 'majorServiceQuality',
    step: 'issueNotice',
    before: (c) => {
      c.verify(hourly(1)).report(hourly(2)).negotiate(hourly(3));
      return hourly(3);
    },
    due: hours(24),
    complete: (c, at) => c.issue(at, 'N-1', at + 72 * HOUR),
  },
  {
    complaintClass: 'majorServiceQuality',
    step: 'rectify:N-1',
    before: (c) => {
      c.verify(hourly(1))
        .report(hourly(2))
        .negotiate(hourly(3))
        .issue(hourly(4), 'N-1', hourly(4) + 36 * HOUR);
      return hourly(4);
    },
    due: (anchor) => anchor + 36 * HOUR,
    complete: (c, at) => c.inspect(at, 'N-1', 'passed'),
  },
  closeRow('majorServiceQuality'),
  revisitRow('majorServiceQuality'),
];

describe('the POLICY.md time table, row by row', () => {
  for (const row of rows) {
    describe(`${row.complaintClass} / ${row.step}`, () => {
      const build = (offset: number) => {
        const c = start(
          `C-${row.complaintClass}-${row.step.replace(':', '-')}`,
          row.complaintClass,
        );
        const anchor = row.before(c);
        const due = row.due(anchor);
        row.complete(c, due + offset);
        return { c, anchor, due };
      };

      it('is met 1 ms before its limit', () => {
        const { c, anchor, due } = build(-1);
        const clock = clockOf(evaluate(c, due + 30 * DAY), row.step);
        expect(clock.startedAt).toBe(anchor);
        expect(clock.dueAt).toBe(due);
        expect(clock.state).toBe('met');
        expect(clock.breached).toBe(false);
        expect(clock.stoppedAt).toBe(due - 1);
      });

      it('is breached 1 ms after its limit, and stays breached', () => {
        const { c, due } = build(1);
        const clock = clockOf(evaluate(c, due + 1), row.step);
        expect(clock.state).toBe('breached');
        expect(clock.breached).toBe(true);
        expect(clock.overdueMs).toBe(1);
        expect(clockOf(evaluate(c, due + 400 * DAY), row.step).state).toBe('breached');
      });

      it('runs until its due time and is overdue just after, when not done', () => {
        const c = start(`C-open-${row.complaintClass}`, row.complaintClass);
        const anchor = row.before(c);
        const due = row.due(anchor);
        const atDue = clockOf(evaluate(c, due), row.step);
        expect(atDue.state).toBe('running');
        expect(atDue.remainingMs).toBe(0);
        const after = clockOf(evaluate(c, due + 1), row.step);
        expect(after.state).toBe('breached');
        expect(after.stoppedAt).toBeNull();
        expect(after.overdueMs).toBe(1);
      });
    });
  }
});
