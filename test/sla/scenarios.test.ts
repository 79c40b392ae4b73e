import * as E from 'fp-ts/Either';
import { describe, expect, it } from 'vitest';
import { decodeCalendar } from '../../src/calendar/index';
import { hongchangPolicy, type Policy, type StepRule } from '../../src/index';
import {
  type ComplaintSla,
  complaintSla,
  type SlaContext,
  type SlaProjection,
  slaContext,
  whatIf,
} from '../../src/sla/index';
import { Complaint, clockOf, ctxOf, DAY, evaluate, HOUR, ms, project } from './helpers';

const complaintSlaOf = (ctx: SlaContext, projection: SlaProjection, id: string): ComplaintSla => {
  const sla = complaintSla(ctx, projection, id, ms('2026-04-01T00:00:00.000Z'));
  if (sla === undefined) throw new Error(`no complaint ${id}`);
  return sla;
};

const withRule = (
  policy: Policy,
  classId: string,
  step: string,
  patch: Partial<StepRule>,
): Policy => ({
  ...policy,
  version: `${policy.version}+${classId}.${step}`,
  classes: {
    ...policy.classes,
    [classId]: {
      ...policy.classes[classId]!,
      steps: policy.classes[classId]!.steps.map((r) => (r.step === step ? { ...r, ...patch } : r)),
    },
  },
});

describe('"the same day" ends at midnight in Asia/Shanghai', () => {
  // Verified 23:30 Shanghai on 2026-03-02 (15:30 UTC, still 2 March in UTC too).
  const verifiedAt = ms('2026-03-02T15:30:00.000Z');
  const major = (id: string) =>
    new Complaint(id)
      .receive(ms('2026-03-02T01:00:00.000Z'))
      .classify(ms('2026-03-02T02:00:00.000Z'), 'majorServiceQuality')
      .verify(verifiedAt);

  it('a report at 00:30 Shanghai on 3 March is late, though it is still 2 March in UTC', () => {
    const reportedAt = ms('2026-03-02T16:30:00.000Z');
    expect(new Date(reportedAt).getUTCDate()).toBe(2);
    const clock = clockOf(evaluate(major('SD-1').report(reportedAt), reportedAt), 'report');
    expect(clock.dueAt).toBe(ms('2026-03-02T16:00:00.000Z'));
    expect(clock.state).toBe('breached');
  });

  it('a report at 23:59:59.999 Shanghai is in time', () => {
    const reportedAt = ms('2026-03-02T15:59:59.999Z');
    expect(clockOf(evaluate(major('SD-2').report(reportedAt), reportedAt), 'report').state).toBe(
      'met',
    );
  });

  it('follows the policy zone, not the machine zone', () => {
    const previous = process.env.TZ;
    try {
      process.env.TZ = 'America/Los_Angeles';
      const clock = clockOf(evaluate(major('SD-3'), verifiedAt), 'report');
      expect(clock.dueAt).toBe(ms('2026-03-02T16:00:00.000Z'));
    } finally {
      process.env.TZ = previous;
    }
  });

  it('another policy zone moves the midnight', () => {
    const utcPolicy: Policy = { ...hongchangPolicy, timeZone: 'UTC' };
    const c = new Complaint('SD-4', utcPolicy)
      .receive(ms('2026-03-02T01:00:00.000Z'))
      .classify(ms('2026-03-02T02:00:00.000Z'), 'majorServiceQuality')
      .verify(verifiedAt);
    expect(clockOf(evaluate(c, verifiedAt), 'report').dueAt).toBe(ms('2026-03-03T00:00:00.000Z'));
  });
});

describe('re-classification', () => {
  // Received 2026-03-02 08:00 Shanghai; re-classified as major at 20:00 the same day.
  const T0 = ms('2026-03-02T00:00:00.000Z');
  const reclassifiedAt = T0 + 12 * HOUR;

  it('applies the new class limits from the original start: verified at 25 h is late for major', () => {
    const c = new Complaint('RC-1')
      .receive(T0)
      .classify(T0 + HOUR, 'general')
      .reclassify(reclassifiedAt, 'majorServiceQuality')
      .verify(T0 + 25 * HOUR);
    const sla = evaluate(c, T0 + 26 * HOUR);
    const verify = clockOf(sla, 'verify');
    expect(verify.complaintClass).toBe('majorServiceQuality');
    expect(verify.dueAt).toBe(T0 + 24 * HOUR);
    expect(verify.state).toBe('breached');

    const history = sla.history.find((h) => h.kind === 'reclassified');
    expect(history).toMatchObject({
      from: 'general',
      to: 'majorServiceQuality',
      at: reclassifiedAt,
    });
    if (history?.kind !== 'reclassified') throw new Error('no history');
    expect(history.changes).toContainEqual(
      expect.objectContaining({
        key: 'verify',
        change: 'dueChanged',
        dueBefore: T0 + 48 * HOUR,
        dueAfter: T0 + 24 * HOUR,
      }),
    );
    expect(history.changes).toContainEqual(
      expect.objectContaining({ key: 'sign', change: 'cancelled' }),
    );
    expect(history.changes).toContainEqual(
      expect.objectContaining({ key: 'report', change: 'added' }),
    );
  });

  it('the same history stays met as a general complaint', () => {
    const c = new Complaint('RC-2')
      .receive(T0)
      .classify(T0 + HOUR, 'general')
      .verify(T0 + 25 * HOUR);
    expect(clockOf(evaluate(c, T0 + 26 * HOUR), 'verify').state).toBe('met');
  });

  it('cancels the clocks the new class does not have', () => {
    const c = new Complaint('RC-3')
      .receive(T0)
      .classify(T0 + HOUR, 'general')
      .verify(T0 + 2 * HOUR)
      .negotiate(T0 + 3 * HOUR)
      .reclassify(T0 + 4 * HOUR, 'majorServiceQuality');
    const sla = evaluate(c, T0 + 5 * HOUR);
    const sign = clockOf(sla, 'sign');
    expect(sign.state).toBe('cancelled');
    expect(sign.cancelled).toEqual({ at: T0 + 4 * HOUR, reason: 'reclassified' });
    expect(sign.complaintClass).toBe('general');
    // Steps the major class adds start from their original anchors.
    expect(clockOf(sla, 'report').startedAt).toBe(T0 + 2 * HOUR);
    expect(clockOf(sla, 'issueNotice').startedAt).toBe(T0 + 3 * HOUR);
  });

  it('a breach that happened before a re-classification to a laxer class stands', () => {
    const c = new Complaint('RC-4')
      .receive(T0)
      .classify(T0 + HOUR, 'majorServiceQuality')
      .reclassify(T0 + 30 * HOUR, 'general')
      .verify(T0 + 31 * HOUR);
    const verify = clockOf(evaluate(c, T0 + 32 * HOUR), 'verify');
    expect(verify.state).toBe('breached');
    expect(verify.dueAt).toBe(T0 + 24 * HOUR);
    expect(verify.breachKeptFrom).toBe('majorServiceQuality');
  });

  it('a laxer class before the breach gives the longer limit', () => {
    const c = new Complaint('RC-5')
      .receive(T0)
      .classify(T0 + HOUR, 'majorServiceQuality')
      .reclassify(T0 + 20 * HOUR, 'general')
      .verify(T0 + 31 * HOUR);
    const verify = clockOf(evaluate(c, T0 + 32 * HOUR), 'verify');
    expect(verify.state).toBe('met');
    expect(verify.dueAt).toBe(T0 + 48 * HOUR);
  });
});

describe('rectification notices, each with its own clock', () => {
  const T0 = ms('2026-03-02T01:00:00.000Z');
  const upToNotice = (id: string) =>
    new Complaint(id)
      .receive(T0)
      .classify(T0 + HOUR, 'generalServiceQuality')
      .verify(T0 + 2 * HOUR)
      .draft(T0 + 3 * HOUR);

  it('a failed inspection ends a clock; the next notice starts another', () => {
    const c = upToNotice('RN-1')
      .issue(T0 + 4 * HOUR, 'N-1', T0 + 52 * HOUR)
      .inspect(T0 + 50 * HOUR, 'N-1', 'failed')
      .issue(T0 + 51 * HOUR, 'N-2', T0 + 99 * HOUR)
      .inspect(T0 + 100 * HOUR, 'N-2', 'failed')
      .issue(T0 + 101 * HOUR, 'N-3', T0 + 125 * HOUR);
    const sla = evaluate(c, T0 + 110 * HOUR);
    const n1 = clockOf(sla, 'rectify:N-1');
    expect(n1).toMatchObject({
      state: 'met',
      outcome: 'failed',
      startedAt: T0 + 4 * HOUR,
      dueAt: T0 + 52 * HOUR,
      stoppedAt: T0 + 50 * HOUR,
    });
    expect(clockOf(sla, 'rectify:N-2')).toMatchObject({
      state: 'breached',
      outcome: 'failed',
      dueAt: T0 + 99 * HOUR,
      overdueMs: HOUR,
    });
    expect(clockOf(sla, 'rectify:N-3')).toMatchObject({
      state: 'running',
      startedAt: T0 + 101 * HOUR,
      dueAt: T0 + 125 * HOUR,
      remainingMs: 15 * HOUR,
    });
    // Issuing the first notice completed the issueNotice step; later notices do not move it.
    expect(clockOf(sla, 'issueNotice').stoppedAt).toBe(T0 + 4 * HOUR);
  });

  it('before any notice, the rectify clock is pending', () => {
    const clock = clockOf(evaluate(upToNotice('RN-2'), T0 + 5 * HOUR), 'rectify');
    expect(clock.state).toBe('pending');
    expect(clock.dueAt).toBeNull();
  });
});

describe('customer refusal', () => {
  const T0 = ms('2026-03-02T01:00:00.000Z');
  const refused = (policy: Policy, id: string) =>
    new Complaint(id, policy)
      .receive(T0)
      .classify(T0 + HOUR, 'general')
      .verify(T0 + 2 * HOUR)
      .negotiate(T0 + 3 * HOUR)
      .sign(T0 + 4 * HOUR)
      .refuse(T0 + 100 * HOUR);

  it('newRound (default): reopened steps get new clocks from the refusal', () => {
    const sla = evaluate(
      refused(hongchangPolicy, 'RF-1').negotiate(T0 + 120 * HOUR),
      T0 + 121 * HOUR,
    );
    expect(clockOf(sla, 'negotiate').state).toBe('met');
    expect(clockOf(sla, 'negotiate@1')).toMatchObject({
      state: 'met',
      from: 'refusal',
      startedAt: T0 + 100 * HOUR,
      dueAt: T0 + 148 * HOUR,
    });
    // sign was reopened with negotiate: its new round counts from the new negotiation.
    expect(clockOf(sla, 'sign@1')).toMatchObject({
      state: 'running',
      from: 'negotiate',
      startedAt: T0 + 120 * HOUR,
    });
  });

  it('originalDue: reopened steps count to their first due time', () => {
    const policy: Policy = {
      ...hongchangPolicy,
      sla: { ...hongchangPolicy.sla, afterRefusal: 'originalDue' },
    };
    const sla = evaluate(refused(policy, 'RF-2'), T0 + 101 * HOUR);
    const negotiate = clockOf(sla, 'negotiate');
    expect(negotiate.dueAt).toBe(T0 + 50 * HOUR);
    expect(negotiate.state).toBe('breached');
    expect(sla.clocks.some((c) => c.key === 'negotiate@1')).toBe(false);
  });
});

describe('pauses while the centre waits on the customer', () => {
  const T0 = ms('2026-03-02T01:00:00.000Z');
  const pausable = withRule(hongchangPolicy, 'general', 'verify', { pausable: true });

  it('moves the due time by the paused time and keeps the original', () => {
    const c = new Complaint('P-1', pausable)
      .receive(T0)
      .classify(T0 + HOUR, 'general')
      .waitStart(T0 + 10 * HOUR)
      .waitEnd(T0 + 20 * HOUR)
      .verify(T0 + 57 * HOUR);
    const clock = clockOf(evaluate(c, T0 + 60 * HOUR), 'verify');
    expect(clock).toMatchObject({
      originalDueAt: T0 + 48 * HOUR,
      dueAt: T0 + 58 * HOUR,
      pausedMs: 10 * HOUR,
      state: 'met',
    });
  });

  it('an open wait pauses the clock: it does not breach while waiting', () => {
    const c = new Complaint('P-2', pausable)
      .receive(T0)
      .classify(T0 + HOUR, 'general')
      .waitStart(T0 + 40 * HOUR);
    const clock = clockOf(evaluate(c, T0 + 100 * HOUR), 'verify');
    expect(clock).toMatchObject({ state: 'running', paused: true, remainingMs: 8 * HOUR });
    expect(clock.dueAt).toBe(T0 + 108 * HOUR);
  });

  it('waiting after the due time does not undo a breach', () => {
    const c = new Complaint('P-3', pausable)
      .receive(T0)
      .classify(T0 + HOUR, 'general')
      .waitStart(T0 + 50 * HOUR)
      .waitEnd(T0 + 60 * HOUR);
    const clock = clockOf(evaluate(c, T0 + 61 * HOUR), 'verify');
    expect(clock).toMatchObject({ state: 'breached', dueAt: T0 + 48 * HOUR, pausedMs: 0 });
  });

  it('steps that are not pausable keep counting', () => {
    const c = new Complaint('P-4')
      .receive(T0)
      .classify(T0 + HOUR, 'general')
      .waitStart(T0 + 10 * HOUR)
      .waitEnd(T0 + 20 * HOUR);
    expect(clockOf(evaluate(c, T0 + 21 * HOUR), 'verify').dueAt).toBe(T0 + 48 * HOUR);
  });

  it('on working time, moves the due by the paused working time', () => {
    const policy = withRule(hongchangPolicy, 'general', 'verify', {
      pausable: true,
      limit: { kind: 'hours', hours: 16, clock: 'working' },
    });
    // Monday 2026-03-02 09:00 Shanghai. 16 working hours of 09:00–18:00: due Tuesday 16:00;
    // the pause Monday 17:00 → Tuesday 10:00 holds 2 working hours: due Tuesday 18:00.
    const c = new Complaint('P-5', policy)
      .receive(T0)
      .classify(T0 + HOUR, 'general')
      .waitStart(ms('2026-03-02T09:00:00.000Z'))
      .waitEnd(ms('2026-03-03T02:00:00.000Z'));
    const clock = clockOf(evaluate(c, ms('2026-03-03T03:00:00.000Z')), 'verify');
    expect(clock.counts).toBe('working');
    expect(clock.originalDueAt).toBe(ms('2026-03-03T08:00:00.000Z'));
    expect(clock.dueAt).toBe(ms('2026-03-03T10:00:00.000Z'));
    expect(clock.pausedMs).toBe(2 * HOUR);
  });
});

describe('the revisit clock: one month after closure', () => {
  // Closed 2026-01-31 10:00 Shanghai.
  const closed = ms('2026-01-31T02:00:00.000Z');
  const closedInvalid = (policy: Policy, id: string) =>
    new Complaint(id, policy)
      .receive(closed - 10 * HOUR)
      .classify(closed - 9 * HOUR, 'invalid')
      .verify(closed - 8 * HOUR)
      .explain(closed - 7 * HOUR)
      .close(closed);

  it('monthEnd clamp: 31 January → 28 February', () => {
    const clock = clockOf(evaluate(closedInvalid(hongchangPolicy, 'RV-1'), closed), 'revisit');
    expect(clock.startedAt).toBe(closed);
    expect(clock.dueAt).toBe(ms('2026-02-28T02:00:00.000Z'));
  });

  it('monthEnd overflow: 31 January → 3 March', () => {
    const policy: Policy = { ...hongchangPolicy, monthEnd: 'overflow' };
    const clock = clockOf(evaluate(closedInvalid(policy, 'RV-2'), closed), 'revisit');
    expect(clock.dueAt).toBe(ms('2026-03-03T02:00:00.000Z'));
  });

  it('is pending before closure', () => {
    const open = new Complaint('RV-3').receive(closed).classify(closed + HOUR, 'invalid');
    expect(clockOf(evaluate(open, closed + 2 * HOUR), 'revisit').state).toBe('pending');
  });
});

describe('holiday roll-forward (遇节假日顺延) on the China calendar', () => {
  const rolling = (roll: Policy['sla']) =>
    withRule({ ...hongchangPolicy, sla: roll }, 'general', 'verify', {
      limit: { kind: 'hours', hours: 24, rollToWorkingDay: true },
    });
  // Received 2026-09-30 10:00 Shanghai: 24 h later is 1 October, National Day.
  const T0 = ms('2026-09-30T02:00:00.000Z');
  const received = (policy: Policy, id: string) =>
    new Complaint(id, policy).receive(T0).classify(T0 + HOUR, 'general');

  it('a due time on a holiday moves to the next working day, same local time', () => {
    const clock = clockOf(evaluate(received(rolling(undefined), 'HR-1'), T0), 'verify');
    // 1–7 October are holidays in 2026; 8 October (Thursday) is a working day.
    expect(clock.dueAt).toBe(ms('2026-10-08T02:00:00.000Z'));
    expect(clock.provisional).toBe(false);
  });

  it('or to the close of its working hours (rollForwardTo: endOfWorkingDay)', () => {
    const policy = rolling({ rollForwardTo: 'endOfWorkingDay' });
    const clock = clockOf(evaluate(received(policy, 'HR-2'), T0), 'verify');
    expect(clock.dueAt).toBe(ms('2026-10-08T10:00:00.000Z'));
  });

  it('without rollToWorkingDay the due stays on the holiday', () => {
    expect(clockOf(evaluate(received(hongchangPolicy, 'HR-3'), T0), 'verify').dueAt).toBe(
      T0 + 48 * HOUR,
    );
  });

  it('counts make-up working days (调休): Saturday 10 October 2026 is a working day', () => {
    const policy = withRule(hongchangPolicy, 'general', 'verify', {
      limit: { kind: 'hours', hours: 8, clock: 'working' },
    });
    // Friday 9 October 14:00: 4 h that day, then 4 h on the make-up Saturday → 13:00.
    const friday = ms('2026-10-09T06:00:00.000Z');
    const c = new Complaint('HR-4', policy).receive(friday).classify(friday + HOUR, 'general');
    expect(clockOf(evaluate(c, friday), 'verify').dueAt).toBe(ms('2026-10-10T05:00:00.000Z'));
  });

  it('working days skip the Spring Festival holiday', () => {
    const policy = withRule(hongchangPolicy, 'general', 'close', {
      limit: { kind: 'days', days: 2, clock: 'working' },
    });
    // Friday 13 Feb 2026 10:00; Sat 14 Feb is a make-up day; 15–23 Feb are holidays.
    const friday = ms('2026-02-13T02:00:00.000Z');
    const c = new Complaint('HR-5', policy).receive(friday).classify(friday + HOUR, 'general');
    // 8 h Friday (10:00–18:00) + 9 h Saturday + 1 h on Tuesday 24 Feb → 10:00.
    expect(clockOf(evaluate(c, friday), 'close').dueAt).toBe(ms('2026-02-24T02:00:00.000Z'));
  });
});

describe('coverage horizon of the calendar data', () => {
  const policy = withRule(hongchangPolicy, 'general', 'verify', {
    limit: { kind: 'hours', hours: 24, rollToWorkingDay: true },
  });

  it('a deadline past the data (2027) is provisional, not silently an ordinary day', () => {
    // 31 Dec 2026 10:00 Shanghai + 24 h = 1 Jan 2027, a day chinese-days 1.5.7 does not know.
    const T0 = ms('2026-12-31T02:00:00.000Z');
    const c = new Complaint('CH-1', policy).receive(T0).classify(T0 + HOUR, 'general');
    const clock = clockOf(evaluate(c, T0), 'verify');
    expect(clock.provisional).toBe(true);
    expect(clock.uncoveredDates).toContain('2027-01-01');
  });

  it('a deadline inside the data is not provisional', () => {
    const T0 = ms('2026-12-01T02:00:00.000Z');
    const c = new Complaint('CH-2', policy).receive(T0).classify(T0 + HOUR, 'general');
    expect(clockOf(evaluate(c, T0), 'verify').provisional).toBe(false);
  });

  it('calendar-time clocks never consult the calendar, so are never provisional', () => {
    const T0 = ms('2030-06-01T02:00:00.000Z');
    const c = new Complaint('CH-3').receive(T0).classify(T0 + HOUR, 'general');
    const sla = evaluate(c, T0);
    expect(sla.clocks.every((k) => !k.provisional)).toBe(true);
    expect(clockOf(sla, 'close').dueAt).toBe(T0 + 10 * DAY);
  });
});

describe('at risk', () => {
  const T0 = ms('2026-03-02T01:00:00.000Z');
  const c = new Complaint('AR-1').receive(T0).classify(T0 + HOUR, 'general');

  it('turns at risk when 80% of the allowed time is used', () => {
    const verifyAt = (now: number) => clockOf(evaluate(c, now), 'verify');
    const atRiskAt = T0 + 0.8 * 48 * HOUR;
    expect(verifyAt(atRiskAt - 1).atRisk).toBe(false);
    expect(verifyAt(atRiskAt).atRisk).toBe(true);
    expect(verifyAt(atRiskAt).atRiskAt).toBe(atRiskAt);
    expect(verifyAt(T0 + 48 * HOUR + 1).atRisk).toBe(false);
  });

  it('uses the policy share', () => {
    const ctx = ctxOf({ ...hongchangPolicy, atRiskShare: 0.5 });
    expect(clockOf(evaluate(c, T0 + 24 * HOUR, ctx), 'verify').atRisk).toBe(true);
    expect(clockOf(evaluate(c, T0 + 24 * HOUR - 1, ctx), 'verify').atRisk).toBe(false);
  });
});

describe('users supply their own calendar', () => {
  const policy: Policy = {
    ...withRule(hongchangPolicy, 'general', 'verify', {
      limit: { kind: 'hours', hours: 9, clock: 'working' },
    }),
    calendar: { id: 'acme-2026', workdayStart: '09:00', workdayEnd: '18:00' },
  };
  const acme = decodeCalendar({
    id: 'acme-2026',
    version: 'acme-hr-2026-02',
    coverage: { from: '2026-01-01', to: '2026-12-31' },
    holidays: { '2026-03-03': 'Company day' },
    makeUpWorkdays: {},
  });
  const T0 = ms('2026-03-02T01:00:00.000Z'); // Monday 09:00

  it('a policy naming an unregistered calendar is refused', () => {
    const ctx = slaContext(policy);
    expect(E.isLeft(ctx) && ctx.left).toMatchObject({
      _tag: 'UnknownCalendar',
      calendarId: 'acme-2026',
    });
  });

  it('counts working time on the registered calendar, and what-if compares calendars', () => {
    if (E.isLeft(acme)) throw new Error(acme.left.message);
    const withAcme = slaContext(policy, { 'acme-2026': acme.right });
    if (E.isLeft(withAcme)) throw new Error(withAcme.left.message);
    const c = new Complaint('UC-1', policy).receive(T0).classify(T0 + HOUR, 'general');
    // 9 working hours from Monday 09:00 end Monday 18:00 whatever the calendar; from
    // Monday 14:00 they run into Tuesday, the company's holiday, and on to Wednesday.
    const late = new Complaint('UC-2', policy)
      .receive(T0 + 5 * HOUR)
      .classify(T0 + 6 * HOUR, 'general');
    const projection = project([c, late]);
    const verify = (id: string) =>
      clockOf(complaintSlaOf(withAcme.right, projection, id), 'verify');
    expect(verify('UC-1').dueAt).toBe(ms('2026-03-02T10:00:00.000Z'));
    expect(verify('UC-2').dueAt).toBe(ms('2026-03-04T06:00:00.000Z'));

    const china = slaContext({ ...policy, calendar: { ...policy.calendar, id: 'china-mainland' } });
    if (E.isLeft(china)) throw new Error(china.left.message);
    const report = whatIf(projection, china.right, withAcme.right, T0 + 6 * HOUR);
    expect(report.before.calendar).toBe('china-mainland@chinese-days@1.5.7');
    expect(report.after.calendar).toBe('acme-2026@acme-hr-2026-02');
    expect(report.changed.map((d) => [d.id, d.dueShiftMs])).toEqual([['UC-2/verify', DAY]]);
  });
});
