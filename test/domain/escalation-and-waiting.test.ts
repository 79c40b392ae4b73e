import { describe, expect, it } from 'vitest';
import { hongchangPolicy } from '../../src/policy/hongchang';
import { toMillis } from '../../src/shared/time';
import {
  accept,
  accepted,
  classify,
  close,
  endWaiting,
  escalate,
  h,
  inspect,
  issueNotice,
  negotiate,
  opened,
  receive,
  reclassify,
  rejection,
  report,
  run,
  sign,
  startWaiting,
  verify,
  withClass,
} from './fixtures';

const major = [receive(h(0)), classify(h(1), 'majorServiceQuality'), verify(h(10)), report(h(11))];

describe('escalation to the general manager’s coordination meeting (总经理协调会)', () => {
  it('a major complaint no department settles within 48 h is escalated', () => {
    // 48 h after verification without a handling plan.
    expect(accepted(major, escalate(h(59)))).toEqual([
      {
        type: 'EscalatedToCoordinationMeeting',
        data: {
          at: h(59),
          reason: 'No department accepts the loss; negotiation failed after 48 h',
        },
      },
    ]);
    expect(opened(run([...major, escalate(h(59))]).state).escalated).toBe(true);
  });

  it('the meeting’s handling plan then runs the usual major steps to the close', () => {
    const { state } = run([
      ...major,
      escalate(h(59)),
      negotiate(h(70)),
      issueNotice(h(71), 'N1', h(120)),
      inspect(h(110), 'N1', 'passed'),
      accept(h(111)),
      close(h(112)),
    ]);
    expect(opened(state)).toMatchObject({ status: 'closed', escalated: true });
  });

  it('is for classes the policy sends to the meeting, once', () => {
    expect(
      rejection([receive(h(0)), classify(h(1), 'generalServiceQuality')], escalate(h(2))),
    ).toMatchObject({ code: 'EscalationNotAllowed', complaintClass: 'generalServiceQuality' });
    expect(rejection([...major, escalate(h(59))], escalate(h(60)))).toMatchObject({
      code: 'AlreadyEscalated',
    });
  });
});

// POLICY.md, major service quality, negotiate a handling plan with the customer: "48 h (the
// source is cut off after this point: what follows a failed 48 h negotiation, e.g. escalation
// to the general manager, is a setting)". The meeting is what follows the failed negotiation,
// so by default it settles the handling plan in the negotiation's place
// (`coordinationMeetingSettles: ['negotiate']`).
describe('the meeting stands in for the failed negotiation (a setting)', () => {
  const rectifiedAfterMeeting = [
    ...major,
    escalate(h(59)),
    issueNotice(h(60), 'N1', h(120)),
    inspect(h(110), 'N1', 'passed'),
    accept(h(111)),
  ];

  it('after the escalation the notice follows without a negotiation, and the complaint closes', () => {
    expect(accepted([...major, escalate(h(59))], issueNotice(h(60), 'N1', h(120)))).toMatchObject([
      { type: 'RectificationNoticeIssued', data: { noticeId: 'N1' } },
    ]);
    const s = opened(run([...rectifiedAfterMeeting, close(h(112))]).state);
    expect(s).toMatchObject({ status: 'closed', escalated: true });
    expect(s.completed.negotiate).toBeUndefined();
  });

  it('without an escalation the negotiation still comes before the notice', () => {
    expect(rejection(major, issueNotice(h(12), 'N1', h(60)))).toMatchObject({
      code: 'StepOutOfOrder',
      step: 'issueNotice',
      missing: ['negotiate'],
    });
  });

  it('a policy whose meeting settles nothing still needs the negotiation after it', () => {
    const policy = withClass(hongchangPolicy, 'majorServiceQuality', (cls) => ({
      ...cls,
      coordinationMeetingSettles: [],
    }));
    expect(
      rejection([...major, escalate(h(59))], issueNotice(h(60), 'N1', h(120)), policy),
    ).toMatchObject({ code: 'StepOutOfOrder', missing: ['negotiate'] });
  });

  it('settles only for the class that holds the meeting: re-classified general, it negotiates again', () => {
    const history = [
      ...major,
      escalate(h(59)),
      reclassify(h(60), 'general', 'Only a billing dispute after all'),
    ];
    expect(rejection(history, close(h(61)))).toMatchObject({
      code: 'StepsMissing',
      missing: ['negotiate', 'sign'],
    });
  });
});

describe('waiting on the customer', () => {
  const general = [receive(h(0)), classify(h(1), 'general'), verify(h(2)), negotiate(h(3))];

  it('records the start and the end of the wait', () => {
    expect(accepted(general, startWaiting(h(4)))).toEqual([
      {
        type: 'CustomerWaitStarted',
        data: { at: h(4), reason: 'Waiting for photos of the damage' },
      },
    ]);
    expect(opened(run([...general, startWaiting(h(4))]).state).waitingSince).toBe(toMillis(h(4)));
    expect(accepted([...general, startWaiting(h(4))], endWaiting(h(9)))).toEqual([
      { type: 'CustomerWaitEnded', data: { at: h(9) } },
    ]);
    expect(opened(run([...general, startWaiting(h(4)), endWaiting(h(9))]).state).waitingSince).toBe(
      null,
    );
  });

  it('may start before the complaint is classified', () => {
    const s = opened(
      run([receive(h(0)), startWaiting(h(1)), endWaiting(h(5)), classify(h(6), 'general')]).state,
    );
    expect(s).toMatchObject({ waitingSince: null, complaintClass: 'general' });
  });

  it('work goes on while waiting, but the complaint closes only after the wait ends', () => {
    const waiting = [...general, startWaiting(h(4)), sign(h(5))];
    expect(rejection(waiting, close(h(6)))).toMatchObject({ code: 'StillWaitingOnCustomer' });
    expect(opened(run([...waiting, endWaiting(h(7)), close(h(8))]).state).status).toBe('closed');
  });

  it('waits can repeat', () => {
    const { events } = run([
      ...general,
      startWaiting(h(4)),
      endWaiting(h(5)),
      startWaiting(h(6)),
      endWaiting(h(7)),
    ]);
    expect(events.filter((e) => e.type.startsWith('CustomerWait'))).toHaveLength(4);
  });
});
