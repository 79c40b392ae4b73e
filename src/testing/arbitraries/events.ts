import * as fc from 'fast-check';
import type { ComplaintEvent, ComplaintEventType, EventOf } from '../../complaint/events';
import { STEP_KINDS } from '../../policy/steps';
import { hongchangPolicy } from '../../policy/hongchang';
import type { CommandParts } from './commands';
import { instant } from './time';
import {
  centre,
  channel,
  code,
  complaintId,
  customer,
  inspectionResult,
  reference,
  revisitVerdict,
  text,
  writtenNoticeChannel,
} from './vocabulary';

/** Events are built from the same parts as commands, with the same defaults. */
export type EventParts = CommandParts;

export type EventArbitraries = {
  readonly [K in ComplaintEventType]: fc.Arbitrary<EventOf<K>>;
};

/**
 * One arbitrary per event type, each a well-formed event on its own. A sequence of them is
 * not a history the decider would record: use these for codecs, storage and folds that
 * must accept any stored event.
 */
export const eventArbitraries = (parts: EventParts = {}): EventArbitraries => {
  const at = parts.at ?? instant();
  const classes = parts.classes ?? Object.keys(hongchangPolicy.classes);
  const cls = classes.length > 0 ? fc.constantFrom(...classes) : code(12);
  const noticeId = parts.noticeIds ?? fc.constantFrom('N1', 'N2', 'N3');

  const make = <T extends ComplaintEventType>(
    type: T,
    required: fc.Arbitrary<object>,
    optional: fc.Arbitrary<object> = fc.constant({}),
  ): fc.Arbitrary<EventOf<T>> =>
    fc
      .tuple(at, required, optional)
      .map(([at, r, o]) => ({ type, data: { at, ...r, ...o } }) as unknown as EventOf<T>);
  const opt = <R extends Record<string, fc.Arbitrary<unknown>>>(model: R) =>
    fc.record(model, { requiredKeys: [] });

  return {
    ComplaintReceived: make(
      'ComplaintReceived',
      fc.record({
        complaintId: parts.complaintId ?? complaintId(),
        centre: centre(),
        channel: channel(),
        customer: customer(),
        summary: text(),
      }),
      opt({ reference: reference(), repeatOf: complaintId() }),
    ),
    ComplaintClassified: make(
      'ComplaintClassified',
      fc.record({ complaintClass: cls }),
      opt({ reason: text() }),
    ),
    ComplaintReclassified: make(
      'ComplaintReclassified',
      fc.record({ from: cls, to: cls, reason: text() }),
    ),
    ComplaintVerified: make(
      'ComplaintVerified',
      fc.record({ finding: text() }),
      opt({ substantiated: fc.boolean(), responsibleDepartment: code(16) }),
    ),
    CustomerContacted: make('CustomerContacted', fc.record({ explanation: text() })),
    AgreementNegotiated: make('AgreementNegotiated', fc.record({ agreement: text() })),
    AgreementSigned: make('AgreementSigned', fc.record({ signedBy: text() })),
    ReportedToLeadership: make(
      'ReportedToLeadership',
      fc.record({
        reportedTo: fc.array(fc.constantFrom('company leadership', 'operations department'), {
          maxLength: 2,
        }),
      }),
    ),
    SolutionDrafted: make('SolutionDrafted', fc.record({ solution: text() })),
    RectificationNoticeIssued: make(
      'RectificationNoticeIssued',
      fc.record({ noticeId, responsibleDepartment: text(), requirements: text(), deadline: at }),
      opt({ responsiblePeople: fc.array(code(12), { maxLength: 3 }) }),
    ),
    RectificationInspected: make(
      'RectificationInspected',
      fc.record({ noticeId, result: inspectionResult() }),
      opt({ remarks: text() }),
    ),
    CustomerAccepted: make('CustomerAccepted', fc.constant({}), opt({ remarks: text() })),
    CustomerRefused: make(
      'CustomerRefused',
      fc.record({
        reason: text(),
        reopened: fc.subarray([...STEP_KINDS]),
      }),
    ),
    EscalatedToCoordinationMeeting: make(
      'EscalatedToCoordinationMeeting',
      fc.record({ reason: text() }),
    ),
    CustomerWaitStarted: make('CustomerWaitStarted', fc.record({ reason: text() })),
    CustomerWaitEnded: make('CustomerWaitEnded', fc.constant({})),
    ComplaintClosed: make(
      'ComplaintClosed',
      fc.record({ result: text(), writtenNotice: writtenNoticeChannel() }),
    ),
    ComplaintRevisited: make(
      'ComplaintRevisited',
      fc.record({ verdict: revisitVerdict() }),
      opt({ notes: text() }),
    ),
  };
};

/** Any well-formed event of any type. */
export const event = (parts: EventParts = {}): fc.Arbitrary<ComplaintEvent> =>
  fc.oneof(...(Object.values(eventArbitraries(parts)) as fc.Arbitrary<ComplaintEvent>[]));
