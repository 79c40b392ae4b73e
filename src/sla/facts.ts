import { type ComplaintNote, NO_STEP, NoteKind } from '../complaint/note';
import { COMPLAINT_STREAM_PREFIX } from '../complaint/vocabulary';
import type { StepKind } from '../policy/steps';
import { type DecodeError, decodeError } from '../shared/decode';
import type { StoredEvent } from '../store/envelope';

/**
 * What the SLA projection keeps of each event: only what clocks need. The projection stores
 * facts in columns (typed arrays) so that replaying millions of events allocates almost
 * nothing; clocks are computed on demand from `Fact` views of a complaint's facts.
 */
export const FactKind = {
  Received: 0,
  Classified: 1,
  Reclassified: 2,
  /** A step completed (`step` says which); rectify is completed by a passed inspection. */
  StepDone: 3,
  NoticeIssued: 4,
  Inspected: 5,
  Refused: 6,
  WaitStarted: 7,
  WaitEnded: 8,
  Closed: 9,
  Revisited: 10,
  /** Escalated to the coordination meeting (协调会): it settles the steps the class names. */
  Escalated: 11,
} as const;
export type FactKind = (typeof FactKind)[keyof typeof FactKind];

/** The text parts of the few facts that have any. */
export interface FactText {
  /**
   * Received: centre. Classified: class. Reclassified: new class. Notices: notice id.
   * Refused: reason. Revisited: verdict.
   */
  readonly text: string | null;
  /** Received: complaint id. Reclassified: former class. Inspected: passed | failed. */
  readonly extra: string | null;
  /** NoticeIssued: the deadline on the notice. */
  readonly deadline: number;
  /** Refused: the steps sent back. Reclassified: [reason]. */
  readonly list: readonly string[] | null;
  /**
   * The event's id, kept only for the events scoring cites (the receipt, inspections,
   * refusals, acceptances, revisits): the other events' ids are never asked for, and a
   * replay would otherwise keep a million of them.
   */
  readonly eventId: string | null;
}

const STEP_EVENT: Readonly<Partial<Record<StepKind, string>>> = {
  verify: 'ComplaintVerified',
  explain: 'CustomerContacted',
  negotiate: 'AgreementNegotiated',
  sign: 'AgreementSigned',
  report: 'ReportedToLeadership',
  draftSolution: 'SolutionDrafted',
  accept: 'CustomerAccepted',
};
const KIND_EVENT = [
  'ComplaintReceived',
  'ComplaintClassified',
  'ComplaintReclassified',
  '',
  'RectificationNoticeIssued',
  'RectificationInspected',
  'CustomerRefused',
  'CustomerWaitStarted',
  'CustomerWaitEnded',
  'ComplaintClosed',
  'ComplaintRevisited',
  'EscalatedToCoordinationMeeting',
] as const;

/** One fact, read from the columns: what timelines and explanations work with. */
export class Fact {
  constructor(
    readonly kind: FactKind,
    /** The event's domain time (`data.at`), epoch ms. */
    readonly at: number,
    /** Envelope: global position, stream version and recorded time (epoch ms). */
    readonly position: number,
    readonly streamVersion: number,
    readonly recordedAt: number,
    /** The step the event completed, if any (a notice completes issueNotice). */
    readonly step: StepKind | null,
    readonly text: string | null,
    readonly extra: string | null,
    readonly deadline: number,
    readonly list: readonly string[] | null,
  ) {}

  /** The stored event's type. */
  get eventType(): string {
    return eventTypeOf(this.kind, this.step);
  }
}

/** The type of the stored event a fact of `kind` (completing `step`) came from. */
export const eventTypeOf = (kind: FactKind, step: StepKind | null): string =>
  kind === FactKind.StepDone ? ((step && STEP_EVENT[step]) ?? '') : KIND_EVENT[kind];

/** An event the projection cannot read. */
export interface SlaEventError {
  readonly _tag: 'SlaEventError';
  readonly position: number;
  readonly streamId: string;
  readonly eventType: string;
  readonly cause: DecodeError;
}

/** Where a fact goes: the projection appends it to the event's stream. */
export interface FactSink {
  /** `step`: index in STEP_KINDS, or NO_STEP. */
  add(kind: FactKind, step: number, at: number, text: FactText | null): void;
}

const texts = (
  text: string | null,
  extra: string | null,
  deadline: number,
  list: readonly string[] | null,
  eventId: string | null,
): FactText => ({ text, extra, deadline, list, eventId });

/**
 * Hand the fact a complaint event contributes to the sink; `eventId` is kept for the
 * events scoring cites.
 */
export const addNoteFact = (n: ComplaintNote, sink: FactSink, eventId: string): void => {
  switch (n.kind) {
    case NoteKind.Received:
      sink.add(FactKind.Received, NO_STEP, n.at, texts(n.b, n.a, Number.NaN, null, eventId));
      return;
    case NoteKind.Classified:
      sink.add(FactKind.Classified, NO_STEP, n.at, texts(n.a, null, Number.NaN, null, null));
      return;
    case NoteKind.Reclassified:
      sink.add(
        FactKind.Reclassified,
        NO_STEP,
        n.at,
        texts(n.a, n.b, Number.NaN, [n.c ?? ''], null),
      );
      return;
    case NoteKind.NoticeIssued:
      sink.add(FactKind.NoticeIssued, n.step, n.at, texts(n.a, null, n.deadline, null, null));
      return;
    case NoteKind.Inspected:
      sink.add(FactKind.Inspected, n.step, n.at, texts(n.a, n.b, Number.NaN, null, eventId));
      return;
    case NoteKind.Refused:
      sink.add(FactKind.Refused, NO_STEP, n.at, texts(n.a, null, Number.NaN, n.list, eventId));
      return;
    case NoteKind.Accepted:
      sink.add(FactKind.StepDone, n.step, n.at, texts(null, null, Number.NaN, null, eventId));
      return;
    case NoteKind.WaitStarted:
      sink.add(FactKind.WaitStarted, NO_STEP, n.at, null);
      return;
    case NoteKind.WaitEnded:
      sink.add(FactKind.WaitEnded, NO_STEP, n.at, null);
      return;
    case NoteKind.Closed:
      sink.add(FactKind.Closed, n.step, n.at, null);
      return;
    case NoteKind.Revisited:
      sink.add(FactKind.Revisited, n.step, n.at, texts(n.a, null, Number.NaN, null, eventId));
      return;
    case NoteKind.Escalated:
      sink.add(FactKind.Escalated, NO_STEP, n.at, null);
      return;
    default:
      // Verified, contacted, negotiated, signed, reported, drafted: a step done.
      sink.add(FactKind.StepDone, n.step, n.at, null);
  }
};

/** Events of complaint streams matter; every other stream (scores, other tools) is not ours. */
export const isComplaintStream = (streamId: string): boolean =>
  streamId.startsWith(COMPLAINT_STREAM_PREFIX);

export const slaEventError = (stored: StoredEvent, cause: DecodeError): SlaEventError => ({
  _tag: 'SlaEventError',
  position: stored.globalPosition,
  streamId: stored.streamId,
  eventType: stored.type,
  cause,
});

/** The error for an event whose recorded time is not an instant. */
export const badRecordedAt = (stored: StoredEvent): SlaEventError =>
  slaEventError(
    stored,
    decodeError(`event ${stored.type} (stream ${stored.streamId} v${stored.streamVersion})`, [
      { path: 'recordedAt', expected: 'Instant', actual: stored.recordedAt },
    ]),
  );
