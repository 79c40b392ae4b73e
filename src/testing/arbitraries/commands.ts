import * as fc from 'fast-check';
import type { CommandOf, ComplaintCommand, ComplaintCommandType } from '../../complaint/commands';
import { hongchangPolicy } from '../../policy/hongchang';
import type { Instant } from '../../shared/time';
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

/** What every generated command is built from; each part can be pinned by the caller. */
export interface CommandParts {
  /** Default: any complaint id. Pin it (`fc.constant('C-1')`) to aim at one complaint. */
  readonly complaintId?: fc.Arbitrary<string>;
  /** Default: any instant in the default window. */
  readonly at?: fc.Arbitrary<Instant>;
  /** Class ids Classify/Reclassify name. Default: the default policy's classes. */
  readonly classes?: readonly string[];
  /** Notice ids. Default: a small pool (N1–N3), so that inspections meet their notices. */
  readonly noticeIds?: fc.Arbitrary<string>;
}

type Fields<T extends ComplaintCommandType> = Omit<
  CommandOf<T>,
  'type' | 'complaintId' | 'at' | 'commandId' | 'actor'
>;

export type CommandArbitraries = {
  readonly [K in ComplaintCommandType]: fc.Arbitrary<CommandOf<K>>;
};

/** One arbitrary per command type, so that a caller can weight or pick types. */
export const commandArbitraries = (parts: CommandParts = {}): CommandArbitraries => {
  const id = parts.complaintId ?? complaintId();
  const at = parts.at ?? instant();
  const classes = parts.classes ?? Object.keys(hongchangPolicy.classes);
  const cls = classes.length > 0 ? fc.constantFrom(...classes) : code(12);
  const noticeId = parts.noticeIds ?? fc.constantFrom('N1', 'N2', 'N3');
  const meta = fc.record(
    { commandId: code(36), actor: fc.constantFrom('agent-li', 'agent-wang', '客服-张') },
    { requiredKeys: [] },
  );

  const make = <T extends ComplaintCommandType>(
    type: T,
    fields: fc.Arbitrary<Fields<T>>,
  ): fc.Arbitrary<CommandOf<T>> =>
    fc
      .tuple(id, at, fields, meta)
      .map(([complaintId, at, f, m]) => ({ type, complaintId, at, ...f, ...m }) as CommandOf<T>);

  const optional = <R extends Record<string, fc.Arbitrary<unknown>>>(model: R) =>
    fc.record(model, { requiredKeys: [] });

  return {
    ReceiveComplaint: make(
      'ReceiveComplaint',
      fc
        .tuple(
          fc.record({
            centre: centre(),
            channel: channel(),
            customer: customer(),
            summary: text(),
          }),
          optional({ reference: reference(), repeatOf: complaintId() }),
        )
        .map(([r, o]) => ({ ...r, ...o })),
    ),
    ClassifyComplaint: make(
      'ClassifyComplaint',
      fc
        .tuple(fc.record({ complaintClass: cls }), optional({ reason: text() }))
        .map(([r, o]) => ({ ...r, ...o })),
    ),
    ReclassifyComplaint: make(
      'ReclassifyComplaint',
      fc.record({ complaintClass: cls, reason: text() }),
    ),
    VerifyComplaint: make(
      'VerifyComplaint',
      fc
        .tuple(
          fc.record({ finding: text() }),
          optional({ substantiated: fc.boolean(), responsibleDepartment: code(16) }),
        )
        .map(([r, o]) => ({ ...r, ...o })),
    ),
    ContactCustomer: make('ContactCustomer', fc.record({ explanation: text() })),
    NegotiateAgreement: make('NegotiateAgreement', fc.record({ agreement: text() })),
    SignAgreement: make('SignAgreement', fc.record({ signedBy: text() })),
    ReportToLeadership: make(
      'ReportToLeadership',
      optional({
        reportedTo: fc.array(fc.constantFrom('company leadership', 'operations department'), {
          maxLength: 2,
        }),
      }),
    ),
    DraftSolution: make('DraftSolution', fc.record({ solution: text() })),
    IssueRectificationNotice: make(
      'IssueRectificationNotice',
      fc
        .tuple(
          fc.record({ noticeId, responsibleDepartment: text(), requirements: text() }),
          optional({ deadline: at, responsiblePeople: fc.array(code(12), { maxLength: 3 }) }),
        )
        .map(([r, o]) => ({ ...r, ...o })),
    ),
    InspectRectification: make(
      'InspectRectification',
      fc
        .tuple(fc.record({ noticeId, result: inspectionResult() }), optional({ remarks: text() }))
        .map(([r, o]) => ({ ...r, ...o })),
    ),
    RecordCustomerAcceptance: make('RecordCustomerAcceptance', optional({ remarks: text() })),
    RecordCustomerRefusal: make('RecordCustomerRefusal', fc.record({ reason: text() })),
    EscalateToCoordinationMeeting: make(
      'EscalateToCoordinationMeeting',
      fc.record({ reason: text() }),
    ),
    StartWaitingOnCustomer: make('StartWaitingOnCustomer', fc.record({ reason: text() })),
    EndWaitingOnCustomer: make('EndWaitingOnCustomer', fc.constant({})),
    CloseComplaint: make(
      'CloseComplaint',
      fc.record({ result: text(), writtenNotice: writtenNoticeChannel() }),
    ),
    RevisitCustomer: make(
      'RevisitCustomer',
      fc
        .tuple(fc.record({ verdict: revisitVerdict() }), optional({ notes: text() }))
        .map(([r, o]) => ({ ...r, ...o })),
    ),
  };
};

/** Any command, of any type, each field valid on its own (the decider may still refuse it). */
export const command = (parts: CommandParts = {}): fc.Arbitrary<ComplaintCommand> =>
  fc.oneof(...(Object.values(commandArbitraries(parts)) as fc.Arbitrary<ComplaintCommand>[]));
