import type { StepKind } from '../policy/steps';
import type { DecodeProblem } from '../shared/decode';

/**
 * Why `decide` refused a command. A value, never a throw: callers switch on `code`.
 */
export type Rejection =
  /** The command does not pass its own codec (e.g. `at` is not an instant). */
  | { readonly code: 'InvalidCommand'; readonly problems: readonly DecodeProblem[] }
  | { readonly code: 'NotReceived' }
  | { readonly code: 'AlreadyReceived' }
  | { readonly code: 'TimeWentBackwards'; readonly at: string; readonly lastEventAt: string }
  | { readonly code: 'WrongComplaint'; readonly expected: string; readonly actual: string }
  | { readonly code: 'AlreadyClosed'; readonly closedAt: string }
  | { readonly code: 'NotClosed' }
  | { readonly code: 'AlreadyRevisited' }
  | { readonly code: 'NotClassified' }
  | { readonly code: 'AlreadyClassified'; readonly complaintClass: string }
  | { readonly code: 'UnknownClass'; readonly complaintClass: string }
  | { readonly code: 'ReclassificationNotAllowed' }
  | { readonly code: 'SameClass'; readonly complaintClass: string }
  | { readonly code: 'StepNotInClass'; readonly step: StepKind; readonly complaintClass: string }
  | {
      readonly code: 'StepOutOfOrder';
      readonly step: StepKind;
      readonly missing: readonly StepKind[];
    }
  | { readonly code: 'StepAlreadyDone'; readonly step: StepKind }
  | { readonly code: 'NoticeStillOpen'; readonly noticeId: string }
  | { readonly code: 'DuplicateNoticeId'; readonly noticeId: string }
  | { readonly code: 'UnknownNotice'; readonly noticeId: string }
  | { readonly code: 'NoticeAlreadyInspected'; readonly noticeId: string }
  | { readonly code: 'RectificationAlreadyPassed' }
  | { readonly code: 'NoticeDeadlineRequired' }
  | { readonly code: 'NoticeDeadlineNotAfterIssue'; readonly deadline: string }
  | { readonly code: 'NoticeDeadlineTooLate'; readonly deadline: string; readonly maxHours: number }
  | { readonly code: 'RectificationNotPassed' }
  | { readonly code: 'NothingToRefuse' }
  | { readonly code: 'EscalationNotAllowed'; readonly complaintClass: string }
  | { readonly code: 'AlreadyEscalated' }
  | { readonly code: 'AlreadyWaiting' }
  | { readonly code: 'NotWaiting' }
  | { readonly code: 'StillWaitingOnCustomer' }
  | { readonly code: 'RectificationPending' }
  | { readonly code: 'CustomerAcceptancePending' }
  | { readonly code: 'StepsMissing'; readonly missing: readonly StepKind[] };

export type RejectionCode = Rejection['code'];

export type ComplaintRejected = Rejection & {
  readonly _tag: 'ComplaintRejected';
  readonly complaintId: string;
  readonly command: string;
  readonly message: string;
};

const describe = (r: Rejection): string => {
  switch (r.code) {
    case 'InvalidCommand':
      return `invalid command: ${r.problems.map((p) => `${p.path}: expected ${p.expected}`).join('; ')}`;
    case 'NotReceived':
      return 'no complaint was received under this id';
    case 'AlreadyReceived':
      return 'the complaint was already received';
    case 'TimeWentBackwards':
      return `command time ${r.at} is before the complaint's last event at ${r.lastEventAt}`;
    case 'WrongComplaint':
      return `command is for complaint ${r.actual}, state is complaint ${r.expected}`;
    case 'AlreadyClosed':
      return `the complaint was closed at ${r.closedAt}; only the revisit may follow`;
    case 'NotClosed':
      return 'the revisit comes after closing, and the complaint is not closed';
    case 'AlreadyRevisited':
      return 'the complaint was already revisited';
    case 'NotClassified':
      return 'the complaint must be classified first';
    case 'AlreadyClassified':
      return `already classified as ${r.complaintClass}: re-classify instead`;
    case 'UnknownClass':
      return `the policy has no class "${r.complaintClass}"`;
    case 'ReclassificationNotAllowed':
      return 'the policy does not allow re-classification';
    case 'SameClass':
      return `the complaint is already ${r.complaintClass}`;
    case 'StepNotInClass':
      return `step "${r.step}" is not part of class ${r.complaintClass}`;
    case 'StepOutOfOrder':
      return `step "${r.step}" needs ${r.missing.join(', ')} first`;
    case 'StepAlreadyDone':
      return `step "${r.step}" is already done`;
    case 'NoticeStillOpen':
      return `rectification notice ${r.noticeId} is still open`;
    case 'DuplicateNoticeId':
      return `a rectification notice ${r.noticeId} was already issued`;
    case 'UnknownNotice':
      return `no open rectification notice ${r.noticeId}`;
    case 'NoticeAlreadyInspected':
      return `rectification notice ${r.noticeId} was already inspected`;
    case 'RectificationAlreadyPassed':
      return 'the rectification already passed inspection';
    case 'NoticeDeadlineRequired':
      return 'the notice needs a deadline (the policy sets no default)';
    case 'NoticeDeadlineNotAfterIssue':
      return `the deadline ${r.deadline} is not after the notice is issued`;
    case 'NoticeDeadlineTooLate':
      return `the deadline ${r.deadline} is more than ${r.maxHours} h after issue`;
    case 'RectificationNotPassed':
      return 'the rectification has not passed inspection';
    case 'NothingToRefuse':
      return 'none of the steps a refusal reopens has been done';
    case 'EscalationNotAllowed':
      return `class ${r.complaintClass} does not go to a coordination meeting`;
    case 'AlreadyEscalated':
      return 'already escalated to a coordination meeting';
    case 'AlreadyWaiting':
      return 'already waiting on the customer';
    case 'NotWaiting':
      return 'not waiting on the customer';
    case 'StillWaitingOnCustomer':
      return 'still waiting on the customer: end the wait first';
    case 'RectificationPending':
      return 'a service-quality complaint closes only after its last rectification passed inspection';
    case 'CustomerAcceptancePending':
      return 'a service-quality complaint closes only after the customer accepted the result';
    case 'StepsMissing':
      return `cannot close before ${r.missing.join(', ')}`;
  }
};

export const rejected = (
  complaintId: string,
  command: string,
  r: Rejection,
): ComplaintRejected => ({
  ...r,
  _tag: 'ComplaintRejected',
  complaintId,
  command,
  message: `${command} ${complaintId}: ${describe(r)}`,
});
