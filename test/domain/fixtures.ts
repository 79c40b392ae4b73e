/**
 * Builders for complaint commands and a small runner that decides and folds them, so that
 * tests read as the lifecycle they check. Every builder takes its instant explicitly: the
 * core has no clock, and neither do the tests.
 */
import * as E from 'fp-ts/Either';
import type { CommandOf, ComplaintCommand } from '../../src/complaint/commands';
import { decide } from '../../src/complaint/decide';
import type { ComplaintEvent } from '../../src/complaint/events';
import { evolve } from '../../src/complaint/evolve';
import type { ComplaintRejected } from '../../src/complaint/rejections';
import { type ComplaintState, initialState, type OpenComplaint } from '../../src/complaint/state';
import type { ComplaintId, InspectionResult, RevisitVerdict } from '../../src/complaint/vocabulary';
import { hongchangPolicy } from '../../src/policy/hongchang';
import type { Policy } from '../../src/policy/types';
import type { NonEmptyText } from '../../src/shared/nonempty';
import { HOUR_MS, type Instant, instantFromMillis } from '../../src/shared/time';

export const ID = 'C-2026-0001' as ComplaintId;
export const OTHER_ID = 'C-2026-0002' as ComplaintId;

/** Monday 2 March 2026, 09:00 in Shanghai: hour 0 of every test. */
export const T0 = Date.parse('2026-03-02T09:00:00+08:00');
/** The instant `hours` after T0. */
export const h = (hours: number): Instant => instantFromMillis(T0 + hours * HOUR_MS);

const text = (s: string) => s as NonEmptyText;

export type ClassId = 'invalid' | 'general' | 'generalServiceQuality' | 'majorServiceQuality';
export const CLASS_IDS: readonly ClassId[] = [
  'invalid',
  'general',
  'generalServiceQuality',
  'majorServiceQuality',
];

export const receive = (
  at: Instant,
  more: Partial<CommandOf<'ReceiveComplaint'>> = {},
): CommandOf<'ReceiveComplaint'> => ({
  type: 'ReceiveComplaint',
  complaintId: ID,
  at,
  centre: 'call-centre',
  channel: 'phone',
  customer: { id: 'CUST-7', name: 'Anhui Steel', grade: 'A' },
  reference: { shipmentId: 'SHP-4411' },
  summary: text('Pallet of steel coils arrived dented'),
  ...more,
});

export const classify = (at: Instant, complaintClass: string): CommandOf<'ClassifyComplaint'> => ({
  type: 'ClassifyComplaint',
  complaintId: ID,
  at,
  complaintClass,
});

export const reclassify = (
  at: Instant,
  complaintClass: string,
  reason = 'Verification showed a wider service failure',
): CommandOf<'ReclassifyComplaint'> => ({
  type: 'ReclassifyComplaint',
  complaintId: ID,
  at,
  complaintClass,
  reason: text(reason),
});

export const verify = (at: Instant): CommandOf<'VerifyComplaint'> => ({
  type: 'VerifyComplaint',
  complaintId: ID,
  at,
  finding: text('Forklift damage at the Hefei depot'),
  substantiated: true,
  responsibleDepartment: 'hefei-depot',
});

export const contactCustomer = (at: Instant): CommandOf<'ContactCustomer'> => ({
  type: 'ContactCustomer',
  complaintId: ID,
  at,
  explanation: text('Delay was caused by a typhoon closure, force majeure under the contract'),
});

export const negotiate = (at: Instant): CommandOf<'NegotiateAgreement'> => ({
  type: 'NegotiateAgreement',
  complaintId: ID,
  at,
  agreement: text('Refund of the freight charge'),
});

export const sign = (at: Instant): CommandOf<'SignAgreement'> => ({
  type: 'SignAgreement',
  complaintId: ID,
  at,
  signedBy: text('Deputy general manager Li'),
});

export const report = (at: Instant): CommandOf<'ReportToLeadership'> => ({
  type: 'ReportToLeadership',
  complaintId: ID,
  at,
});

export const draftSolution = (at: Instant): CommandOf<'DraftSolution'> => ({
  type: 'DraftSolution',
  complaintId: ID,
  at,
  solution: text('Retrain forklift drivers; re-pack the remaining coils'),
});

export const issueNotice = (
  at: Instant,
  noticeId: string,
  deadline?: Instant,
): CommandOf<'IssueRectificationNotice'> => ({
  type: 'IssueRectificationNotice',
  complaintId: ID,
  at,
  noticeId,
  responsibleDepartment: text('hefei-depot'),
  requirements: text('Fit corner protectors on every coil pallet'),
  ...(deadline === undefined ? {} : { deadline }),
});

export const inspect = (
  at: Instant,
  noticeId: string,
  result: InspectionResult,
): CommandOf<'InspectRectification'> => ({
  type: 'InspectRectification',
  complaintId: ID,
  at,
  noticeId,
  result,
});

export const accept = (at: Instant): CommandOf<'RecordCustomerAcceptance'> => ({
  type: 'RecordCustomerAcceptance',
  complaintId: ID,
  at,
});

export const refuse = (
  at: Instant,
  reason = 'The coils are still dented',
): CommandOf<'RecordCustomerRefusal'> => ({
  type: 'RecordCustomerRefusal',
  complaintId: ID,
  at,
  reason: text(reason),
});

export const escalate = (at: Instant): CommandOf<'EscalateToCoordinationMeeting'> => ({
  type: 'EscalateToCoordinationMeeting',
  complaintId: ID,
  at,
  reason: text('No department accepts the loss; negotiation failed after 48 h'),
});

export const startWaiting = (at: Instant): CommandOf<'StartWaitingOnCustomer'> => ({
  type: 'StartWaitingOnCustomer',
  complaintId: ID,
  at,
  reason: text('Waiting for photos of the damage'),
});

export const endWaiting = (at: Instant): CommandOf<'EndWaitingOnCustomer'> => ({
  type: 'EndWaitingOnCustomer',
  complaintId: ID,
  at,
});

export const close = (at: Instant): CommandOf<'CloseComplaint'> => ({
  type: 'CloseComplaint',
  complaintId: ID,
  at,
  result: text('Freight refunded, depot procedure changed'),
  writtenNotice: 'letter',
});

export const revisit = (
  at: Instant,
  verdict: RevisitVerdict = 'satisfied',
): CommandOf<'RevisitCustomer'> => ({
  type: 'RevisitCustomer',
  complaintId: ID,
  at,
  verdict,
});

/**
 * One complaint of each class of the default policy, from receipt to revisit, every step
 * inside its limit.
 */
export const lifecycles: Readonly<Record<ClassId, readonly ComplaintCommand[]>> = {
  invalid: [
    receive(h(0)),
    classify(h(1), 'invalid'),
    verify(h(20)),
    contactCustomer(h(30)),
    close(h(31)),
    revisit(h(31 + 24 * 20)),
  ],
  general: [
    receive(h(0)),
    classify(h(1), 'general'),
    verify(h(40)),
    negotiate(h(80)),
    sign(h(90)),
    close(h(100)),
    revisit(h(100 + 24 * 25)),
  ],
  generalServiceQuality: [
    receive(h(0)),
    classify(h(1), 'generalServiceQuality'),
    verify(h(20)),
    draftSolution(h(40)),
    issueNotice(h(60), 'N1', h(130)),
    inspect(h(120), 'N1', 'passed'),
    accept(h(140)),
    close(h(150)),
    revisit(h(150 + 24 * 28)),
  ],
  majorServiceQuality: [
    receive(h(0)),
    classify(h(1), 'majorServiceQuality'),
    verify(h(20)),
    report(h(22)),
    negotiate(h(60)),
    issueNotice(h(70), 'N1', h(140)),
    inspect(h(130), 'N1', 'passed'),
    accept(h(150)),
    close(h(160)),
    revisit(h(160 + 24 * 29)),
  ],
};

/** A general service-quality complaint, verified, its solution drafted: ready for a notice. */
export const gsqDrafted: readonly ComplaintCommand[] = [
  receive(h(0)),
  classify(h(1), 'generalServiceQuality'),
  verify(h(2)),
  draftSolution(h(3)),
];

/** The same with rectification notice N1 issued (due at h(40)) and not yet inspected. */
export const gsqNoticeOpen: readonly ComplaintCommand[] = [
  ...gsqDrafted,
  issueNotice(h(4), 'N1', h(40)),
];

/** The same, then re-classified as general (no rectification) while N1 is still open. */
export const noticeOpenThenGeneral: readonly ComplaintCommand[] = [
  ...gsqNoticeOpen,
  reclassify(h(5), 'general', 'Only a billing dispute after all'),
];

export interface Run {
  readonly state: ComplaintState;
  /** Every event recorded, in order. */
  readonly events: readonly ComplaintEvent[];
}

/** Fold events into a state, from the initial state unless given one. */
export const fold = (
  events: readonly ComplaintEvent[],
  from: ComplaintState = initialState,
): ComplaintState => events.reduce(evolve, from);

/**
 * Decide each command against the state folded so far and apply its events. Throws on the
 * first rejection: a test's history is expected to be valid.
 */
export const run = (
  commands: readonly ComplaintCommand[],
  policy: Policy = hongchangPolicy,
  from: Run = { state: initialState, events: [] },
): Run => {
  let { state } = from;
  const events = [...from.events];
  for (const command of commands) {
    const decision = decide(command, state, policy);
    if (E.isLeft(decision))
      throw new Error(`history rejected at ${command.type}: ${decision.left.message}`);
    events.push(...decision.right);
    state = fold(decision.right, state);
  }
  return { state, events };
};

/** The events a command records after a valid history; throws if it is rejected. */
export const accepted = (
  history: readonly ComplaintCommand[],
  command: ComplaintCommand,
  policy: Policy = hongchangPolicy,
): ComplaintEvent[] => {
  const decision = decide(command, run(history, policy).state, policy);
  if (E.isLeft(decision))
    throw new Error(`expected ${command.type} accepted: ${decision.left.message}`);
  return decision.right;
};

/** Why a command is rejected after a valid history; throws if it is accepted. */
export const rejection = (
  history: readonly ComplaintCommand[],
  command: ComplaintCommand,
  policy: Policy = hongchangPolicy,
): ComplaintRejected => {
  const decision = decide(command, run(history, policy).state, policy);
  if (E.isRight(decision))
    throw new Error(
      `expected ${command.type} rejected, got ${decision.right.map((e) => e.type).join(', ')}`,
    );
  return decision.left;
};

/** The state as an open (or closed) complaint; throws if nothing was received. */
export const opened = (state: ComplaintState): OpenComplaint => {
  if (state.status === 'none') throw new Error('no complaint received');
  return state;
};

/** A copy of a policy with one class changed, for tests of settings. */
export const withClass = (
  policy: Policy,
  classId: string,
  change: (cls: Policy['classes'][string]) => Policy['classes'][string],
): Policy => {
  const cls = policy.classes[classId];
  if (cls === undefined) throw new Error(`no class ${classId}`);
  return { ...policy, classes: { ...policy.classes, [classId]: change(cls) } };
};
