import * as t from 'io-ts';
import { StepKind } from '../policy/steps';
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

const event = <T extends string, P extends t.Props, O extends t.Props>(
  type: T,
  required: P,
  optional: O,
) =>
  t.type(
    {
      type: t.literal(type),
      data: t.intersection([t.type({ ...required, at: Instant }), t.partial(optional)]),
    },
    type,
  );

/** 受理: the complaint was received and recorded (客户投诉记录表). */
export const ComplaintReceived = event(
  'ComplaintReceived',
  {
    complaintId: ComplaintId,
    centre: Code,
    channel: Channel,
    customer: Customer,
    summary: NonEmptyText,
  },
  {
    reference: Reference,
    /** The earlier complaint about the same problem, making this a repeat complaint (反复投诉). */
    repeatOf: ComplaintId,
  },
);
/** 评估分类 */
export const ComplaintClassified = event(
  'ComplaintClassified',
  { complaintClass: t.string },
  { reason: t.string },
);
/** Re-classified after verification, e.g. general → major; clocks follow the new class. */
export const ComplaintReclassified = event(
  'ComplaintReclassified',
  { from: t.string, to: t.string, reason: NonEmptyText },
  {},
);
/** 调查核实: the responsible department's finding. */
export const ComplaintVerified = event(
  'ComplaintVerified',
  { finding: NonEmptyText },
  { substantiated: t.boolean, responsibleDepartment: t.string },
);
/** Invalid complaints: the customer was contacted and told why (联系客户解释). */
export const CustomerContacted = event('CustomerContacted', { explanation: NonEmptyText }, {});
/** 协商: an agreement or handling plan was negotiated with the customer. */
export const AgreementNegotiated = event('AgreementNegotiated', { agreement: NonEmptyText }, {});
/** 公司领导签字 */
export const AgreementSigned = event('AgreementSigned', { signedBy: NonEmptyText }, {});
/** Major complaints: reported to company leadership and the operations department (备案). */
export const ReportedToLeadership = event(
  'ReportedToLeadership',
  { reportedTo: t.array(t.string) },
  {},
);
/** 制定解决方案 */
export const SolutionDrafted = event('SolutionDrafted', { solution: NonEmptyText }, {});
/** 限时整改通知书: one notice to the responsible department, with its own deadline. */
export const RectificationNoticeIssued = event(
  'RectificationNoticeIssued',
  {
    noticeId: Code,
    responsibleDepartment: NonEmptyText,
    requirements: NonEmptyText,
    deadline: Instant,
  },
  { responsiblePeople: t.array(t.string) },
);
/** The centre inspected a rectification: passed (合格) or failed (不合格, a new notice follows). */
export const RectificationInspected = event(
  'RectificationInspected',
  { noticeId: Code, result: InspectionResult },
  { remarks: t.string },
);
/** 客户验收满意 */
export const CustomerAccepted = event('CustomerAccepted', {}, { remarks: t.string });
/** The customer refused the result: the policy's `refusalReopens` steps must be done again. */
export const CustomerRefused = event(
  'CustomerRefused',
  { reason: NonEmptyText, reopened: t.array(StepKind) },
  {},
);
/** 总经理协调会: a major complaint no department could settle went to the general manager. */
export const EscalatedToCoordinationMeeting = event(
  'EscalatedToCoordinationMeeting',
  { reason: NonEmptyText },
  {},
);
/** The centre waits on the customer; pausable clocks stop counting. */
export const CustomerWaitStarted = event('CustomerWaitStarted', { reason: NonEmptyText }, {});
export const CustomerWaitEnded = event('CustomerWaitEnded', {}, {});
/** 处理完毕: closed, with the result sent to the customer in writing (书面通知). */
export const ComplaintClosed = event(
  'ComplaintClosed',
  { result: NonEmptyText, writtenNotice: WrittenNoticeChannel },
  {},
);
/** 回访: the centre called back after closure and archived the customer's verdict. */
export const ComplaintRevisited = event(
  'ComplaintRevisited',
  { verdict: RevisitVerdict },
  { notes: t.string },
);

export const ComplaintEvent = t.union(
  [
    ComplaintReceived,
    ComplaintClassified,
    ComplaintReclassified,
    ComplaintVerified,
    CustomerContacted,
    AgreementNegotiated,
    AgreementSigned,
    ReportedToLeadership,
    SolutionDrafted,
    RectificationNoticeIssued,
    RectificationInspected,
    CustomerAccepted,
    CustomerRefused,
    EscalatedToCoordinationMeeting,
    CustomerWaitStarted,
    CustomerWaitEnded,
    ComplaintClosed,
    ComplaintRevisited,
  ],
  'ComplaintEvent',
);
export type ComplaintEvent = t.TypeOf<typeof ComplaintEvent>;
export type ComplaintEventType = ComplaintEvent['type'];
export type EventOf<T extends ComplaintEventType> = Extract<ComplaintEvent, { type: T }>;

/** Codec of each event type, for decoding one stored event without trying every member. */
export const EVENT_CODECS: {
  readonly [K in ComplaintEventType]: t.Type<EventOf<K>, unknown, unknown>;
} = Object.fromEntries(ComplaintEvent.types.map((c) => [c.name, c])) as never;

export const COMPLAINT_EVENT_TYPES = Object.keys(EVENT_CODECS) as ComplaintEventType[];

/** The step an event completes, if any. */
export const stepCompletedBy = (e: ComplaintEvent): StepKind | undefined => {
  switch (e.type) {
    case 'ComplaintVerified':
      return 'verify';
    case 'CustomerContacted':
      return 'explain';
    case 'AgreementNegotiated':
      return 'negotiate';
    case 'AgreementSigned':
      return 'sign';
    case 'ReportedToLeadership':
      return 'report';
    case 'SolutionDrafted':
      return 'draftSolution';
    case 'RectificationNoticeIssued':
      return 'issueNotice';
    case 'RectificationInspected':
      return e.data.result === 'passed' ? 'rectify' : undefined;
    case 'CustomerAccepted':
      return 'accept';
    case 'ComplaintClosed':
      return 'close';
    case 'ComplaintRevisited':
      return 'revisit';
    default:
      return undefined;
  }
};
