import * as t from 'io-ts';
import { NonEmptyText } from '../shared/nonempty';
import { Instant } from '../shared/time';
import {
  Channel,
  Code,
  ComplaintId,
  Customer,
  InspectionResult,
  Reference,
  RevisitVerdict,
  WrittenNoticeChannel,
} from './vocabulary';

/**
 * Every command names its complaint and the instant it happened (`at`, from the caller:
 * the core has no clock). `commandId` makes handling idempotent; `actor` is who did it.
 */
const command = <T extends string, P extends t.Props, O extends t.Props>(
  type: T,
  required: P,
  optional: O,
) =>
  t.intersection(
    [
      t.type({ type: t.literal(type), complaintId: ComplaintId, at: Instant, ...required }),
      t.partial({ commandId: t.string, actor: t.string, ...optional }),
    ],
    type,
  );

export const ReceiveComplaint = command(
  'ReceiveComplaint',
  { centre: Code, channel: Channel, customer: Customer, summary: NonEmptyText },
  { reference: Reference, repeatOf: ComplaintId },
);
export const ClassifyComplaint = command(
  'ClassifyComplaint',
  { complaintClass: t.string },
  { reason: t.string },
);
export const ReclassifyComplaint = command(
  'ReclassifyComplaint',
  { complaintClass: t.string, reason: NonEmptyText },
  {},
);
export const VerifyComplaint = command(
  'VerifyComplaint',
  { finding: NonEmptyText },
  { substantiated: t.boolean, responsibleDepartment: t.string },
);
export const ContactCustomer = command('ContactCustomer', { explanation: NonEmptyText }, {});
export const NegotiateAgreement = command('NegotiateAgreement', { agreement: NonEmptyText }, {});
export const SignAgreement = command('SignAgreement', { signedBy: NonEmptyText }, {});
export const ReportToLeadership = command(
  'ReportToLeadership',
  {},
  { reportedTo: t.array(t.string) },
);
export const DraftSolution = command('DraftSolution', { solution: NonEmptyText }, {});
export const IssueRectificationNotice = command(
  'IssueRectificationNotice',
  { noticeId: Code, responsibleDepartment: NonEmptyText, requirements: NonEmptyText },
  {
    /** When absent, the policy's `rectification.defaultNoticeHours` after `at`. */
    deadline: Instant,
    responsiblePeople: t.array(t.string),
  },
);
export const InspectRectification = command(
  'InspectRectification',
  { noticeId: Code, result: InspectionResult },
  { remarks: t.string },
);
export const RecordCustomerAcceptance = command(
  'RecordCustomerAcceptance',
  {},
  { remarks: t.string },
);
export const RecordCustomerRefusal = command('RecordCustomerRefusal', { reason: NonEmptyText }, {});
export const EscalateToCoordinationMeeting = command(
  'EscalateToCoordinationMeeting',
  { reason: NonEmptyText },
  {},
);
export const StartWaitingOnCustomer = command(
  'StartWaitingOnCustomer',
  { reason: NonEmptyText },
  {},
);
export const EndWaitingOnCustomer = command('EndWaitingOnCustomer', {}, {});
export const CloseComplaint = command(
  'CloseComplaint',
  { result: NonEmptyText, writtenNotice: WrittenNoticeChannel },
  {},
);
export const RevisitCustomer = command(
  'RevisitCustomer',
  { verdict: RevisitVerdict },
  { notes: t.string },
);

export const ComplaintCommand = t.union(
  [
    ReceiveComplaint,
    ClassifyComplaint,
    ReclassifyComplaint,
    VerifyComplaint,
    ContactCustomer,
    NegotiateAgreement,
    SignAgreement,
    ReportToLeadership,
    DraftSolution,
    IssueRectificationNotice,
    InspectRectification,
    RecordCustomerAcceptance,
    RecordCustomerRefusal,
    EscalateToCoordinationMeeting,
    StartWaitingOnCustomer,
    EndWaitingOnCustomer,
    CloseComplaint,
    RevisitCustomer,
  ],
  'ComplaintCommand',
);
export type ComplaintCommand = t.TypeOf<typeof ComplaintCommand>;
export type ComplaintCommandType = ComplaintCommand['type'];
export type CommandOf<T extends ComplaintCommandType> = Extract<ComplaintCommand, { type: T }>;

export const COMMAND_CODECS: {
  readonly [K in ComplaintCommandType]: t.Type<CommandOf<K>, unknown, unknown>;
} = Object.fromEntries(ComplaintCommand.types.map((c) => [c.name, c])) as never;
