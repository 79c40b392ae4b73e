import { describe, expect, it } from 'vitest';
import type { ComplaintCommand } from '../../src/complaint/commands';
import { hongchangPolicy } from '../../src/policy/hongchang';
import { hongchangScoring } from '../../src/policy/hongchang-scoring';
import type { Policy } from '../../src/policy/types';
import type { Candidate } from '../../src/scoring/deductions';
import { allocate, monthlyScore, monthlyScores } from '../../src/scoring/score';
import { at, generalComplaint, history, T0, viewOf } from './helpers';

const APRIL = Date.parse('2026-04-01T00:00:00+08:00');
const MAY = Date.parse('2026-05-01T00:00:00+08:00');

describe('monthly score of a centre', () => {
  it('starts at 100 and loses the points of each breached clock, linked to the clock', async () => {
    const events = await history([
      ...generalComplaint('G-1', 'ops', T0),
      ...generalComplaint('G-2', 'ops', T0 + 86_400_000, ['verify']),
    ]);
    const score = monthlyScore(viewOf(events, MAY), 'ops', '2026-03');
    expect(score.score).toBe(98);
    expect(score.deductions).toHaveLength(1);
    const [d] = score.deductions;
    expect(d?.category).toBe('breach');
    expect(d?.points).toBe(2);
    expect(d?.cause).toMatchObject({
      kind: 'clock',
      clockId: 'G-2/verify',
      step: 'verify',
      complaintClass: 'general',
    });
    expect(d?.reason).toContain('verify of general complaint G-2');
    expect(score.final).toBe(true);
  });

  it('deducts by class and step from the policy table', async () => {
    const events = await history(generalComplaint('G-1', 'ops', T0, ['verify', 'sign', 'close']));
    const score = monthlyScore(viewOf(events, MAY), 'ops', '2026-03');
    const byStep = Object.fromEntries(
      score.deductions.map((d) => [d.cause.kind === 'clock' ? d.cause.step : d.category, d.points]),
    );
    // general: verify 2 (class default), sign 1, close 3.
    expect(byStep).toEqual({ verify: 2, sign: 1, close: 3 });
    expect(score.score).toBe(94);
  });

  it('a missed revisit is its own deduction, not a breach', async () => {
    const events = await history(generalComplaint('G-1', 'ops', T0, [], { revisitAfterDays: 40 }));
    const view = viewOf(events, Date.parse('2026-06-01T00:00:00+08:00'));
    const april = monthlyScore(view, 'ops', '2026-04');
    expect(april.deductions.map((d) => d.category)).toEqual(['missedRevisit']);
    expect(april.score).toBe(100 - hongchangScoring.deductions.missedRevisit);
    expect(monthlyScore(view, 'ops', '2026-03').score).toBe(100);
  });

  it('a repeat complaint and a refusal are deducted with the event that shows them', async () => {
    const events = await history([
      ...generalComplaint('G-1', 'ops', T0),
      ...generalComplaint('G-2', 'ops', T0 + 5 * 86_400_000, [], { repeatOf: 'G-1', refuse: true }),
    ]);
    const score = monthlyScore(viewOf(events, MAY), 'ops', '2026-03');
    const repeat = score.deductions.find((d) => d.category === 'repeatComplaint');
    const refusal = score.deductions.find((d) => d.category === 'customerRefusal');
    const received = events.find(
      (e) => e.type === 'ComplaintReceived' && e.data.complaintId === 'G-2',
    );
    const refused = events.find((e) => e.type === 'CustomerRefused');
    expect(repeat?.cause).toEqual({
      kind: 'event',
      complaintId: 'G-2',
      event: expect.objectContaining({
        eventId: received?.eventId,
        position: received?.globalPosition,
        type: 'ComplaintReceived',
      }),
    });
    expect(refusal?.cause).toMatchObject({
      kind: 'event',
      event: { eventId: refused?.eventId, type: 'CustomerRefused' },
    });
    expect(score.score).toBe(100 - 3 - 2);
  });

  it('a failed inspection is deducted once per failure', async () => {
    const id = { complaintId: 'Q-1' };
    const t = (h: number) => at(h);
    const commands: ComplaintCommand[] = [
      {
        type: 'ReceiveComplaint',
        ...id,
        at: t(0),
        centre: 'ops',
        channel: 'online',
        customer: { id: 'C' },
        summary: 'Rude driver',
      },
      { type: 'ClassifyComplaint', ...id, at: t(1), complaintClass: 'generalServiceQuality' },
      { type: 'VerifyComplaint', ...id, at: t(5), finding: 'Confirmed' },
      { type: 'DraftSolution', ...id, at: t(10), solution: 'Training' },
      {
        type: 'IssueRectificationNotice',
        ...id,
        at: t(12),
        noticeId: 'N1',
        responsibleDepartment: 'fleet',
        requirements: 'Train',
        deadline: t(60),
      },
      { type: 'InspectRectification', ...id, at: t(50), noticeId: 'N1', result: 'failed' },
      {
        type: 'IssueRectificationNotice',
        ...id,
        at: t(51),
        noticeId: 'N2',
        responsibleDepartment: 'fleet',
        requirements: 'Train again',
        deadline: t(100),
      },
      { type: 'InspectRectification', ...id, at: t(90), noticeId: 'N2', result: 'failed' },
      {
        type: 'IssueRectificationNotice',
        ...id,
        at: t(91),
        noticeId: 'N3',
        responsibleDepartment: 'fleet',
        requirements: 'Train again',
        deadline: t(140),
      },
      { type: 'InspectRectification', ...id, at: t(120), noticeId: 'N3', result: 'passed' },
    ];
    const score = monthlyScore(viewOf(await history(commands), APRIL), 'ops', '2026-03');
    expect(score.byCategory.failedInspection).toEqual({ count: 2, nominal: 4, points: 4 });
    // Never accepted nor closed: only the closing deadline was missed.
    expect(
      score.deductions
        .filter((d) => d.category === 'breach')
        .map((d) => d.cause.kind === 'clock' && d.cause.step),
    ).toEqual(['close']);
  });

  it('caps points per complaint, keeping each capped item with what it was cut by', async () => {
    const policy: Policy = {
      ...hongchangPolicy,
      scoring: { ...hongchangScoring, caps: { ...hongchangScoring.caps, perComplaint: 4 } },
    };
    const events = await history(
      generalComplaint('G-1', 'ops', T0, ['verify', 'negotiate', 'sign', 'close']),
      policy,
    );
    const score = monthlyScore(viewOf(events, MAY, policy), 'ops', '2026-03');
    expect(score.deducted).toBe(4);
    expect(score.deductions.map((d) => [d.nominal, d.points, d.cappedBy])).toEqual([
      [2, 2, null],
      [2, 2, null],
      [1, 0, 'perComplaint'],
      [3, 0, 'perComplaint'],
    ]);
  });

  it('caps a category per month and never goes below the floor', async () => {
    const many = Array.from({ length: 6 }, (_, i) =>
      generalComplaint(`G-${i}`, 'ops', T0 + i * 3_600_000, [
        'verify',
        'negotiate',
        'sign',
        'close',
      ]),
    ).flat();
    const events = await history(many);
    const capped: Policy = {
      ...hongchangPolicy,
      scoring: { ...hongchangScoring, caps: { ...hongchangScoring.caps, breach: 15 } },
    };
    expect(monthlyScore(viewOf(events, MAY, capped), 'ops', '2026-03').score).toBe(85);
    const floored: Policy = {
      ...hongchangPolicy,
      scoring: {
        ...hongchangScoring,
        floor: 70,
        caps: {
          perComplaint: null,
          breach: null,
          failedInspection: null,
          missedRevisit: null,
          repeatComplaint: null,
          customerRefusal: null,
        },
      },
    };
    const score = monthlyScore(viewOf(events, MAY, floored), 'ops', '2026-03');
    expect(score.score).toBe(70);
    expect(score.deductions.some((d) => d.cappedBy === 'floor')).toBe(true);
  });

  it('with both kinds of cap, an early item does not take the points two later ones could give', () => {
    // Greedy in order would give B's breach 2, leaving nothing under B's cap for its revisit
    // nor under the breach cap for A: 2 points where the caps allow 3.
    const item = (
      category: Candidate['category'],
      complaintId: string,
      nominal: number,
      n: number,
    ) =>
      ({
        category,
        centre: 'x',
        month: '2026-03',
        complaintId,
        at: n,
        nominal,
        cause: {
          kind: 'event',
          complaintId,
          event: {
            eventId: `e${n}`,
            streamId: '',
            streamVersion: 1,
            position: n,
            type: 'T',
            at: n,
          },
        },
        reason: '',
      }) satisfies Candidate;
    const caps = {
      perComplaint: 0.02,
      breach: 0.02,
      failedInspection: null,
      missedRevisit: null,
      repeatComplaint: null,
      customerRefusal: null,
    };
    const score = allocate(
      { ...hongchangScoring, caps },
      'x',
      '2026-03',
      [
        item('breach', 'B', 0.02, 1),
        item('missedRevisit', 'B', 0.01, 2),
        item('breach', 'A', 0.02, 3),
      ],
      true,
    );
    expect(score.deducted).toBe(0.03);
    // The most in all, then earliest first: B's breach keeps what it can without costing the total.
    expect(score.deductions.map((d) => [d.points, d.cappedBy])).toEqual([
      [0.01, 'category'],
      [0.01, null],
      [0.01, 'category'],
    ]);
  });

  it('a breach counts in the month of its due time in Shanghai, not in UTC', async () => {
    // Received 31 March 00:30 Shanghai (30 March in UTC): verify due 2 April 00:30, missed.
    const received = Date.parse('2026-03-31T00:30:00+08:00');
    const events = await history(generalComplaint('G-1', 'ops', received, ['verify']));
    const view = viewOf(events, MAY);
    expect(
      monthlyScore(view, 'ops', '2026-04').deductions.map(
        (d) => d.cause.kind === 'clock' && d.cause.step,
      ),
    ).toEqual(['verify']);
    expect(monthlyScore(view, 'ops', '2026-03').score).toBe(100);
  });

  it('a month not over yet is marked provisional, and a running clock is no breach', async () => {
    const events = await history(generalComplaint('G-1', 'ops', T0).slice(0, 2));
    const early = monthlyScore(viewOf(events, T0 + 10 * 3_600_000), 'ops', '2026-03');
    expect(early).toMatchObject({ score: 100, final: false });
    const late = monthlyScore(viewOf(events, APRIL), 'ops', '2026-03');
    expect(late.final).toBe(true);
    expect(late.score).toBeLessThan(100);
  });

  it('scores every centre seen by then, and centres the caller names', async () => {
    const events = await history([
      ...generalComplaint('G-1', 'ops', T0),
      ...generalComplaint('G-2', 'delivery', Date.parse('2026-04-03T10:00:00+08:00')),
    ]);
    const view = viewOf(events, MAY, hongchangPolicy, ['quiet-centre']);
    expect(monthlyScores(view, '2026-03').map((s) => s.centre)).toEqual(['ops', 'quiet-centre']);
    expect(monthlyScores(view, '2026-04').map((s) => [s.centre, s.score])).toEqual([
      ['delivery', 100],
      ['ops', 100],
      ['quiet-centre', 100],
    ]);
  });
});

describe('a negotiation the coordination meeting settled late', () => {
  it('is deducted as a breach whose reason names the meeting, not a late negotiation', async () => {
    const id = { complaintId: 'M-1' };
    const events = await history([
      {
        type: 'ReceiveComplaint',
        ...id,
        at: at(0),
        centre: 'ops',
        channel: 'phone',
        customer: { id: 'CUST-1' },
        summary: 'Parcel lost',
      },
      { type: 'ClassifyComplaint', ...id, at: at(1), complaintClass: 'majorServiceQuality' },
      { type: 'VerifyComplaint', ...id, at: at(2), finding: 'Lost in transit' },
      { type: 'ReportToLeadership', ...id, at: at(3) },
      // The negotiation is due 48 h after the verification: the meeting comes 10 h after.
      { type: 'EscalateToCoordinationMeeting', ...id, at: at(60), reason: 'No agreement' },
    ]);
    const score = monthlyScore(viewOf(events, MAY), 'ops', '2026-03');
    const negotiate = score.deductions.find(
      (d) => d.cause.kind === 'clock' && d.cause.step === 'negotiate',
    );
    expect(negotiate?.reason).toContain('settled by the coordination meeting 10 h late');
    expect(negotiate?.reason).not.toContain('done');
  });
});
