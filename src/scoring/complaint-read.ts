import { CURRENT_SCHEMA_VERSION } from '../complaint/upcasters';
import {
  Channel,
  Code,
  ComplaintId,
  InspectionResult,
  RevisitVerdict,
} from '../complaint/vocabulary';
import { NonEmptyText } from '../shared/nonempty';
import type { StepKind } from '../policy/steps';
import { parseInstant } from '../sla/parse-instant';

/** What scoring does with a complaint event, once read. */
export const Note = {
  Received: 0,
  Classified: 1,
  Reclassified: 2,
  Verified: 3,
  NoticeIssued: 4,
  Inspected: 5,
  Refused: 6,
  Accepted: 7,
  Revisited: 8,
  Closed: 9,
  /** A step completed, and nothing else scoring keeps. */
  Step: 10,
  /** Nothing scoring keeps (waits, escalation). */
  Nothing: 11,
} as const;
export type Note = (typeof Note)[keyof typeof Note];

/**
 * One complaint event as scoring sees it, read in place of a full decode: `read` fills it
 * and `ScoringFacts` applies it. One instance is reused for every event, so that a replay
 * allocates nothing for the reading.
 */
export class ComplaintNote {
  note: Note = Note.Nothing;
  /** `data.at`, epoch ms. */
  at = 0;
  /** The step the event completes, if any. */
  step: StepKind | null = null;
  /** Received: complaint id; classified: class; reclassified: new class; verified and
   *  notices: responsible department (null: none given); inspected: notice id; refused:
   *  reason; revisited: verdict. */
  a: string | null = null;
  /** Received: centre; inspected: result. */
  b: string | null = null;
  /** Received: channel. */
  c: string | null = null;
  /** Received: summary. */
  d: string | null = null;
  /** Received: the complaint it repeats (null: none). */
  e: string | null = null;
}

const V = CURRENT_SCHEMA_VERSION;

/**
 * Read the fields scoring uses from an event of the current schema, each checked by its
 * codec (a tolerant reader: fields scoring never looks at are left to the full codec,
 * which the command side applies). Returns false when the event is of another schema
 * version, of a type this does not know, or a used field is off: the caller then decodes
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
  into.step = null;
  switch (type) {
    case 'ComplaintReceived': {
      const { complaintId, centre, channel, summary, repeatOf } = data;
      if (version !== V.ComplaintReceived || !ComplaintId.is(complaintId) || !Code.is(centre))
        return false;
      if (!Channel.is(channel) || !NonEmptyText.is(summary)) return false;
      if (repeatOf !== undefined && !ComplaintId.is(repeatOf)) return false;
      into.note = Note.Received;
      into.a = complaintId;
      into.b = centre;
      into.c = channel;
      into.d = summary;
      into.e = repeatOf ?? null;
      return true;
    }
    case 'ComplaintClassified': {
      const cls = data.complaintClass;
      if (version !== V.ComplaintClassified || typeof cls !== 'string') return false;
      into.note = Note.Classified;
      into.a = cls;
      return true;
    }
    case 'ComplaintReclassified': {
      const to = data.to;
      if (version !== V.ComplaintReclassified || typeof to !== 'string') return false;
      into.note = Note.Reclassified;
      into.a = to;
      return true;
    }
    case 'ComplaintVerified': {
      const department = data.responsibleDepartment;
      if (version !== V.ComplaintVerified) return false;
      if (department !== undefined && typeof department !== 'string') return false;
      into.note = Note.Verified;
      into.step = 'verify';
      into.a = (department as string | undefined) ?? null;
      return true;
    }
    case 'RectificationNoticeIssued': {
      const department = data.responsibleDepartment;
      if (version !== V.RectificationNoticeIssued || !NonEmptyText.is(department)) return false;
      into.note = Note.NoticeIssued;
      into.step = 'issueNotice';
      into.a = department;
      return true;
    }
    case 'RectificationInspected': {
      const notice = data.noticeId;
      const result = data.result;
      if (version !== V.RectificationInspected || !Code.is(notice)) return false;
      if (!InspectionResult.is(result)) return false;
      into.note = Note.Inspected;
      into.step = result === 'passed' ? 'rectify' : null;
      into.a = notice;
      into.b = result;
      return true;
    }
    case 'CustomerRefused': {
      const reason = data.reason;
      if (version !== V.CustomerRefused || !NonEmptyText.is(reason)) return false;
      into.note = Note.Refused;
      into.a = reason;
      return true;
    }
    case 'CustomerAccepted':
      if (version !== V.CustomerAccepted) return false;
      into.note = Note.Accepted;
      into.step = 'accept';
      return true;
    case 'ComplaintRevisited': {
      const verdict = data.verdict;
      if (version !== V.ComplaintRevisited || !RevisitVerdict.is(verdict)) return false;
      into.note = Note.Revisited;
      into.step = 'revisit';
      into.a = verdict;
      return true;
    }
    case 'ComplaintClosed':
      if (version !== V.ComplaintClosed) return false;
      into.note = Note.Closed;
      into.step = 'close';
      return true;
    case 'CustomerContacted':
      return step(into, version === V.CustomerContacted, 'explain');
    case 'AgreementNegotiated':
      return step(into, version === V.AgreementNegotiated, 'negotiate');
    case 'AgreementSigned':
      return step(into, version === V.AgreementSigned, 'sign');
    case 'ReportedToLeadership':
      return step(into, version === V.ReportedToLeadership, 'report');
    case 'SolutionDrafted':
      return step(into, version === V.SolutionDrafted, 'draftSolution');
    case 'CustomerWaitStarted':
      return nothing(into, version === V.CustomerWaitStarted);
    case 'CustomerWaitEnded':
      return nothing(into, version === V.CustomerWaitEnded);
    case 'EscalatedToCoordinationMeeting':
      return nothing(into, version === V.EscalatedToCoordinationMeeting);
    default:
      return false;
  }
};

const step = (into: ComplaintNote, current: boolean, kind: StepKind): boolean => {
  into.note = Note.Step;
  into.step = kind;
  return current;
};

const nothing = (into: ComplaintNote, current: boolean): boolean => {
  into.note = Note.Nothing;
  return current;
};
