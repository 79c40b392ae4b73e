import { describe, expect, it } from 'vitest';
import { hongchangPolicy } from '../../src/policy/hongchang';
import type { Policy } from '../../src/policy/types';
import { toMillis } from '../../src/shared/time';
import {
  accept,
  accepted,
  classify,
  close,
  draftSolution,
  h,
  inspect,
  issueNotice,
  opened,
  receive,
  rejection,
  run,
  verify,
} from './fixtures';

/** A general service-quality complaint with its solution drafted: ready for a notice. */
const drafted = [
  receive(h(0)),
  classify(h(1), 'generalServiceQuality'),
  verify(h(2)),
  draftSolution(h(3)),
];

describe('rectification rounds: failed inspection → new notice → pass', () => {
  const rounds = [
    ...drafted,
    issueNotice(h(4), 'N1', h(28)),
    inspect(h(28), 'N1', 'failed'),
    issueNotice(h(29), 'N2', h(53)),
    inspect(h(50), 'N2', 'failed'),
    issueNotice(h(51), 'N3', h(99)),
    inspect(h(90), 'N3', 'passed'),
  ];

  it('each notice keeps its own deadline and result', () => {
    const s = opened(run(rounds).state);
    expect(s.notices).toEqual([
      { noticeId: 'N1', issuedAt: toMillis(h(4)), deadline: toMillis(h(28)), result: 'failed' },
      { noticeId: 'N2', issuedAt: toMillis(h(29)), deadline: toMillis(h(53)), result: 'failed' },
      { noticeId: 'N3', issuedAt: toMillis(h(51)), deadline: toMillis(h(99)), result: 'passed' },
    ]);
    // The rectification step is met by the passing inspection only.
    expect(s.completed.rectify).toBe(toMillis(h(90)));
  });

  it('no close and no acceptance while the last inspection failed', () => {
    const failedTwice = rounds.slice(0, -2);
    expect(rejection(failedTwice, close(h(60)))).toMatchObject({ code: 'RectificationPending' });
    expect(rejection(failedTwice, accept(h(60)))).toMatchObject({
      code: 'StepOutOfOrder',
      step: 'accept',
      missing: ['rectify'],
    });
  });

  it('no close while the newest notice is still open', () => {
    expect(rejection(rounds.slice(0, -1), close(h(60)))).toMatchObject({
      code: 'RectificationPending',
    });
  });

  it('closes once the last notice passed and the customer accepted', () => {
    const { state, events } = run([...rounds, accept(h(91)), close(h(92))]);
    expect(opened(state).status).toBe('closed');
    expect(events.filter((e) => e.type === 'RectificationInspected').map((e) => e.data)).toEqual([
      { at: h(28), noticeId: 'N1', result: 'failed' },
      { at: h(50), noticeId: 'N2', result: 'failed' },
      { at: h(90), noticeId: 'N3', result: 'passed' },
    ]);
  });

  it('a notice records its department, requirements and deadline', () => {
    expect(accepted(drafted, issueNotice(h(4), 'N1', h(28)))).toEqual([
      {
        type: 'RectificationNoticeIssued',
        data: {
          at: h(4),
          noticeId: 'N1',
          responsibleDepartment: 'hefei-depot',
          requirements: 'Fit corner protectors on every coil pallet',
          deadline: h(28),
        },
      },
    ]);
  });
});

describe('notice deadlines (the manual’s table of rectification times is missing: settings)', () => {
  it('a notice without a deadline gets the policy default, counted from its issue', () => {
    const [event] = accepted(drafted, issueNotice(h(4), 'N1'));
    const hours = hongchangPolicy.rectification.defaultNoticeHours!;
    expect(event).toMatchObject({ data: { deadline: h(4 + hours) } });
  });

  it('another default gives another deadline', () => {
    const policy: Policy = {
      ...hongchangPolicy,
      rectification: { defaultNoticeHours: 10, maxNoticeHours: null },
    };
    const [event] = accepted(drafted, issueNotice(h(4), 'N1'), policy);
    expect(event).toMatchObject({ data: { deadline: h(14) } });
  });

  it('a deadline exactly at the cap is accepted, one hour more is not', () => {
    const policy: Policy = {
      ...hongchangPolicy,
      rectification: { defaultNoticeHours: null, maxNoticeHours: 48 },
    };
    expect(accepted(drafted, issueNotice(h(4), 'N1', h(52)), policy)).toHaveLength(1);
    expect(rejection(drafted, issueNotice(h(4), 'N1', h(53)), policy)).toMatchObject({
      code: 'NoticeDeadlineTooLate',
      maxHours: 48,
    });
  });

  it('a deadline before the notice is rejected', () => {
    expect(rejection(drafted, issueNotice(h(4), 'N1', h(3)))).toMatchObject({
      code: 'NoticeDeadlineNotAfterIssue',
      deadline: h(3),
    });
  });
});

describe('notice order', () => {
  it('a notice follows the drafted solution', () => {
    expect(rejection(drafted.slice(0, -1), issueNotice(h(4), 'N1', h(28)))).toMatchObject({
      code: 'StepOutOfOrder',
      step: 'issueNotice',
      missing: ['draftSolution'],
    });
  });

  it('a general complaint has no rectification', () => {
    const general = [receive(h(0)), classify(h(1), 'general'), verify(h(2))];
    expect(rejection(general, issueNotice(h(3), 'N1', h(28)))).toMatchObject({
      code: 'StepNotInClass',
      step: 'issueNotice',
      complaintClass: 'general',
    });
  });

  it('inspecting a notice other than the open one names it', () => {
    const issued = [...drafted, issueNotice(h(4), 'N1', h(28)), inspect(h(5), 'N1', 'failed')];
    const reissued = [...issued, issueNotice(h(6), 'N2', h(28))];
    expect(rejection(reissued, inspect(h(7), 'N1', 'passed'))).toMatchObject({
      code: 'NoticeAlreadyInspected',
      noticeId: 'N1',
    });
    expect(rejection(issued, inspect(h(7), 'N2', 'passed'))).toMatchObject({
      code: 'UnknownNotice',
      noticeId: 'N2',
    });
  });
});
