import { NO_STEP } from '../complaint/note';
import { STEP_KINDS, type StepKind } from '../policy/steps';
import { eventTypeOf, FactKind } from '../sla/facts';
import type { ComplaintRecord } from '../sla/projection';
import type { EventLink } from './event-link';
import type { ComplaintFacts, Inspection, Refusal, Revisit, Verdict } from './facts';

/**
 * Every step, undefined, in STEP_KINDS order: each complaint's `firstDone` starts as a copy,
 * so that all share one shape and setting a step is a plain store, not a new property.
 */
const NO_STEPS_DONE: Readonly<Partial<Record<StepKind, number>>> = Object.fromEntries(
  STEP_KINDS.map((step) => [step, undefined]),
);

/** What is read off a complaint's rows, once per new row. */
type Derived = Pick<
  ComplaintFacts,
  'firstDone' | 'inspections' | 'refusals' | 'acceptances' | 'revisits' | 'closedAt'
>;

/**
 * A complaint's scoring facts, read from the SLA projection's record of it rather than kept
 * a second time: a replay folds each event once, into one row, and the lists scoring needs
 * (inspections, refusals, …) are read off the rows when first asked for, and again only
 * after the complaint has new rows. Only facts from the receipt on count. A view: its
 * fields are getters, so read them (or `toJSON()`) rather than spreading it.
 */
export class RecordFacts implements ComplaintFacts {
  private derivedAt = -1;
  private derivedFacts: Derived | undefined;
  private receivedLink: EventLink | undefined;

  constructor(private readonly record: ComplaintRecord) {}

  get complaintId(): string {
    return this.record.complaintId as string;
  }
  get streamId(): string {
    return this.record.streamId;
  }
  get centre(): string {
    return this.record.centre as string;
  }
  get channel(): string {
    return this.record.channel as string;
  }
  get summary(): string {
    return this.record.summary as string;
  }
  get repeatOf(): string | null {
    return this.record.repeatOf;
  }
  get complaintClass(): string | null {
    return this.record.complaintClass;
  }
  get responsibleDepartment(): string | null {
    return this.record.responsibleDepartment;
  }
  get receivedAt(): number {
    return this.record.columns.at(this.record.receivedRow);
  }
  get received(): EventLink {
    this.receivedLink ??= linkOf(this.record, this.record.receivedRow);
    return this.receivedLink;
  }
  get firstDone(): Partial<Record<StepKind, number>> {
    return this.derived().firstDone;
  }
  get inspections(): readonly Inspection[] {
    return this.derived().inspections;
  }
  get refusals(): readonly Refusal[] {
    return this.derived().refusals;
  }
  get acceptances(): readonly EventLink[] {
    return this.derived().acceptances;
  }
  get revisits(): readonly Revisit[] {
    return this.derived().revisits;
  }
  get closedAt(): number | null {
    return this.derived().closedAt;
  }

  /** The facts as a plain object (what JSON.stringify writes: the fields, not the rows). */
  toJSON(): ComplaintFacts {
    return {
      complaintId: this.complaintId,
      streamId: this.streamId,
      centre: this.centre,
      channel: this.channel,
      summary: this.summary,
      receivedAt: this.receivedAt,
      received: this.received,
      repeatOf: this.repeatOf,
      complaintClass: this.complaintClass,
      responsibleDepartment: this.responsibleDepartment,
      firstDone: this.firstDone,
      inspections: this.inspections,
      refusals: this.refusals,
      acceptances: this.acceptances,
      revisits: this.revisits,
      closedAt: this.closedAt,
    };
  }

  private derived(): Derived {
    if (this.derivedFacts === undefined || this.derivedAt !== this.record.count) {
      this.derivedFacts = derive(this.record);
      this.derivedAt = this.record.count;
    }
    return this.derivedFacts;
  }
}

const linkOf = (record: ComplaintRecord, row: number): EventLink => {
  const columns = record.columns;
  const step = columns.step(row);
  return {
    eventId: columns.textOf(row)?.eventId ?? '',
    streamId: record.streamId,
    streamVersion: columns.streamVersion(row),
    position: columns.position(row),
    type: eventTypeOf(columns.kind(row), step === NO_STEP ? null : STEP_KINDS[step]!),
    at: columns.at(row),
  };
};

const ACCEPT = STEP_KINDS.indexOf('accept');

const derive = (record: ComplaintRecord): Derived => {
  const columns = record.columns;
  const firstDone = { ...NO_STEPS_DONE };
  const inspections: Inspection[] = [];
  const refusals: Refusal[] = [];
  const acceptances: EventLink[] = [];
  const revisits: Revisit[] = [];
  let closedAt: number | null = null;
  for (let row = record.receivedRow; row >= 0; row = columns.next(row)) {
    const step = columns.step(row);
    const at = columns.at(row);
    if (step !== NO_STEP) {
      const name = STEP_KINDS[step]!;
      if (firstDone[name] === undefined) firstDone[name] = at;
    }
    switch (columns.kind(row)) {
      case FactKind.Inspected: {
        const text = columns.textOf(row);
        inspections.push({
          ref: linkOf(record, row),
          noticeId: text?.text ?? '',
          result: text?.extra as 'passed' | 'failed',
        });
        break;
      }
      case FactKind.Refused:
        refusals.push({ ref: linkOf(record, row), reason: columns.textOf(row)?.text ?? '' });
        break;
      case FactKind.StepDone:
        if (step === ACCEPT) acceptances.push(linkOf(record, row));
        break;
      case FactKind.Revisited:
        revisits.push({
          ref: linkOf(record, row),
          verdict: columns.textOf(row)?.text as Verdict,
        });
        break;
      case FactKind.Closed:
        closedAt = at;
        break;
    }
  }
  return { firstDone, inspections, refusals, acceptances, revisits, closedAt };
};
