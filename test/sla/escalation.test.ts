import * as E from 'fp-ts/Either';
import { describe, expect, it } from 'vitest';
import { type ClassPolicy, decodePolicy, hongchangPolicy, type Policy } from '../../src/index';
import { explainClock, isOverdue, slaPortfolio, slaQueries, whatIf } from '../../src/sla/index';
import { Complaint, clockOf, ctxOf, evaluate, HOUR, ms, project, recordOf } from './helpers';

// POLICY.md, major service quality: "negotiate a handling plan with the customer | 48 h (the
// source is cut off after this point: what follows a failed 48 h negotiation, e.g. escalation
// to the general manager, is a setting)". The default policy's meeting (协调会) settles the
// negotiation (coordinationMeetingSettles: ['negotiate']); the clocks follow the aggregate.

const T0 = ms('2026-03-02T01:00:00.000Z');
// Verified at 10 h: the negotiation is due at 58 h.
const NEGOTIATE_DUE = T0 + 58 * HOUR;

const withClass = (
  policy: Policy,
  classId: string,
  patch: (cls: ClassPolicy) => ClassPolicy,
): Policy => ({
  ...policy,
  version: `${policy.version}+${classId}`,
  classes: { ...policy.classes, [classId]: patch(policy.classes[classId]!) },
});

const major = (id: string, policy: Policy = hongchangPolicy) =>
  new Complaint(id, policy)
    .receive(T0)
    .classify(T0 + HOUR, 'majorServiceQuality')
    .verify(T0 + 10 * HOUR)
    .report(T0 + 11 * HOUR);

describe('escalated within the 48 h: the negotiation clock stops at the escalation', () => {
  const escalated = () => major('ES-1').escalate(T0 + 40 * HOUR);

  it('is met, stopped and marked settled at the escalation, and stays so', () => {
    for (const now of [T0 + 41 * HOUR, T0 + 100 * HOUR, T0 + 1000 * HOUR])
      expect(clockOf(evaluate(escalated(), now), 'negotiate')).toMatchObject({
        state: 'met',
        startedAt: T0 + 10 * HOUR,
        dueAt: NEGOTIATE_DUE,
        stoppedAt: T0 + 40 * HOUR,
        settledAt: T0 + 40 * HOUR,
        breached: false,
        remainingMs: null,
        atRisk: false,
      });
  });

  it('a negotiation recorded after the meeting settled it moves no clock', () => {
    const c = escalated().negotiate(T0 + 50 * HOUR);
    const sla = evaluate(c, T0 + 60 * HOUR);
    expect(clockOf(sla, 'negotiate')).toMatchObject({
      state: 'met',
      stoppedAt: T0 + 40 * HOUR,
      settledAt: T0 + 40 * HOUR,
    });
    // The notice could follow from the escalation on: it counts from there, not from 50 h.
    expect(clockOf(sla, 'issueNotice')).toMatchObject({
      from: 'escalation',
      startedAt: T0 + 40 * HOUR,
      dueAt: T0 + 64 * HOUR,
    });
  });

  it('a negotiation done before the escalation stands: nothing was left to settle', () => {
    const c = major('ES-2')
      .negotiate(T0 + 30 * HOUR)
      .escalate(T0 + 40 * HOUR);
    const sla = evaluate(c, T0 + 60 * HOUR);
    expect(clockOf(sla, 'negotiate')).toMatchObject({
      state: 'met',
      stoppedAt: T0 + 30 * HOUR,
      settledAt: null,
    });
    expect(clockOf(sla, 'issueNotice')).toMatchObject({
      from: 'negotiate',
      startedAt: T0 + 30 * HOUR,
    });
  });
});

describe('escalated after the 48 h (the check: escalation at 59 h, then a notice)', () => {
  const escalated = () => major('ES-3').escalate(T0 + 59 * HOUR);

  it('the negotiation stays breached, stopped at the escalation: no longer overdue', () => {
    for (const now of [T0 + 60 * HOUR, T0 + 300 * HOUR]) {
      const negotiate = clockOf(evaluate(escalated(), now), 'negotiate');
      expect(negotiate).toMatchObject({
        state: 'breached',
        breached: true,
        breachedAt: NEGOTIATE_DUE,
        stoppedAt: T0 + 59 * HOUR,
        overdueMs: HOUR,
        settledAt: T0 + 59 * HOUR,
      });
      expect(isOverdue(negotiate)).toBe(false);
    }
    const q = slaQueries(slaPortfolio(ctxOf(), project([escalated()]), T0 + 60 * HOUR));
    expect(q.overdue().map((c) => c.key)).toEqual([]);
    expect(q.breachedBetween(T0, T0 + 60 * HOUR).map((c) => c.key)).toEqual(['negotiate']);
  });

  it('before the escalation, the same clock was overdue and running late', () => {
    const before = major('ES-3b');
    const negotiate = clockOf(evaluate(before, T0 + 59 * HOUR - 1), 'negotiate');
    expect(negotiate).toMatchObject({ state: 'breached', stoppedAt: null, settledAt: null });
    expect(isOverdue(negotiate)).toBe(true);
  });

  it('the notice clock starts at the escalation', () => {
    expect(clockOf(evaluate(escalated(), T0 + 60 * HOUR), 'issueNotice')).toMatchObject({
      state: 'running',
      from: 'escalation',
      startedAt: T0 + 59 * HOUR,
      dueAt: T0 + 83 * HOUR,
      remainingMs: 23 * HOUR,
    });
    expect(clockOf(evaluate(escalated(), T0 + 84 * HOUR), 'issueNotice').state).toBe('breached');
    const issued = escalated().issue(T0 + 70 * HOUR, 'N-1', T0 + 120 * HOUR);
    const sla = evaluate(issued, T0 + 90 * HOUR);
    expect(clockOf(sla, 'issueNotice')).toMatchObject({
      state: 'met',
      startedAt: T0 + 59 * HOUR,
      stoppedAt: T0 + 70 * HOUR,
    });
    expect(clockOf(sla, 'rectify:N-1')).toMatchObject({
      state: 'running',
      startedAt: T0 + 70 * HOUR,
      dueAt: T0 + 120 * HOUR,
    });
  });

  it('through to the close, the settled clock is neither reopened nor cancelled', () => {
    const closed = escalated()
      .issue(T0 + 60 * HOUR, 'N-1', T0 + 120 * HOUR)
      .inspect(T0 + 70 * HOUR, 'N-1', 'passed')
      .accept(T0 + 71 * HOUR)
      .close(T0 + 72 * HOUR);
    const sla = evaluate(closed, T0 + 80 * HOUR);
    expect(clockOf(sla, 'negotiate')).toMatchObject({
      state: 'breached',
      cancelled: null,
      stoppedAt: T0 + 59 * HOUR,
    });
    expect(sla.clocks.filter((c) => c.state === 'running').map((c) => c.key)).toEqual(['revisit']);
    expect(sla.history.map((h) => h.kind)).toContain('escalated');
    expect(sla.history.find((h) => h.kind === 'escalated')).toMatchObject({
      at: T0 + 59 * HOUR,
    });
  });

  it('explains the stop and the start by the escalation', () => {
    const c = escalated().issue(T0 + 70 * HOUR, 'N-1', T0 + 120 * HOUR);
    const record = recordOf(project([c]), 'ES-3');
    const negotiate = explainClock(ctxOf(), record, 'negotiate', T0 + 80 * HOUR);
    expect(negotiate?.stop).toMatchObject({
      type: 'EscalatedToCoordinationMeeting',
      at: T0 + 59 * HOUR,
    });
    expect(negotiate?.settledBy).toMatchObject({ type: 'EscalatedToCoordinationMeeting' });
    expect(negotiate?.lines.join('\n')).toMatch(/settled by the coordination meeting/);
    const notice = explainClock(ctxOf(), record, 'issueNotice', T0 + 80 * HOUR);
    expect(notice?.start).toMatchObject({ type: 'EscalatedToCoordinationMeeting' });
    expect(notice?.settledBy).toBeNull();
    expect(notice?.lines.join('\n')).toMatch(/counted from the escalation/);
  });
});

describe('classes whose meeting settles nothing', () => {
  const withoutSetting = withClass(hongchangPolicy, 'majorServiceQuality', (cls) => {
    const { coordinationMeetingSettles: _, ...rest } = cls;
    return rest;
  });
  const emptySetting = withClass(hongchangPolicy, 'majorServiceQuality', (cls) => ({
    ...cls,
    coordinationMeetingSettles: [],
  }));

  for (const [name, policy] of [
    ['without the setting', withoutSetting],
    ['with an empty setting', emptySetting],
  ] as const)
    it(`${name}, an escalation changes no clock`, () => {
      const now = T0 + 100 * HOUR;
      const plain = evaluate(major('ES-4', policy), now);
      const escalated = evaluate(major('ES-4', policy).escalate(T0 + 40 * HOUR), now);
      expect(escalated.clocks).toEqual(plain.clocks);
      expect(clockOf(escalated, 'negotiate')).toMatchObject({
        state: 'breached',
        stoppedAt: null,
        settledAt: null,
      });
      expect(clockOf(escalated, 'issueNotice').state).toBe('pending');
    });

  it('a class that holds no meeting is never settled, whatever came before (re-classified general)', () => {
    const c = major('ES-5')
      .escalate(T0 + 40 * HOUR)
      .reclassify(T0 + 45 * HOUR, 'general');
    // The aggregate asks for the negotiation again under general: its clock runs.
    const negotiate = clockOf(evaluate(c, T0 + 50 * HOUR), 'negotiate');
    expect(negotiate).toMatchObject({
      complaintClass: 'general',
      state: 'running',
      stoppedAt: null,
      settledAt: null,
    });
    expect(clockOf(evaluate(c, T0 + 60 * HOUR), 'negotiate').state).toBe('breached');
  });

  it('back in the meeting’s class, the settlement holds again', () => {
    const c = major('ES-6')
      .escalate(T0 + 40 * HOUR)
      .reclassify(T0 + 45 * HOUR, 'general')
      .reclassify(T0 + 50 * HOUR, 'majorServiceQuality');
    expect(clockOf(evaluate(c, T0 + 60 * HOUR), 'negotiate')).toMatchObject({
      complaintClass: 'majorServiceQuality',
      state: 'met',
      stoppedAt: T0 + 40 * HOUR,
    });
  });

  it('a class left before the escalation is not settled by it', () => {
    // general holds a meeting here that settles the signature; the complaint leaves general
    // for major (which has no signature) before it is escalated.
    const policy = withClass(hongchangPolicy, 'general', (cls) => ({
      ...cls,
      coordinationMeeting: true,
      coordinationMeetingSettles: ['sign'],
    }));
    const c = new Complaint('ES-7', policy)
      .receive(T0)
      .classify(T0 + HOUR, 'general')
      .verify(T0 + 2 * HOUR)
      .negotiate(T0 + 3 * HOUR)
      .reclassify(T0 + 4 * HOUR, 'majorServiceQuality')
      .escalate(T0 + 5 * HOUR);
    expect(clockOf(evaluate(c, T0 + 6 * HOUR), 'sign')).toMatchObject({
      complaintClass: 'general',
      state: 'cancelled',
      cancelled: { at: T0 + 4 * HOUR, reason: 'reclassified' },
      stoppedAt: null,
      settledAt: null,
    });
  });
});

describe('sla.settledByMeeting: cancelled', () => {
  const cancelling: Policy = {
    ...hongchangPolicy,
    version: `${hongchangPolicy.version}+cancelled`,
    sla: { ...hongchangPolicy.sla, settledByMeeting: 'cancelled' },
  };

  it('is a policy setting: stopped or cancelled, absent in older policies', () => {
    expect(decodePolicy(cancelling)).toEqual(E.right(cancelling));
    expect(ctxOf(hongchangPolicy).settledByMeeting).toBe('stopped');
    const bad = { ...hongchangPolicy, sla: { settledByMeeting: 'ignored' } };
    expect(E.isLeft(decodePolicy(bad))).toBe(true);
  });

  it('within the limit: cancelled by the meeting, not breached, out of the timeliness rate', () => {
    const c = major('EC-1', cancelling).escalate(T0 + 40 * HOUR);
    const sla = evaluate(c, T0 + 100 * HOUR);
    expect(clockOf(sla, 'negotiate')).toMatchObject({
      state: 'cancelled',
      cancelled: { at: T0 + 40 * HOUR, reason: 'settled' },
      breached: false,
      stoppedAt: null,
      settledAt: T0 + 40 * HOUR,
    });
    // The steps after it count from the escalation either way.
    expect(clockOf(sla, 'issueNotice')).toMatchObject({
      from: 'escalation',
      startedAt: T0 + 40 * HOUR,
    });
    const summary = slaQueries(slaPortfolio(ctxOf(cancelling), project([c]), T0 + 100 * HOUR));
    expect(summary.summaryBy('centre')[0]?.byState.cancelled).toBe(1);
  });

  it('past the limit: the breach stays on the cancelled clock', () => {
    const c = major('EC-2', cancelling).escalate(T0 + 59 * HOUR);
    expect(clockOf(evaluate(c, T0 + 100 * HOUR), 'negotiate')).toMatchObject({
      state: 'cancelled',
      cancelled: { at: T0 + 59 * HOUR, reason: 'settled' },
      breached: true,
      breachedAt: NEGOTIATE_DUE,
      overdueMs: HOUR,
    });
  });

  it('the close does not replace the meeting’s cancellation', () => {
    const c = major('EC-3', cancelling)
      .escalate(T0 + 40 * HOUR)
      .issue(T0 + 41 * HOUR, 'N-1', T0 + 90 * HOUR)
      .inspect(T0 + 50 * HOUR, 'N-1', 'passed')
      .accept(T0 + 51 * HOUR)
      .close(T0 + 52 * HOUR);
    expect(clockOf(evaluate(c, T0 + 60 * HOUR), 'negotiate').cancelled).toEqual({
      at: T0 + 40 * HOUR,
      reason: 'settled',
    });
  });

  it('a re-classification keeps the meeting’s cancellation, and finds no breach to keep', () => {
    const policy = withClass(cancelling, 'majorServiceQuality', (cls) => ({
      ...cls,
      coordinationMeetingSettles: ['report', 'negotiate'],
    }));
    // Verified 10 h (09:00 Shanghai): the report is due that midnight (T0 + 15 h); the
    // negotiation at 58 h. Escalated at 12 h; re-classified general at 60 h.
    const c = new Complaint('EC-5', policy)
      .receive(T0)
      .classify(T0 + HOUR, 'majorServiceQuality')
      .verify(T0 + 10 * HOUR)
      .escalate(T0 + 12 * HOUR)
      .reclassify(T0 + 60 * HOUR, 'general');
    const sla = evaluate(c, T0 + 61 * HOUR);
    // general has no report: the clock stays cancelled by the meeting, not by the change.
    expect(clockOf(sla, 'report')).toMatchObject({
      state: 'cancelled',
      cancelled: { at: T0 + 12 * HOUR, reason: 'settled' },
      breached: false,
    });
    // The major negotiation was cancelled in time, so no breach carries over; general asks
    // for the negotiation again with its own clock, late by now.
    expect(clockOf(sla, 'negotiate')).toMatchObject({
      complaintClass: 'general',
      state: 'breached',
      breachKeptFrom: null,
      cancelled: null,
      settledAt: null,
    });
  });

  it('what-if compares the two readings', () => {
    const projection = project([major('EC-4').escalate(T0 + 40 * HOUR)]);
    const report = whatIf(projection, ctxOf(), ctxOf(cancelling), T0 + 100 * HOUR);
    expect(report.changed.map((d) => [d.key, d.before?.state, d.after?.state])).toEqual([
      ['negotiate', 'met', 'cancelled'],
    ]);
  });
});

describe('a refusal that reopens a settled step', () => {
  // A policy whose refusals send the negotiation back (with everything after it).
  const reopening = (afterRefusal: 'newRound' | 'originalDue'): Policy => ({
    ...withClass(hongchangPolicy, 'majorServiceQuality', (cls) => ({
      ...cls,
      refusalReopens: ['negotiate', 'issueNotice', 'rectify', 'accept'],
    })),
    sla: { ...hongchangPolicy.sla, afterRefusal },
  });
  const refused = (id: string, policy: Policy) =>
    major(id, policy)
      .negotiate(T0 + 20 * HOUR)
      .escalate(T0 + 30 * HOUR)
      .issue(T0 + 31 * HOUR, 'N-1', T0 + 60 * HOUR)
      .inspect(T0 + 40 * HOUR, 'N-1', 'passed')
      .accept(T0 + 41 * HOUR)
      .refuse(T0 + 50 * HOUR);

  it('newRound: the reopened negotiation is settled from its start; the notice counts from the refusal', () => {
    const sla = evaluate(refused('ER-1', reopening('newRound')), T0 + 100 * HOUR);
    expect(clockOf(sla, 'negotiate')).toMatchObject({
      state: 'met',
      stoppedAt: T0 + 20 * HOUR,
      settledAt: null,
    });
    expect(clockOf(sla, 'negotiate@1')).toMatchObject({
      state: 'met',
      from: 'refusal',
      startedAt: T0 + 50 * HOUR,
      stoppedAt: T0 + 50 * HOUR,
      settledAt: T0 + 50 * HOUR,
    });
    expect(clockOf(sla, 'issueNotice@1')).toMatchObject({
      from: 'refusal',
      startedAt: T0 + 50 * HOUR,
      dueAt: T0 + 74 * HOUR,
    });
  });

  it('originalDue: the negotiation done before the escalation stays done', () => {
    const sla = evaluate(refused('ER-2', reopening('originalDue')), T0 + 100 * HOUR);
    expect(clockOf(sla, 'negotiate')).toMatchObject({
      state: 'met',
      stoppedAt: T0 + 20 * HOUR,
    });
  });
});
