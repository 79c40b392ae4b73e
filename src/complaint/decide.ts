import * as E from 'fp-ts/Either';
import { classPolicy, meetingSettles, stepRule } from '../policy/lookup';
import type { StepKind } from '../policy/steps';
import type { ClassPolicy, Policy } from '../policy/types';
import { HOUR_MS, instantFromMillis, toMillis } from '../shared/time';
import { commandProblems } from './codec';
import type { CommandOf, ComplaintCommand } from './commands';
import type { ComplaintEvent } from './events';
import { type ComplaintRejected, type Rejection, rejected } from './rejections';
import { type ComplaintState, type OpenComplaint, openNotice } from './state';

type Decision = E.Either<ComplaintRejected, ComplaintEvent[]>;

/** Commands that complete one ordinary step, with the event each records. */
const SIMPLE_STEPS = {
  VerifyComplaint: 'verify',
  ContactCustomer: 'explain',
  NegotiateAgreement: 'negotiate',
  SignAgreement: 'sign',
  ReportToLeadership: 'report',
  DraftSolution: 'draftSolution',
  RecordCustomerAcceptance: 'accept',
} as const satisfies Partial<Record<ComplaintCommand['type'], StepKind>>;

const simpleStepEvent = (c: ComplaintCommand): ComplaintEvent | undefined => {
  const at = c.at;
  switch (c.type) {
    case 'VerifyComplaint':
      return {
        type: 'ComplaintVerified',
        data: {
          at,
          finding: c.finding,
          ...(c.substantiated === undefined ? {} : { substantiated: c.substantiated }),
          ...(c.responsibleDepartment === undefined
            ? {}
            : { responsibleDepartment: c.responsibleDepartment }),
        },
      };
    case 'ContactCustomer':
      return { type: 'CustomerContacted', data: { at, explanation: c.explanation } };
    case 'NegotiateAgreement':
      return { type: 'AgreementNegotiated', data: { at, agreement: c.agreement } };
    case 'SignAgreement':
      return { type: 'AgreementSigned', data: { at, signedBy: c.signedBy } };
    case 'ReportToLeadership':
      return {
        type: 'ReportedToLeadership',
        data: { at, reportedTo: c.reportedTo ?? ['company leadership', 'operations department'] },
      };
    case 'DraftSolution':
      return { type: 'SolutionDrafted', data: { at, solution: c.solution } };
    case 'RecordCustomerAcceptance':
      return {
        type: 'CustomerAccepted',
        data: { at, ...(c.remarks === undefined ? {} : { remarks: c.remarks }) },
      };
    default:
      return undefined;
  }
};

/**
 * Whether a step no longer holds the complaint back: recorded, or settled by the coordination
 * meeting the complaint was escalated to (the class's `coordinationMeetingSettles`).
 */
const isDone = (s: OpenComplaint, cls: ClassPolicy, step: StepKind): boolean =>
  s.completed[step] !== undefined || (s.escalated && meetingSettles(cls).includes(step));

/** The steps of `after` not done yet; allocates only when one is missing. */
const notDone = (
  s: OpenComplaint,
  cls: ClassPolicy,
  after: readonly StepKind[],
): StepKind[] | undefined => {
  let missing: StepKind[] | undefined;
  for (const step of after) {
    if (isDone(s, cls, step)) continue;
    if (missing === undefined) missing = [];
    missing.push(step);
  }
  return missing;
};

/**
 * The steps to do before closing that are not done, in the class's order: both the steps
 * marked required and the close step's own prerequisites. Allocates only when one is missing.
 */
const missingToClose = (s: OpenComplaint, cls: ClassPolicy): StepKind[] | undefined => {
  const closeAfter = stepRule(cls, 'close')?.after ?? [];
  let missing: StepKind[] | undefined;
  for (const { step, requiredToClose } of cls.steps) {
    if (!(requiredToClose || closeAfter.includes(step)) || isDone(s, cls, step)) continue;
    if (missing === undefined) missing = [];
    missing.push(step);
  }
  return missing;
};

// Module-level rather than closures made per call: decide runs once per command handled.
const refuse = (command: ComplaintCommand, r: Rejection): Decision =>
  E.left(rejected(command.complaintId, command.type, r));
const record = (event: ComplaintEvent): Decision => E.right([event]);

/** Rectification (notices, inspections) is for the classes that have its step (POLICY.md). */
const hasRectification = (cls: ClassPolicy): boolean => stepRule(cls, 'rectify') !== undefined;

const noRectification = (command: ComplaintCommand, complaintClass: string): Decision =>
  refuse(command, { code: 'StepNotInClass', step: 'rectify', complaintClass });

/** Why the class's step cannot be done now, if it cannot. */
const stepRefusal = (
  s: OpenComplaint,
  cls: ClassPolicy,
  step: StepKind,
  repeatable = false,
): Rejection | undefined => {
  const rule = stepRule(cls, step);
  if (rule === undefined)
    return { code: 'StepNotInClass', step, complaintClass: s.complaintClass ?? '' };
  if (!repeatable && s.completed[step] !== undefined) return { code: 'StepAlreadyDone', step };
  const missing = notDone(s, cls, rule.after);
  return missing === undefined ? undefined : { code: 'StepOutOfOrder', step, missing };
};

/**
 * Decide what a command means for one complaint under a policy: the events to record, or
 * why not. Pure: the command carries its time, the policy is a value.
 */
export const decide = (
  command: ComplaintCommand,
  state: ComplaintState,
  policy: Policy,
): Decision => {
  const problems = commandProblems(command);
  if (problems !== undefined) return refuse(command, { code: 'InvalidCommand', problems });
  const at = toMillis(command.at);

  if (state.status === 'none') {
    if (command.type !== 'ReceiveComplaint') return refuse(command, { code: 'NotReceived' });
    const c = command;
    return record({
      type: 'ComplaintReceived',
      data: {
        at: c.at,
        complaintId: c.complaintId,
        centre: c.centre,
        channel: c.channel,
        customer: c.customer,
        summary: c.summary,
        ...(c.reference === undefined ? {} : { reference: c.reference }),
        ...(c.repeatOf === undefined ? {} : { repeatOf: c.repeatOf }),
      },
    });
  }
  const s = state;
  if (command.complaintId !== s.complaintId)
    return refuse(command, {
      code: 'WrongComplaint',
      expected: s.complaintId,
      actual: command.complaintId,
    });
  if (command.type === 'ReceiveComplaint') return refuse(command, { code: 'AlreadyReceived' });
  if (at < s.lastEventAt)
    return refuse(command, {
      code: 'TimeWentBackwards',
      at: command.at,
      lastEventAt: instantFromMillis(s.lastEventAt),
    });

  if (s.status === 'closed') {
    if (command.type !== 'RevisitCustomer')
      return refuse(command, {
        code: 'AlreadyClosed',
        closedAt: instantFromMillis(s.closedAt ?? s.lastEventAt),
      });
    if (s.revisitedAt !== null) return refuse(command, { code: 'AlreadyRevisited' });
    // The revisit is a step of the class like the others: a class may be written without one.
    if (s.complaintClass === null) return refuse(command, { code: 'NotClassified' });
    const closedClass = classPolicy(policy, s.complaintClass);
    if (closedClass === undefined)
      return refuse(command, { code: 'UnknownClass', complaintClass: s.complaintClass });
    const refusal = stepRefusal(s, closedClass, 'revisit');
    if (refusal) return refuse(command, refusal);
    return record({
      type: 'ComplaintRevisited',
      data: {
        at: command.at,
        verdict: command.verdict,
        ...(command.notes === undefined ? {} : { notes: command.notes }),
      },
    });
  }
  if (command.type === 'RevisitCustomer') return refuse(command, { code: 'NotClosed' });

  // Waiting on the customer is about the customer, not the class: a centre may need the
  // customer's answer before it can classify at all.
  if (command.type === 'StartWaitingOnCustomer') {
    if (s.waitingSince !== null) return refuse(command, { code: 'AlreadyWaiting' });
    return record({
      type: 'CustomerWaitStarted',
      data: { at: command.at, reason: command.reason },
    });
  }
  if (command.type === 'EndWaitingOnCustomer') {
    if (s.waitingSince === null) return refuse(command, { code: 'NotWaiting' });
    return record({ type: 'CustomerWaitEnded', data: { at: command.at } });
  }

  if (command.type === 'ClassifyComplaint') {
    if (s.complaintClass !== null)
      return refuse(command, { code: 'AlreadyClassified', complaintClass: s.complaintClass });
    if (classPolicy(policy, command.complaintClass) === undefined)
      return refuse(command, { code: 'UnknownClass', complaintClass: command.complaintClass });
    return record({
      type: 'ComplaintClassified',
      data: {
        at: command.at,
        complaintClass: command.complaintClass,
        ...(command.reason === undefined ? {} : { reason: command.reason }),
      },
    });
  }

  if (s.complaintClass === null) return refuse(command, { code: 'NotClassified' });
  const currentClass = s.complaintClass;
  const cls = classPolicy(policy, currentClass);
  // A class the policy no longer knows still allows re-classification into one it does.
  if (command.type === 'ReclassifyComplaint') return reclassify(command, currentClass, policy);
  if (cls === undefined)
    return refuse(command, { code: 'UnknownClass', complaintClass: currentClass });

  switch (command.type) {
    case 'VerifyComplaint':
    case 'ContactCustomer':
    case 'NegotiateAgreement':
    case 'SignAgreement':
    case 'ReportToLeadership':
    case 'DraftSolution':
    case 'RecordCustomerAcceptance': {
      const step = SIMPLE_STEPS[command.type];
      const refusal = stepRefusal(s, cls, step);
      if (refusal) return refuse(command, refusal);
      if (
        step === 'accept' &&
        cls.serviceQuality &&
        (s.completed.rectify === undefined || openNotice(s))
      )
        return refuse(command, { code: 'RectificationNotPassed' });
      const event = simpleStepEvent(command);
      return event
        ? record(event)
        : refuse(command, { code: 'StepNotInClass', step, complaintClass: currentClass });
    }
    case 'IssueRectificationNotice':
      return issueNotice(command, s, cls, policy);
    case 'InspectRectification': {
      // Rectification is for the classes that have it (POLICY.md): a notice left open by a
      // former class waits, uninspected, until the complaint is back in such a class.
      if (!hasRectification(cls)) return noRectification(command, currentClass);
      const open = openNotice(s);
      if (open === undefined || open.noticeId !== command.noticeId) {
        const known = s.notices.some((n) => n.noticeId === command.noticeId);
        return refuse(
          command,
          known
            ? { code: 'NoticeAlreadyInspected', noticeId: command.noticeId }
            : { code: 'UnknownNotice', noticeId: command.noticeId },
        );
      }
      return record({
        type: 'RectificationInspected',
        data: {
          at: command.at,
          noticeId: command.noticeId,
          result: command.result,
          ...(command.remarks === undefined ? {} : { remarks: command.remarks }),
        },
      });
    }
    case 'RecordCustomerRefusal': {
      // The customer refuses a result; while a notice is open there is none yet, and
      // reopening its issue would leave a notice nobody may replace or close over. A notice
      // only holds back a class with rectification: one a re-classification left open no
      // longer governs the complaint (its clocks follow the new class, POLICY.md).
      const open = hasRectification(cls) ? openNotice(s) : undefined;
      if (open) return refuse(command, { code: 'NoticeStillOpen', noticeId: open.noticeId });
      const reopened = cls.refusalReopens.filter((step) => s.completed[step] !== undefined);
      if (reopened.length === 0) return refuse(command, { code: 'NothingToRefuse' });
      return record({
        type: 'CustomerRefused',
        data: { at: command.at, reason: command.reason, reopened },
      });
    }
    case 'EscalateToCoordinationMeeting':
      if (!cls.coordinationMeeting)
        return refuse(command, { code: 'EscalationNotAllowed', complaintClass: currentClass });
      if (s.escalated) return refuse(command, { code: 'AlreadyEscalated' });
      return record({
        type: 'EscalatedToCoordinationMeeting',
        data: { at: command.at, reason: command.reason },
      });
    case 'CloseComplaint': {
      if (s.waitingSince !== null) return refuse(command, { code: 'StillWaitingOnCustomer' });
      if (cls.serviceQuality) {
        if (s.completed.rectify === undefined || openNotice(s))
          return refuse(command, { code: 'RectificationPending' });
        // An acceptance given before the last rectification passed does not accept it.
        const accepted = s.completed.accept;
        if (accepted === undefined || accepted < s.completed.rectify)
          return refuse(command, { code: 'CustomerAcceptancePending' });
      }
      const missing = missingToClose(s, cls);
      if (missing !== undefined) return refuse(command, { code: 'StepsMissing', missing });
      return record({
        type: 'ComplaintClosed',
        data: { at: command.at, result: command.result, writtenNotice: command.writtenNotice },
      });
    }
  }
};

const reclassify = (
  command: CommandOf<'ReclassifyComplaint'>,
  currentClass: string,
  policy: Policy,
): Decision => {
  if (!policy.reclassification.allowed)
    return refuse(command, { code: 'ReclassificationNotAllowed' });
  if (classPolicy(policy, command.complaintClass) === undefined)
    return refuse(command, { code: 'UnknownClass', complaintClass: command.complaintClass });
  if (command.complaintClass === currentClass)
    return refuse(command, { code: 'SameClass', complaintClass: currentClass });
  return record({
    type: 'ComplaintReclassified',
    data: {
      at: command.at,
      from: currentClass,
      to: command.complaintClass,
      reason: command.reason,
    },
  });
};

const issueNotice = (
  command: CommandOf<'IssueRectificationNotice'>,
  s: OpenComplaint,
  cls: ClassPolicy,
  policy: Policy,
): Decision => {
  // A failed inspection calls for a new notice, so issuing is repeatable until one passes.
  const refusal = stepRefusal(s, cls, 'issueNotice', true);
  if (refusal) return refuse(command, refusal);
  if (!hasRectification(cls)) return noRectification(command, s.complaintClass ?? '');
  const open = openNotice(s);
  if (open) return refuse(command, { code: 'NoticeStillOpen', noticeId: open.noticeId });
  if (s.completed.rectify !== undefined)
    return refuse(command, { code: 'RectificationAlreadyPassed' });
  if (s.notices.some((n) => n.noticeId === command.noticeId))
    return refuse(command, { code: 'DuplicateNoticeId', noticeId: command.noticeId });

  const issuedAt = toMillis(command.at);
  const { defaultNoticeHours, maxNoticeHours } = policy.rectification;
  let deadline: string;
  if (command.deadline !== undefined) deadline = command.deadline;
  else if (defaultNoticeHours !== null)
    deadline = instantFromMillis(issuedAt + defaultNoticeHours * HOUR_MS);
  else return refuse(command, { code: 'NoticeDeadlineRequired' });
  const deadlineMs = toMillis(deadline);
  if (deadlineMs <= issuedAt)
    return refuse(command, { code: 'NoticeDeadlineNotAfterIssue', deadline });
  if (maxNoticeHours !== null && deadlineMs - issuedAt > maxNoticeHours * HOUR_MS)
    return refuse(command, { code: 'NoticeDeadlineTooLate', deadline, maxHours: maxNoticeHours });

  return record({
    type: 'RectificationNoticeIssued',
    data: {
      at: command.at,
      noticeId: command.noticeId,
      responsibleDepartment: command.responsibleDepartment,
      requirements: command.requirements,
      deadline,
      ...(command.responsiblePeople === undefined
        ? {}
        : { responsiblePeople: command.responsiblePeople }),
    },
  });
};
