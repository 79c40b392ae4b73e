import * as E from 'fp-ts/Either';
import { STEP_KINDS, type StepKind } from '../policy/steps';
import { type DecodeError, decodeError } from '../shared/decode';
import { NonEmptyText } from '../shared/nonempty';
import { parseInstant } from '../shared/parse-instant';
import type { StoredEvent } from '../store/envelope';
import { fromStoredEvent } from './codec';
import { isSteps } from './field-checks';
import { CURRENT_SCHEMA_VERSION } from './upcasters';
import { Channel, Code, ComplaintId, InspectionResult, RevisitVerdict } from './vocabulary';

/** Which complaint event a note is of. */
export const NoteKind = {
  Received: 0,
  Classified: 1,
  Reclassified: 2,
  Verified: 3,
  Contacted: 4,
  Negotiated: 5,
  Signed: 6,
  Reported: 7,
  Drafted: 8,
  NoticeIssued: 9,
  Inspected: 10,
  Accepted: 11,
  Refused: 12,
  Escalated: 13,
  WaitStarted: 14,
  WaitEnded: 15,
  Closed: 16,
  Revisited: 17,
} as const;
export type NoteKind = (typeof NoteKind)[keyof typeof NoteKind];

/** `step` of a note that completes no step. */
export const NO_STEP = 255;

/**
 * One complaint event as the projections (SLA clocks, scoring) see it: its kind, its time,
 * the step it completes and the few fields they use. Read in place of a full decode, into
 * one instance reused for every event, so that a replay allocates nothing for the reading.
 */
export class ComplaintNote {
  kind: NoteKind = NoteKind.WaitEnded;
  /** `data.at`, epoch ms. */
  at = 0;
  /** Index in STEP_KINDS of the step the event completes, or NO_STEP. */
  step = NO_STEP;
  /**
   * Received: complaint id. Classified: class. Reclassified: new class. Verified: the
   * responsible department, or null. Notice, inspection: notice id. Refused: reason.
   * Revisited: verdict.
   */
  a: string | null = null;
  /** Received: centre. Reclassified: former class. Notice: responsible department.
   *  Inspected: result. */
  b: string | null = null;
  /** Received: channel. Reclassified: reason. */
  c: string | null = null;
  /** Received: summary. */
  d: string | null = null;
  /** Received: the complaint it repeats, or null. */
  e: string | null = null;
  /** Notice: its deadline, epoch ms. */
  deadline = Number.NaN;
  /** Refused: the steps sent back. */
  list: readonly string[] | null = null;
}

/** A note's fields, as bits: `NOTE_FIELDS` says which a kind of note sets. */
export const NoteField = { A: 1, B: 2, C: 4, D: 8, E: 16, Deadline: 32, List: 64 } as const;

const { A, B, C, D, E: E_, Deadline, List } = NoteField;
/**
 * The fields each kind of note sets; the others keep whatever the reused note held before,
 * and nothing reads them. Kept beside `readComplaintNote`, which it describes: a replay
 * that reads notes on another thread sends only these.
 */
export const NOTE_FIELDS: Readonly<Record<NoteKind, number>> = {
  [NoteKind.Received]: A | B | C | D | E_,
  [NoteKind.Classified]: A,
  [NoteKind.Reclassified]: A | B | C,
  [NoteKind.Verified]: A,
  [NoteKind.Contacted]: 0,
  [NoteKind.Negotiated]: 0,
  [NoteKind.Signed]: 0,
  [NoteKind.Reported]: 0,
  [NoteKind.Drafted]: 0,
  [NoteKind.NoticeIssued]: A | B | Deadline,
  [NoteKind.Inspected]: A | B,
  [NoteKind.Accepted]: 0,
  [NoteKind.Refused]: A | List,
  [NoteKind.Escalated]: 0,
  [NoteKind.WaitStarted]: 0,
  [NoteKind.WaitEnded]: 0,
  [NoteKind.Closed]: 0,
  [NoteKind.Revisited]: A,
};

const V = CURRENT_SCHEMA_VERSION;
const STEP = Object.fromEntries(STEP_KINDS.map((s, i) => [s, i])) as Record<StepKind, number>;

const mark = (into: ComplaintNote, kind: NoteKind, step: number, current: boolean): boolean => {
  into.kind = kind;
  into.step = step;
  return current;
};

/**
 * Read what the projections use of an event of the current schema, each field checked by
 * its codec (a tolerant reader: fields no projection looks at are left to the full codec,
 * which the command side applies). Returns false when the event is of another schema
 * version, of a type this does not know, or a used field is off: `readNote` then decodes
 * it properly, which upcasts it or names the bad field. Whatever the event codecs accept,
 * this accepts, so a decoded event always reads.
 */
export const readComplaintNote = (
  type: string,
  version: number,
  data: Readonly<Record<string, unknown>>,
  into: ComplaintNote,
): boolean => {
  const rawAt = data.at;
  if (typeof rawAt !== 'string') return false;
  const at = parseInstant(rawAt);
  if (Number.isNaN(at)) return false;
  into.at = at;
  switch (type) {
    case 'ComplaintReceived': {
      const { complaintId, centre, channel, summary, repeatOf } = data;
      if (version !== V.ComplaintReceived || !ComplaintId.is(complaintId) || !Code.is(centre))
        return false;
      if (!Channel.is(channel) || !NonEmptyText.is(summary)) return false;
      if (repeatOf !== undefined && !ComplaintId.is(repeatOf)) return false;
      into.a = complaintId;
      into.b = centre;
      into.c = channel;
      into.d = summary;
      into.e = repeatOf ?? null;
      return mark(into, NoteKind.Received, NO_STEP, true);
    }
    case 'ComplaintClassified': {
      const cls = data.complaintClass;
      if (typeof cls !== 'string') return false;
      into.a = cls;
      return mark(into, NoteKind.Classified, NO_STEP, version === V.ComplaintClassified);
    }
    case 'ComplaintReclassified': {
      const { to, from, reason } = data;
      if (typeof to !== 'string' || typeof from !== 'string' || !NonEmptyText.is(reason))
        return false;
      into.a = to;
      into.b = from;
      into.c = reason;
      return mark(into, NoteKind.Reclassified, NO_STEP, version === V.ComplaintReclassified);
    }
    case 'ComplaintVerified': {
      const department = data.responsibleDepartment;
      if (department !== undefined && typeof department !== 'string') return false;
      into.a = (department as string | undefined) ?? null;
      return mark(into, NoteKind.Verified, STEP.verify, version === V.ComplaintVerified);
    }
    case 'CustomerContacted':
      return mark(into, NoteKind.Contacted, STEP.explain, version === V.CustomerContacted);
    case 'AgreementNegotiated':
      return mark(into, NoteKind.Negotiated, STEP.negotiate, version === V.AgreementNegotiated);
    case 'AgreementSigned':
      return mark(into, NoteKind.Signed, STEP.sign, version === V.AgreementSigned);
    case 'ReportedToLeadership':
      return mark(into, NoteKind.Reported, STEP.report, version === V.ReportedToLeadership);
    case 'SolutionDrafted':
      return mark(into, NoteKind.Drafted, STEP.draftSolution, version === V.SolutionDrafted);
    case 'RectificationNoticeIssued': {
      const { noticeId, responsibleDepartment, deadline } = data;
      if (!Code.is(noticeId) || !NonEmptyText.is(responsibleDepartment)) return false;
      const due = typeof deadline === 'string' ? parseInstant(deadline) : Number.NaN;
      if (Number.isNaN(due)) return false;
      into.a = noticeId;
      into.b = responsibleDepartment;
      into.deadline = due;
      return mark(
        into,
        NoteKind.NoticeIssued,
        STEP.issueNotice,
        version === V.RectificationNoticeIssued,
      );
    }
    case 'RectificationInspected': {
      const { noticeId, result } = data;
      if (!Code.is(noticeId) || !InspectionResult.is(result)) return false;
      into.a = noticeId;
      into.b = result;
      const step = result === 'passed' ? STEP.rectify : NO_STEP;
      return mark(into, NoteKind.Inspected, step, version === V.RectificationInspected);
    }
    case 'CustomerAccepted':
      return mark(into, NoteKind.Accepted, STEP.accept, version === V.CustomerAccepted);
    case 'CustomerRefused': {
      const { reason, reopened } = data;
      if (!NonEmptyText.is(reason) || !isSteps(reopened)) return false;
      into.a = reason;
      into.list = reopened;
      return mark(into, NoteKind.Refused, NO_STEP, version === V.CustomerRefused);
    }
    case 'EscalatedToCoordinationMeeting':
      return mark(into, NoteKind.Escalated, NO_STEP, version === V.EscalatedToCoordinationMeeting);
    case 'CustomerWaitStarted':
      return mark(into, NoteKind.WaitStarted, NO_STEP, version === V.CustomerWaitStarted);
    case 'CustomerWaitEnded':
      return mark(into, NoteKind.WaitEnded, NO_STEP, version === V.CustomerWaitEnded);
    case 'ComplaintClosed':
      return mark(into, NoteKind.Closed, STEP.close, version === V.ComplaintClosed);
    case 'ComplaintRevisited': {
      const verdict = data.verdict;
      if (!RevisitVerdict.is(verdict)) return false;
      into.a = verdict;
      return mark(into, NoteKind.Revisited, STEP.revisit, version === V.ComplaintRevisited);
    }
    default:
      return false;
  }
};

/** A decoded event the note reader still refuses: a codec accepting more than it reads. */
const unreadable = (stored: StoredEvent): DecodeError =>
  decodeError(`event ${stored.type} (stream ${stored.streamId} v${stored.streamVersion})`, [
    { path: 'data', expected: 'the fields the projections read', actual: stored.data },
  ]);

/**
 * Read a stored complaint event into `into`: the fast reading, else the full decode (which
 * upcasts an old schema version), else the decoder's error naming the bad field.
 */
export const readNote = (stored: StoredEvent, into: ComplaintNote): DecodeError | undefined => {
  if (readComplaintNote(stored.type, stored.schemaVersion, stored.data, into)) return undefined;
  const decoded = fromStoredEvent(stored);
  if (E.isLeft(decoded)) return decoded.left;
  const e = decoded.right;
  return readComplaintNote(e.type, V[e.type], e.data, into) ? undefined : unreadable(stored);
};

/** The step a note completes, by name. */
export const noteStep = (note: ComplaintNote): StepKind | null => STEP_KINDS[note.step] ?? null;
