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
 * What the SLA projection keeps of each event: only what clocks need, in one small object of
 * a fixed shape, so that replaying millions of events stays cheap and the clocks themselves
 * are computed on demand.
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

export class Fact {
  constructor(
    readonly kind: FactKind,
    /** The event's domain time (`data.at`), epoch ms. */
    readonly at: number,
    /** Envelope: global position, stream version and recorded time (epoch ms). */
    readonly position: number,
    readonly streamVersion: number,
    readonly recordedAt: number,
    readonly eventType: string,
    /** The step completed (StepDone, NoticeIssued completes issueNotice). */
    readonly step: StepKind | null,
    /**
     * Received: centre. Classified: class. Reclassified: new class. NoticeIssued and
     * Inspected: notice id.
     */
    readonly text: string | null,
    /** Received: complaint id. Reclassified: former class. Inspected: passed | failed. */
    readonly extra: string | null,
    /** NoticeIssued: the deadline on the notice. */
    readonly deadline: number,
    /** Refused: the steps sent back. Reclassified: [reason]. */
    readonly list: readonly string[] | null,
  ) {}
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

const fact = (
  stored: StoredEvent,
  recordedAt: number,
  kind: FactKind,
  at: number,
  step: StepKind | null,
  text: string | null = null,
  extra: string | null = null,
  deadline = Number.NaN,
  list: readonly string[] | null = null,
): Fact =>
  new Fact(
    kind,
    at,
    stored.globalPosition,
    stored.streamVersion,
    recordedAt,
    stored.type,
    step,
    text,
    extra,
    deadline,
    list,
  );

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

/**
 * The fast path: the current schema version, read field by field with the checks clocks
 * rely on. Returns undefined when anything looks off; the caller then decodes the event
 * properly, which either upcasts it or names the bad field.
 */
const fastFact = (stored: StoredEvent): Fact | null | undefined => {
  const type = stored.type as keyof typeof CURRENT_SCHEMA_VERSION;
  const version = CURRENT_SCHEMA_VERSION[type];
  if (version === undefined || stored.schemaVersion !== version) return undefined;
  const data = stored.data as Readonly<Record<string, unknown>>;
  const rawAt = data.at;
  if (typeof rawAt !== 'string') return undefined;
  const at = parseInstant(rawAt);
  const rec = parseInstant(stored.recordedAt);
  if (Number.isNaN(at) || Number.isNaN(rec)) return undefined;
  switch (type) {
    case 'ComplaintReceived': {
      const centre = str(data.centre);
      const id = str(data.complaintId);
      return centre && id ? fact(stored, rec, FactKind.Received, at, null, centre, id) : undefined;
    }
    case 'ComplaintClassified': {
      const cls = str(data.complaintClass);
      return cls ? fact(stored, rec, FactKind.Classified, at, null, cls) : undefined;
    }
    case 'ComplaintReclassified': {
      const to = str(data.to);
      const from = str(data.from);
      const reason = str(data.reason);
      return to && from && reason
        ? fact(stored, rec, FactKind.Reclassified, at, null, to, from, Number.NaN, [reason])
        : undefined;
    }
    case 'ComplaintVerified':
      return fact(stored, rec, FactKind.StepDone, at, 'verify');
    case 'CustomerContacted':
      return fact(stored, rec, FactKind.StepDone, at, 'explain');
    case 'AgreementNegotiated':
      return fact(stored, rec, FactKind.StepDone, at, 'negotiate');
    case 'AgreementSigned':
      return fact(stored, rec, FactKind.StepDone, at, 'sign');
    case 'ReportedToLeadership':
      return fact(stored, rec, FactKind.StepDone, at, 'report');
    case 'SolutionDrafted':
      return fact(stored, rec, FactKind.StepDone, at, 'draftSolution');
    case 'CustomerAccepted':
      return fact(stored, rec, FactKind.StepDone, at, 'accept');
    case 'RectificationNoticeIssued': {
      const id = str(data.noticeId);
      const deadline = typeof data.deadline === 'string' ? parseInstant(data.deadline) : Number.NaN;
      return id && !Number.isNaN(deadline)
        ? fact(stored, rec, FactKind.NoticeIssued, at, 'issueNotice', id, null, deadline)
        : undefined;
    }
    case 'RectificationInspected': {
      const id = str(data.noticeId);
      const result = data.result;
      return id && (result === 'passed' || result === 'failed')
        ? fact(
            stored,
            rec,
            FactKind.Inspected,
            at,
            result === 'passed' ? 'rectify' : null,
            id,
            result,
          )
        : undefined;
    }
    case 'CustomerRefused': {
      const reopened = data.reopened;
      if (!Array.isArray(reopened) || !reopened.every((s) => STEP_SET.has(s as string)))
        return undefined;
      return fact(
        stored,
        rec,
        FactKind.Refused,
        at,
        null,
        null,
        null,
        Number.NaN,
        reopened as string[],
      );
    }
    case 'CustomerWaitStarted':
      return fact(stored, rec, FactKind.WaitStarted, at, null);
    case 'CustomerWaitEnded':
      return fact(stored, rec, FactKind.WaitEnded, at, null);
    case 'ComplaintClosed':
      return fact(stored, rec, FactKind.Closed, at, 'close');
    case 'ComplaintRevisited':
      return fact(stored, rec, FactKind.Revisited, at, 'revisit');
    case 'EscalatedToCoordinationMeeting':
      return null;
    default:
      return undefined;
  }
};

/** The same facts from a decoded domain event (old schema versions, after upcasting). */
const domainFact = (stored: StoredEvent, rec: number, e: ComplaintEvent): Fact | null => {
  const at = parseInstant(e.data.at);
  switch (e.type) {
    case 'ComplaintReceived':
      return fact(stored, rec, FactKind.Received, at, null, e.data.centre, e.data.complaintId);
    case 'ComplaintClassified':
      return fact(stored, rec, FactKind.Classified, at, null, e.data.complaintClass);
    case 'ComplaintReclassified':
      return fact(
        stored,
        rec,
        FactKind.Reclassified,
        at,
        null,
        e.data.to,
        e.data.from,
        Number.NaN,
        [e.data.reason],
      );
    case 'RectificationNoticeIssued':
      return fact(
        stored,
        rec,
        FactKind.NoticeIssued,
        at,
        'issueNotice',
        e.data.noticeId,
        null,
        parseInstant(e.data.deadline),
      );
    case 'RectificationInspected':
      return fact(
        stored,
        rec,
        FactKind.Inspected,
        at,
        e.data.result === 'passed' ? 'rectify' : null,
        e.data.noticeId,
        e.data.result,
      );
    case 'CustomerRefused':
      return fact(stored, rec, FactKind.Refused, at, null, null, null, Number.NaN, e.data.reopened);
    case 'CustomerWaitStarted':
      return fact(stored, rec, FactKind.WaitStarted, at, null);
    case 'CustomerWaitEnded':
      return fact(stored, rec, FactKind.WaitEnded, at, null);
    case 'ComplaintClosed':
      return fact(stored, rec, FactKind.Closed, at, 'close');
    case 'ComplaintRevisited':
      return fact(stored, rec, FactKind.Revisited, at, 'revisit');
    case 'EscalatedToCoordinationMeeting':
      return null;
    case 'ComplaintVerified':
      return fact(stored, rec, FactKind.StepDone, at, 'verify');
    case 'CustomerContacted':
      return fact(stored, rec, FactKind.StepDone, at, 'explain');
    case 'AgreementNegotiated':
      return fact(stored, rec, FactKind.StepDone, at, 'negotiate');
    case 'AgreementSigned':
      return fact(stored, rec, FactKind.StepDone, at, 'sign');
    case 'ReportedToLeadership':
      return fact(stored, rec, FactKind.StepDone, at, 'report');
    case 'SolutionDrafted':
      return fact(stored, rec, FactKind.StepDone, at, 'draftSolution');
    case 'CustomerAccepted':
      return fact(stored, rec, FactKind.StepDone, at, 'accept');
  }
};

/** Events of complaint streams matter; every other stream (scores, other tools) is not ours. */
export const isComplaintStream = (streamId: string): boolean =>
  streamId.startsWith(COMPLAINT_STREAM_PREFIX);

/**
 * The fact an event contributes: null when it does not affect any clock, an error when the
 * event cannot be read (an unknown type or a bad field in a complaint stream).
 */
export const factOf = (stored: StoredEvent): Fact | null | SlaEventError => {
  const fast = fastFact(stored);
  if (fast !== undefined) return fast;
  const decoded = fromStoredEvent(stored);
  if (E.isLeft(decoded))
    return {
      _tag: 'SlaEventError',
      position: stored.globalPosition,
      streamId: stored.streamId,
      eventType: stored.type,
      cause: decoded.left,
    };
  const rec = parseInstant(stored.recordedAt);
  if (Number.isNaN(rec))
    return {
      _tag: 'SlaEventError',
      position: stored.globalPosition,
      streamId: stored.streamId,
      eventType: stored.type,
      cause: {
        _tag: 'DecodeError',
        what: `event ${stored.type} (stream ${stored.streamId} v${stored.streamVersion})`,
        problems: [{ path: 'recordedAt', expected: 'Instant', actual: stored.recordedAt }],
        message: `recordedAt: expected an ISO-8601 instant, got ${JSON.stringify(stored.recordedAt)}`,
      },
    };
  return domainFact(stored, rec, decoded.right);
};
