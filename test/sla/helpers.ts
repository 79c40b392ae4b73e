import * as E from 'fp-ts/Either';
import {
  type ComplaintCommand,
  type ComplaintEvent,
  type ComplaintState,
  complaintStreamId,
  decide,
  evolve,
  hongchangPolicy,
  initialState,
  type Policy,
  type StoredEvent,
  toNewEvent,
} from '../../src/index';
import {
  type ComplaintRecord,
  type ComplaintSla,
  complaintSla,
  foldSla,
  type SlaClock,
  type SlaContext,
  SlaProjection,
  slaContext,
} from '../../src/sla/index';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const iso = (ms: number): string => new Date(ms).toISOString();
export const ms = (text: string): number => {
  const v = Date.parse(text);
  if (Number.isNaN(v)) throw new Error(`bad instant ${text}`);
  return v;
};

/** Commands of one complaint, driven through the real decider: a rejection fails the test. */
export class Complaint {
  state: ComplaintState = initialState;
  readonly events: { event: ComplaintEvent; recordedAt?: number }[] = [];
  constructor(
    readonly id: string,
    readonly policy: Policy = hongchangPolicy,
  ) {}

  private run(command: ComplaintCommand): this {
    const result = decide(command, this.state, this.policy);
    if (E.isLeft(result))
      throw new Error(`${command.type} rejected: ${result.left.code} ${result.left.message}`);
    for (const e of result.right) {
      this.state = evolve(this.state, e);
      this.events.push({ event: e });
    }
    return this;
  }

  /** Try a command; false when the decider refuses it. */
  tryRun(command: ComplaintCommand): boolean {
    const result = decide(command, this.state, this.policy);
    if (E.isLeft(result)) return false;
    for (const e of result.right) {
      this.state = evolve(this.state, e);
      this.events.push({ event: e });
    }
    return true;
  }

  private c = (at: number) => ({ complaintId: this.id, at: iso(at) });

  receive(at: number, centre = 'call-centre'): this {
    return this.run({
      type: 'ReceiveComplaint',
      ...this.c(at),
      centre,
      channel: 'phone',
      customer: { id: `CUST-${this.id}` },
      summary: 'Parcel arrived damaged',
    });
  }
  classify(at: number, complaintClass: string): this {
    return this.run({ type: 'ClassifyComplaint', ...this.c(at), complaintClass });
  }
  reclassify(at: number, complaintClass: string): this {
    return this.run({
      type: 'ReclassifyComplaint',
      ...this.c(at),
      complaintClass,
      reason: 'found to be about service quality',
    });
  }
  verify(at: number): this {
    return this.run({ type: 'VerifyComplaint', ...this.c(at), finding: 'checked the hub log' });
  }
  explain(at: number): this {
    return this.run({ type: 'ContactCustomer', ...this.c(at), explanation: 'outside liability' });
  }
  negotiate(at: number): this {
    return this.run({ type: 'NegotiateAgreement', ...this.c(at), agreement: 'refund freight' });
  }
  sign(at: number): this {
    return this.run({ type: 'SignAgreement', ...this.c(at), signedBy: 'deputy GM' });
  }
  report(at: number): this {
    return this.run({ type: 'ReportToLeadership', ...this.c(at) });
  }
  draft(at: number): this {
    return this.run({ type: 'DraftSolution', ...this.c(at), solution: 'retrain loaders' });
  }
  issue(at: number, noticeId: string, deadline: number): this {
    return this.run({
      type: 'IssueRectificationNotice',
      ...this.c(at),
      noticeId,
      responsibleDepartment: 'hub-3',
      requirements: 'fix the conveyor',
      deadline: iso(deadline),
    });
  }
  inspect(at: number, noticeId: string, result: 'passed' | 'failed'): this {
    return this.run({ type: 'InspectRectification', ...this.c(at), noticeId, result });
  }
  accept(at: number): this {
    return this.run({ type: 'RecordCustomerAcceptance', ...this.c(at) });
  }
  refuse(at: number): this {
    return this.run({ type: 'RecordCustomerRefusal', ...this.c(at), reason: 'still broken' });
  }
  escalate(at: number): this {
    return this.run({
      type: 'EscalateToCoordinationMeeting',
      ...this.c(at),
      reason: 'no department accepts the loss',
    });
  }
  waitStart(at: number): this {
    return this.run({ type: 'StartWaitingOnCustomer', ...this.c(at), reason: 'awaiting photos' });
  }
  waitEnd(at: number): this {
    return this.run({ type: 'EndWaitingOnCustomer', ...this.c(at) });
  }
  close(at: number): this {
    return this.run({
      type: 'CloseComplaint',
      ...this.c(at),
      result: 'resolved',
      writtenNotice: 'letter',
    });
  }
  revisit(at: number): this {
    return this.run({ type: 'RevisitCustomer', ...this.c(at), verdict: 'satisfied' });
  }
}

/**
 * Store envelopes for the complaints' events, merged in order of domain time (stable),
 * recorded at their domain time unless a test says otherwise.
 */
export const toStored = (complaints: readonly Complaint[]): StoredEvent[] => {
  const all = complaints.flatMap((c) =>
    c.events.map((e, i) => ({ c, e, version: i + 1, at: ms(e.event.data.at) })),
  );
  all.sort((a, b) => a.at - b.at);
  return all.map(({ c, e, version }, i) => {
    const n = toNewEvent(e.event);
    return {
      eventId: `00000000-0000-7000-8000-${String(i + 1).padStart(12, '0')}`,
      streamId: complaintStreamId(c.id),
      streamVersion: version,
      globalPosition: i + 1,
      type: n.type,
      schemaVersion: n.schemaVersion ?? 1,
      recordedAt: iso(e.recordedAt ?? ms(e.event.data.at)),
      metadata: {},
      data: n.data,
    };
  });
};

export const ctxOf = (policy: Policy = hongchangPolicy): SlaContext => {
  const ctx = slaContext(policy);
  if (E.isLeft(ctx)) throw new Error(ctx.left.message);
  return ctx.right;
};

export const project = (complaints: readonly Complaint[]): SlaProjection => {
  const folded = foldSla(toStored(complaints));
  if (E.isLeft(folded)) throw new Error(folded.left.cause.message);
  return folded.right;
};

export const evaluate = (
  complaint: Complaint,
  now: number,
  ctx: SlaContext = ctxOf(complaint.policy),
): ComplaintSla => {
  return evaluateComplaintFor(ctx, project([complaint]), complaint.id, now);
};

const evaluateComplaintFor = (
  ctx: SlaContext,
  projection: SlaProjection,
  id: string,
  now: number,
): ComplaintSla => {
  const sla = complaintSla(ctx, projection, id, now);
  if (sla === undefined) throw new Error(`no SLA for ${id}`);
  return sla;
};

export const clockOf = (sla: ComplaintSla, key: string): SlaClock => {
  const clock = sla.clocks.find((c) => c.key === key);
  if (clock === undefined)
    throw new Error(`no clock ${key}; have ${sla.clocks.map((c) => c.key).join(', ')}`);
  return clock;
};

export const recordOf = (projection: SlaProjection, id: string): ComplaintRecord => {
  const record = projection.complaint(id);
  if (record === undefined) throw new Error(`no complaint ${id}`);
  return record;
};

export { SlaProjection };
