import * as E from 'fp-ts/Either';
import { fromStoredEvent } from '../complaint/codec';
import type { ComplaintEvent } from '../complaint/events';
import { CURRENT_SCHEMA_VERSION } from '../complaint/upcasters';
import { COMPLAINT_STREAM_PREFIX } from '../complaint/vocabulary';
import { STEP_KINDS, type StepKind } from '../policy/steps';
import type { DecodeError } from '../shared/decode';
import type { StoredEvent } from '../store/envelope';
import { parseInstant } from './parse-instant';

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
} as const;
export type FactKind = (typeof FactKind)[keyof typeof FactKind];

/** The text parts of the few facts that have any. */
export interface FactText {
  /** Received: centre. Classified: class. Reclassified: new class. Notices: notice id. */
  readonly text: string | null;
  /** Received: complaint id. Reclassified: former class. Inspected: passed | failed. */
  readonly extra: string | null;
  /** NoticeIssued: the deadline on the notice. */
  readonly deadline: number;
  /** Refused: the steps sent back. Reclassified: [reason]. */
  readonly list: readonly string[] | null;
}

const NO_STEP = 255;
const STEP_INDEX: ReadonlyMap<string, number> = new Map(STEP_KINDS.map((s, i) => [s, i]));

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
    if (this.kind === FactKind.StepDone) return (this.step && STEP_EVENT[this.step]) ?? '';
    return KIND_EVENT[this.kind];
  }
}

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

  /** Append a row; the caller links it into its complaint. */
  push(
    kind: FactKind,
    step: StepKind | null,
    at: number,
    stored: StoredEvent,
    text: FactText | null,
  ): number {
    if (this.length === this.kind.length) this.grow();
    const row = this.length++;
    this.kind[row] = kind;
    this.step[row] = step === null ? NO_STEP : (STEP_INDEX.get(step) ?? NO_STEP);
    this.at[row] = at;
    if (stored.recordedAt !== this.lastRecordedAt) {
      this.lastRecordedAt = stored.recordedAt;
      this.lastRecordedAtMs = parseInstant(stored.recordedAt);
    }
    this.recordedAt[row] = this.lastRecordedAtMs;
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

const STEP_SET: ReadonlySet<string> = new Set(STEP_KINDS);
const V = CURRENT_SCHEMA_VERSION;

/** Where a fact goes: the projection appends it to the event's stream. */
export interface FactSink {
  add(kind: FactKind, step: StepKind | null, at: number, text: FactText | null): void;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

const texts = (
  text: string | null,
  extra: string | null = null,
  deadline = Number.NaN,
  list: readonly string[] | null = null,
): FactText => ({ text, extra, deadline, list });

/**
 * The fast path: the current schema version, read field by field with the checks clocks
 * rely on. Returns false when anything looks off; the caller then decodes the event
 * properly, which either upcasts it or names the bad field. Returns true when it handled
 * the event (an event no clock depends on is handled by doing nothing).
 */
const fastFact = (stored: StoredEvent, sink: FactSink): boolean => {
  const data = stored.data as Readonly<Record<string, unknown>>;
  const rawAt = data.at;
  if (typeof rawAt !== 'string') return false;
  const at = parseInstant(rawAt);
  if (Number.isNaN(at)) return false;
  const version = stored.schemaVersion;
  let done: StepKind;
  let current: number;
  switch (stored.type) {
    case 'ComplaintReceived': {
      const centre = str(data.centre);
      const id = str(data.complaintId);
      if (version !== V.ComplaintReceived || centre === null || id === null) return false;
      sink.add(FactKind.Received, null, at, texts(centre, id));
      return true;
    }
    case 'ComplaintClassified': {
      const cls = str(data.complaintClass);
      if (version !== V.ComplaintClassified || cls === null) return false;
      sink.add(FactKind.Classified, null, at, texts(cls));
      return true;
    }
    case 'ComplaintReclassified': {
      const to = str(data.to);
      const from = str(data.from);
      const reason = str(data.reason);
      if (version !== V.ComplaintReclassified || !to || !from || !reason) return false;
      sink.add(FactKind.Reclassified, null, at, texts(to, from, Number.NaN, [reason]));
      return true;
    }
    case 'ComplaintVerified':
      done = 'verify';
      current = V.ComplaintVerified;
      break;
    case 'CustomerContacted':
      done = 'explain';
      current = V.CustomerContacted;
      break;
    case 'AgreementNegotiated':
      done = 'negotiate';
      current = V.AgreementNegotiated;
      break;
    case 'AgreementSigned':
      done = 'sign';
      current = V.AgreementSigned;
      break;
    case 'ReportedToLeadership':
      done = 'report';
      current = V.ReportedToLeadership;
      break;
    case 'SolutionDrafted':
      done = 'draftSolution';
      current = V.SolutionDrafted;
      break;
    case 'CustomerAccepted':
      done = 'accept';
      current = V.CustomerAccepted;
      break;
    case 'RectificationNoticeIssued': {
      const id = str(data.noticeId);
      const deadline = typeof data.deadline === 'string' ? parseInstant(data.deadline) : Number.NaN;
      if (version !== V.RectificationNoticeIssued || id === null || Number.isNaN(deadline))
        return false;
      sink.add(FactKind.NoticeIssued, 'issueNotice', at, texts(id, null, deadline));
      return true;
    }
    case 'RectificationInspected': {
      const id = str(data.noticeId);
      const result = data.result;
      if (version !== V.RectificationInspected || id === null) return false;
      if (result !== 'passed' && result !== 'failed') return false;
      sink.add(FactKind.Inspected, result === 'passed' ? 'rectify' : null, at, texts(id, result));
      return true;
    }
    case 'CustomerRefused': {
      const reopened = data.reopened;
      if (version !== V.CustomerRefused || !Array.isArray(reopened)) return false;
      if (!reopened.every((s) => STEP_SET.has(s as string))) return false;
      sink.add(FactKind.Refused, null, at, texts(null, null, Number.NaN, reopened as string[]));
      return true;
    }
    case 'CustomerWaitStarted':
      if (version !== V.CustomerWaitStarted) return false;
      sink.add(FactKind.WaitStarted, null, at, null);
      return true;
    case 'CustomerWaitEnded':
      if (version !== V.CustomerWaitEnded) return false;
      sink.add(FactKind.WaitEnded, null, at, null);
      return true;
    case 'ComplaintClosed':
      if (version !== V.ComplaintClosed) return false;
      sink.add(FactKind.Closed, 'close', at, null);
      return true;
    case 'ComplaintRevisited':
      if (version !== V.ComplaintRevisited) return false;
      sink.add(FactKind.Revisited, 'revisit', at, null);
      return true;
    case 'EscalatedToCoordinationMeeting':
      return version === V.EscalatedToCoordinationMeeting;
    default:
      return false;
  }
  if (version !== current) return false;
  sink.add(FactKind.StepDone, done, at, null);
  return true;
};

/** The same facts from a decoded domain event (old schema versions, after upcasting). */
const domainFact = (e: ComplaintEvent, sink: FactSink): void => {
  const at = parseInstant(e.data.at);
  switch (e.type) {
    case 'ComplaintReceived':
      sink.add(FactKind.Received, null, at, texts(e.data.centre, e.data.complaintId));
      break;
    case 'ComplaintClassified':
      sink.add(FactKind.Classified, null, at, texts(e.data.complaintClass));
      break;
    case 'ComplaintReclassified':
      sink.add(
        FactKind.Reclassified,
        null,
        at,
        texts(e.data.to, e.data.from, Number.NaN, [e.data.reason]),
      );
      break;
    case 'RectificationNoticeIssued':
      sink.add(
        FactKind.NoticeIssued,
        'issueNotice',
        at,
        texts(e.data.noticeId, null, parseInstant(e.data.deadline)),
      );
      break;
    case 'RectificationInspected':
      sink.add(
        FactKind.Inspected,
        e.data.result === 'passed' ? 'rectify' : null,
        at,
        texts(e.data.noticeId, e.data.result),
      );
      break;
    case 'CustomerRefused':
      sink.add(FactKind.Refused, null, at, texts(null, null, Number.NaN, e.data.reopened));
      break;
    case 'CustomerWaitStarted':
      sink.add(FactKind.WaitStarted, null, at, null);
      break;
    case 'CustomerWaitEnded':
      sink.add(FactKind.WaitEnded, null, at, null);
      break;
    case 'ComplaintClosed':
      sink.add(FactKind.Closed, 'close', at, null);
      break;
    case 'ComplaintRevisited':
      sink.add(FactKind.Revisited, 'revisit', at, null);
      break;
    case 'EscalatedToCoordinationMeeting':
      break;
    case 'ComplaintVerified':
      sink.add(FactKind.StepDone, 'verify', at, null);
      break;
    case 'CustomerContacted':
      sink.add(FactKind.StepDone, 'explain', at, null);
      break;
    case 'AgreementNegotiated':
      sink.add(FactKind.StepDone, 'negotiate', at, null);
      break;
    case 'AgreementSigned':
      sink.add(FactKind.StepDone, 'sign', at, null);
      break;
    case 'ReportedToLeadership':
      sink.add(FactKind.StepDone, 'report', at, null);
      break;
    case 'SolutionDrafted':
      sink.add(FactKind.StepDone, 'draftSolution', at, null);
      break;
    case 'CustomerAccepted':
      sink.add(FactKind.StepDone, 'accept', at, null);
      break;
  }
};

/** Events of complaint streams matter; every other stream (scores, other tools) is not ours. */
export const isComplaintStream = (streamId: string): boolean =>
  streamId.startsWith(COMPLAINT_STREAM_PREFIX);

const eventError = (stored: StoredEvent, cause: DecodeError): SlaEventError => ({
  _tag: 'SlaEventError',
  position: stored.globalPosition,
  streamId: stored.streamId,
  eventType: stored.type,
  cause,
});

/**
 * Hand the fact an event contributes to the sink (nothing when no clock depends on it).
 * Returns an error, having called the sink for nothing, when the event cannot be read: an
 * unknown type or a bad field in a complaint stream.
 */
export const readFact = (stored: StoredEvent, sink: FactSink): SlaEventError | undefined => {
  if (fastFact(stored, sink)) return undefined;
  const decoded = fromStoredEvent(stored);
  if (E.isLeft(decoded)) return eventError(stored, decoded.left);
  if (Number.isNaN(parseInstant(stored.recordedAt)))
    return eventError(stored, {
      _tag: 'DecodeError',
      what: `event ${stored.type} (stream ${stored.streamId} v${stored.streamVersion})`,
      problems: [{ path: 'recordedAt', expected: 'Instant', actual: stored.recordedAt }],
      message: `recordedAt: expected an ISO-8601 instant, got ${JSON.stringify(stored.recordedAt)}`,
    });
  domainFact(decoded.right, sink);
  return undefined;
};
