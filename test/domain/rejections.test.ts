import { describe, expect, it } from 'vitest';
import type { ComplaintCommand } from '../../src/complaint/commands';
import type { RejectionCode } from '../../src/complaint/rejections';
import { hongchangPolicy } from '../../src/policy/hongchang';
import type { Policy } from '../../src/policy/types';
import { instant } from '../../src/shared/time';
import {
  OTHER_ID,
  accept,
  accepted,
  classify,
  close,
  contactCustomer,
  endWaiting,
  escalate,
  h,
  inspect,
  issueNotice,
  lifecycles,
  negotiate,
  receive,
  reclassify,
  refuse,
  rejection,
  revisit,
  sign,
  startWaiting,
  verify,
  withClass,
  gsqDrafted,
  gsqNoticeOpen,
} from './fixtures';

interface Case {
  readonly why: string;
  readonly history: readonly ComplaintCommand[];
  readonly command: ComplaintCommand;
  /** Details the rejection must carry besides its code. */
  readonly details?: Readonly<Record<string, unknown>>;
  readonly policy?: Policy;
}

const general = [receive(h(0)), classify(h(1), 'general')];
const gsq = gsqDrafted;
const major = [receive(h(0)), classify(h(1), 'majorServiceQuality'), verify(h(2))];
const gsqPassed = [...gsqNoticeOpen, inspect(h(30), 'N1', 'passed')];

const noDefaultDeadline: Policy = {
  ...hongchangPolicy,
  rectification: { defaultNoticeHours: null, maxNoticeHours: null },
};
const shortNotices: Policy = {
  ...hongchangPolicy,
  rectification: { defaultNoticeHours: 24, maxNoticeHours: 48 },
};
/** A careless policy whose acceptance does not wait for the rectification. */
const acceptAnytime = withClass(hongchangPolicy, 'generalServiceQuality', (cls) => ({
  ...cls,
  steps: cls.steps.map((r) => (r.step === 'accept' ? { ...r, after: [] } : r)),
}));

/**
 * One case per rejection code: the type makes a missing code a compile error, the test
 * checks the exact code and its details.
 */
const cases: { readonly [K in RejectionCode]: Case } = {
  InvalidCommand: {
    why: 'the static types are plain strings: a command built in code may carry a bad instant',
    history: general,
    command: { ...verify(h(2)), at: 'yesterday' },
    details: { problems: [{ path: 'at', expected: 'Instant', actual: 'yesterday' }] },
  },
  NotReceived: {
    why: 'no command on a complaint never received',
    history: [],
    command: verify(h(1)),
  },
  AlreadyReceived: {
    why: 'a complaint is received once',
    history: [receive(h(0))],
    command: receive(h(1)),
  },
  TimeWentBackwards: {
    why: 'time never goes backwards within a stream',
    history: [receive(h(0)), classify(h(5), 'general')],
    command: verify(h(4)),
    details: { at: h(4), lastEventAt: h(5) },
  },
  WrongComplaint: {
    why: 'a command for another complaint',
    history: general,
    command: { ...verify(h(2)), complaintId: OTHER_ID },
    details: { expected: 'C-2026-0001', actual: OTHER_ID },
  },
  AlreadyClosed: {
    why: 'no step after closing other than the revisit',
    history: lifecycles.general.slice(0, -1),
    command: negotiate(h(200)),
    details: { closedAt: h(100) },
  },
  NotClosed: {
    why: 'no revisit before closing',
    history: [...general, verify(h(2))],
    command: revisit(h(3)),
  },
  AlreadyRevisited: {
    why: 'the revisit happens once',
    history: lifecycles.invalid,
    command: revisit(h(31 + 24 * 21)),
  },
  NotClassified: {
    why: 'steps need a class',
    history: [receive(h(0))],
    command: verify(h(1)),
  },
  AlreadyClassified: {
    why: 'a second classification must be a re-classification',
    history: general,
    command: classify(h(2), 'majorServiceQuality'),
    details: { complaintClass: 'general' },
  },
  UnknownClass: {
    why: 'classes come from the policy',
    history: [receive(h(0))],
    command: classify(h(1), 'urgent'),
    details: { complaintClass: 'urgent' },
  },
  ReclassificationNotAllowed: {
    why: 'a policy may forbid re-classification',
    history: general,
    command: reclassify(h(2), 'majorServiceQuality'),
    policy: { ...hongchangPolicy, reclassification: { allowed: false } },
  },
  SameClass: {
    why: 'a re-classification changes the class',
    history: general,
    command: reclassify(h(2), 'general'),
    details: { complaintClass: 'general' },
  },
  StepNotInClass: {
    why: 'a general complaint has no explanation step (invalid complaints only)',
    history: [...general, verify(h(2))],
    command: contactCustomer(h(3)),
    details: { step: 'explain', complaintClass: 'general' },
  },
  StepOutOfOrder: {
    why: 'the leadership signs an agreement that exists',
    history: [...general, verify(h(2))],
    command: sign(h(3)),
    details: { step: 'sign', missing: ['negotiate'] },
  },
  StepAlreadyDone: {
    why: 'a step is done once unless a refusal reopens it',
    history: [...general, verify(h(2))],
    command: verify(h(3)),
    details: { step: 'verify' },
  },
  NoticeStillOpen: {
    why: 'one rectification notice at a time',
    history: gsqNoticeOpen,
    command: issueNotice(h(5), 'N2', h(40)),
    details: { noticeId: 'N1' },
  },
  DuplicateNoticeId: {
    why: 'a new notice after a failed inspection needs its own id',
    history: [...gsqNoticeOpen, inspect(h(30), 'N1', 'failed')],
    command: issueNotice(h(31), 'N1', h(60)),
    details: { noticeId: 'N1' },
  },
  UnknownNotice: {
    why: 'only an issued notice can be inspected',
    history: gsqNoticeOpen,
    command: inspect(h(30), 'N9', 'passed'),
    details: { noticeId: 'N9' },
  },
  NoticeAlreadyInspected: {
    why: 'a notice is inspected once',
    history: [...gsqNoticeOpen, inspect(h(30), 'N1', 'failed')],
    command: inspect(h(31), 'N1', 'passed'),
    details: { noticeId: 'N1' },
  },
  RectificationAlreadyPassed: {
    why: 'no new notice once the rectification passed',
    history: gsqPassed,
    command: issueNotice(h(31), 'N2', h(60)),
  },
  NoticeDeadlineRequired: {
    why: 'without a default in the policy, each notice carries its own deadline',
    history: gsq,
    command: issueNotice(h(4), 'N1'),
    policy: noDefaultDeadline,
  },
  NoticeDeadlineNotAfterIssue: {
    why: 'a deadline lies after the notice',
    history: gsq,
    command: issueNotice(h(4), 'N1', h(4)),
    details: { deadline: h(4) },
  },
  NoticeDeadlineTooLate: {
    why: 'the policy caps notice deadlines',
    history: gsq,
    command: issueNotice(h(4), 'N1', h(4 + 49)),
    policy: shortNotices,
    details: { deadline: h(53), maxHours: 48 },
  },
  RectificationNotPassed: {
    why: 'the customer accepts a passed rectification, whatever the policy says',
    history: gsqNoticeOpen,
    command: accept(h(5)),
    policy: acceptAnytime,
  },
  NothingToRefuse: {
    why: 'a refusal reopens work that was done',
    history: [...general, verify(h(2))],
    command: refuse(h(3)),
  },
  EscalationNotAllowed: {
    why: 'only major complaints go to the coordination meeting (协调会)',
    history: [...general, verify(h(2))],
    command: escalate(h(3)),
    details: { complaintClass: 'general' },
  },
  AlreadyEscalated: {
    why: 'one coordination meeting',
    history: [...major, escalate(h(60))],
    command: escalate(h(61)),
  },
  AlreadyWaiting: {
    why: 'one wait at a time',
    history: [...general, startWaiting(h(2))],
    command: startWaiting(h(3)),
  },
  NotWaiting: {
    why: 'a wait ends after it started',
    history: general,
    command: endWaiting(h(2)),
  },
  StillWaitingOnCustomer: {
    why: 'no close while waiting on the customer',
    history: [...general, verify(h(2)), negotiate(h(3)), sign(h(4)), startWaiting(h(5))],
    command: close(h(6)),
  },
  RectificationPending: {
    why: 'a service-quality complaint cannot close before its last rectification passed',
    history: [...gsqNoticeOpen, inspect(h(30), 'N1', 'failed')],
    command: close(h(31)),
  },
  CustomerAcceptancePending: {
    why: 'a service-quality complaint cannot close before the customer accepted',
    history: gsqPassed,
    command: close(h(31)),
  },
  StepsMissing: {
    why: 'a major complaint is reported to leadership before it closes',
    history: [
      ...major,
      negotiate(h(10)),
      issueNotice(h(11), 'N1', h(40)),
      inspect(h(30), 'N1', 'passed'),
      accept(h(31)),
    ],
    command: close(h(32)),
    details: { missing: ['report'] },
  },
};

describe('every rejection, with its code and details', () => {
  it.each(Object.entries(cases))('%s', (code, c) => {
    const r = rejection(c.history, c.command, c.policy);
    expect(r.code).toBe(code);
    expect(r).toMatchObject({
      _tag: 'ComplaintRejected',
      complaintId: c.command.complaintId,
      command: c.command.type,
      ...c.details,
    });
    expect(r.message).toContain(c.command.type);
  });
});

describe('time', () => {
  it('compares instants, not strings: +08:00 and Z offsets of the same stream', () => {
    // 08:59 in Shanghai is 00:59Z, before the receipt at 01:00Z although it sorts after it.
    const history = [receive(instant('2026-03-02T01:00:00Z'))];
    const r = rejection(history, classify(instant('2026-03-02T08:59:00+08:00'), 'general'));
    expect(r).toMatchObject({ code: 'TimeWentBackwards', lastEventAt: '2026-03-02T01:00:00.000Z' });
  });

  it('a command at the same instant as the last event is accepted', () => {
    expect(accepted([receive(h(0))], classify(h(0), 'general'))).toHaveLength(1);
  });

  it('a closed complaint still refuses a revisit dated before the close', () => {
    const r = rejection(lifecycles.general.slice(0, -1), revisit(h(99)));
    expect(r).toMatchObject({ code: 'TimeWentBackwards', at: h(99), lastEventAt: h(100) });
  });
});

describe('closed complaints', () => {
  const closed = lifecycles.generalServiceQuality.slice(0, -1);
  it.each([
    ['a second close', close(h(200))],
    ['a re-classification', reclassify(h(200), 'majorServiceQuality')],
    ['a refusal', refuse(h(200))],
    ['a new notice', issueNotice(h(200), 'N2', h(300))],
    ['a wait', startWaiting(h(200))],
  ])('refuse %s with AlreadyClosed', (_, command) => {
    expect(rejection(closed, command)).toMatchObject({ code: 'AlreadyClosed', closedAt: h(150) });
  });
});

describe('malformed commands never reach the stream', () => {
  it('a notice deadline that is not an instant is rejected naming the field', () => {
    const r = rejection(gsq, { ...issueNotice(h(4), 'N1'), deadline: 'in a week' });
    expect(r).toMatchObject({ code: 'InvalidCommand', problems: [{ path: 'deadline' }] });
    expect(r.message).toContain('deadline: expected Instant');
  });

  it('a blank summary or an unknown grade on receipt is rejected', () => {
    const blank = rejection([], receive(h(0), { summary: '  ' }));
    expect(blank).toMatchObject({ code: 'InvalidCommand', problems: [{ path: 'summary' }] });
    const grade = rejection([], receive(h(0), { customer: { id: 'CUST-7', grade: 'Z' as 'A' } }));
    expect(grade).toMatchObject({ code: 'InvalidCommand', problems: [{ path: 'customer.grade' }] });
  });

  it('a closed complaint rejects a malformed revisit before anything else', () => {
    const r = rejection(lifecycles.general.slice(0, -1), { ...revisit(h(200)), at: '2026-13-45' });
    expect(r).toMatchObject({ code: 'InvalidCommand', problems: [{ path: 'at' }] });
  });
});
