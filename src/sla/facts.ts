import { type ComplaintNote, NO_STEP, NoteKind } from '../complaint/note';
import { COMPLAINT_STREAM_PREFIX } from '../complaint/vocabulary';
import { STEP_KINDS, type StepKind } from '../policy/steps';
import { type DecodeError, decodeError } from '../shared/decode';
import { parseInstant } from '../shared/parse-instant';
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

const INITIAL_CAPACITY = 16_384;

/** Facts of every complaint, one row each; rows of a stream are chained by `next`. */
export class FactColumns {
  length = 0;
  kind = new Uint8Array(INITIAL_CAPACITY);
  step = new Uint8Array(INITIAL_CAPACITY);
  at = new Float64Array(INITIAL_CAPACITY);
  recordedAt = new Float64Array(INITIAL_CAPACITY);
  position = new Float64Array(INITIAL_CAPACITY);
  streamVersion = new Uint32Array(INITIAL_CAPACITY);
  /** Next row of the same stream, or -1. */
  next = new Int32Array(INITIAL_CAPACITY);
  /** Index into `texts`, or -1. */
  textRef = new Int32Array(INITIAL_CAPACITY);
  readonly texts: FactText[] = [];

  private grow(): void {
    const size = this.kind.length * 2;
    const widen = <T extends Uint8Array | Float64Array | Uint32Array | Int32Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(size);
      b.set(a);
      return b;
    };
    this.kind = widen(this.kind);
    this.step = widen(this.step);
    this.at = widen(this.at);
    this.recordedAt = widen(this.recordedAt);
    this.position = widen(this.position);
    this.streamVersion = widen(this.streamVersion);
    this.next = widen(this.next);
    this.textRef = widen(this.textRef);
  }

  /** The recorded time parsed last: the events of one append share it. */
  private lastRecordedAt = '';
  private lastRecordedAtMs = Number.NaN;

  /** The recorded time of an event, epoch ms (NaN: not an instant). */
  recordedAtOf(stored: StoredEvent): number {
    if (stored.recordedAt !== this.lastRecordedAt) {
      this.lastRecordedAt = stored.recordedAt;
      this.lastRecordedAtMs = parseInstant(stored.recordedAt);
    }
    return this.lastRecordedAtMs;
  }

  /** Append a row (`recordedAt`: the event's, from `recordedAtOf`); the caller links it. */
  push(
    kind: FactKind,
    step: number,
    at: number,
    stored: StoredEvent,
    recordedAt: number,
    text: FactText | null,
  ): number {
    if (this.length === this.kind.length) this.grow();
    const row = this.length++;
    this.kind[row] = kind;
    this.step[row] = step;
    this.at[row] = at;
    this.recordedAt[row] = recordedAt;
    this.position[row] = stored.globalPosition;
    this.streamVersion[row] = stored.streamVersion;
    this.next[row] = -1;
    if (text === null) this.textRef[row] = -1;
    else {
      this.textRef[row] = this.texts.length;
      this.texts.push(text);
    }
    return row;
  }

  /** A view of one row. */
  fact(row: number): Fact {
    const ref = this.textRef[row]!;
    const t = ref < 0 ? null : this.texts[ref]!;
    const step = this.step[row]!;
    return new Fact(
      this.kind[row] as FactKind,
      this.at[row]!,
      this.position[row]!,
      this.streamVersion[row]!,
      this.recordedAt[row]!,
      step === NO_STEP ? null : (STEP_KINDS[step] ?? null),
      t?.text ?? null,
      t?.extra ?? null,
      t?.deadline ?? Number.NaN,
      t?.list ?? null,
    );
  }
}

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
