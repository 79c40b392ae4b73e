import * as E from 'fp-ts/Either';
import { centreEventFromStored } from '../centre/codec';
import type { CentreEvent } from '../centre/events';
import { isCentreStream } from '../centre/events';
import { COMPLAINT_STREAM_PREFIX } from '../complaint/vocabulary';
import { STEP_KINDS, type StepKind } from '../policy/steps';
import type { DecodeError } from '../shared/decode';
import type { StoredEvent } from '../store/envelope';
import { ComplaintNote, NoteKind, noteStep, readNote } from '../complaint/note';
import { type EventLink, eventLink } from './event-link';

export type Verdict = 'satisfied' | 'neutral' | 'dissatisfied' | 'unreachable';

/** What scoring and the indicators need of one complaint, beyond its SLA clocks. */
export interface ComplaintFacts {
  readonly complaintId: string;
  readonly streamId: string;
  readonly centre: string;
  readonly channel: string;
  readonly summary: string;
  readonly receivedAt: number;
  readonly received: EventLink;
  /** 反复投诉: the earlier complaint about the same problem. */
  readonly repeatOf: string | null;
  complaintClass: string | null;
  /** 相关部门: from the verification, else the latest rectification notice. */
  responsibleDepartment: string | null;
  /** First completion of each step (epoch ms). */
  readonly firstDone: Partial<Record<StepKind, number>>;
  inspections: readonly Inspection[];
  refusals: readonly Refusal[];
  acceptances: readonly EventLink[];
  revisits: readonly Revisit[];
  closedAt: number | null;
}

export interface Inspection {
  readonly ref: EventLink;
  readonly noticeId: string;
  readonly result: 'passed' | 'failed';
}
export interface Refusal {
  readonly ref: EventLink;
  readonly reason: string;
}
export interface Revisit {
  readonly ref: EventLink;
  readonly verdict: Verdict;
}

/**
 * The lists of a complaint start as this one shared empty list and get their own at the
 * first entry: most complaints have no refusal and no revisit, and a replay keeps every
 * complaint's facts, so empty lists would be most of what it keeps.
 */
const NONE: readonly never[] = Object.freeze([]);

const added = <T>(list: readonly T[], item: T): readonly T[] => {
  if (list === NONE) return [item];
  (list as T[]).push(item);
  return list;
};

/**
 * Every step, undefined, in STEP_KINDS order: each complaint's `firstDone` starts as a copy,
 * so that all share one shape and setting a step is a plain store, not a new property.
 */
const NO_STEPS_DONE: Readonly<Partial<Record<StepKind, number>>> = Object.fromEntries(
  STEP_KINDS.map((step) => [step, undefined]),
);

export interface RecordedScore {
  readonly score: number;
  readonly outOf: number;
  readonly ref: EventLink;
}

/** A centre: its name, its monthly monitoring and test-call scores, when it was first seen. */
export interface CentreFacts {
  readonly centre: string;
  name: string | null;
  zh: string | null;
  /** Earliest domain time of any event of the centre (a complaint, a registration, a score). */
  firstSeenAt: number;
  /** 监听考核分值 by month; the latest recording of a month stands. */
  readonly monitoring: Map<string, RecordedScore>;
  /** 拨测评定分数 by month. */
  readonly testCall: Map<string, RecordedScore>;
}

/** An event the scoring projection cannot read. */
export interface ScoringEventError {
  readonly _tag: 'ScoringEventError';
  readonly position: number;
  readonly streamId: string;
  readonly eventType: string;
  readonly cause: DecodeError;
}

export const scoringEventError = (stored: StoredEvent, cause: DecodeError): ScoringEventError => ({
  _tag: 'ScoringEventError',
  position: stored.globalPosition,
  streamId: stored.streamId,
  eventType: stored.type,
  cause,
});

/**
 * The complaint and centre facts, folded from stored events. Like the SLA projection it
 * updates itself in place for replay speed and stays a pure function of the events applied.
 */
export class ScoringFacts {
  private readonly byStream = new Map<string, ComplaintFacts>();
  private readonly byComplaint = new Map<string, ComplaintFacts>();
  private readonly centreMap = new Map<string, CentreFacts>();

  complaints(): IterableIterator<ComplaintFacts> {
    return this.byComplaint.values();
  }

  complaint(complaintId: string): ComplaintFacts | undefined {
    return this.byComplaint.get(complaintId);
  }

  centres(): IterableIterator<CentreFacts> {
    return this.centreMap.values();
  }

  centre(centre: string): CentreFacts | undefined {
    return this.centreMap.get(centre);
  }

  /** The complaint event being applied (one instance, reused). */
  private readonly note = new ComplaintNote();
  /** The complaint applied last, which the next event of the same stream likely updates. */
  private lastStream: ComplaintFacts | undefined;

  /**
   * Apply one stored event: complaint and centre events are read, other streams ignored.
   * An unreadable event of ours is returned as an error and changes nothing.
   */
  apply(stored: StoredEvent): ScoringEventError | undefined {
    if (stored.streamId.startsWith(COMPLAINT_STREAM_PREFIX)) {
      const error = readNote(stored, this.note);
      if (error !== undefined) return scoringEventError(stored, error);
      this.applyNote(stored, this.note);
      return undefined;
    }
    return this.applyOther(stored);
  }

  /** @internal Apply an event of a stream other than a complaint's (a centre's, or not ours). */
  applyOther(stored: StoredEvent): ScoringEventError | undefined {
    if (!isCentreStream(stored.streamId)) return undefined;
    const decoded = centreEventFromStored(stored);
    if (E.isLeft(decoded)) return scoringEventError(stored, decoded.left);
    this.applyCentre(stored, decoded.right);
    return undefined;
  }

  private seeCentre(centre: string, at: number): CentreFacts {
    let facts = this.centreMap.get(centre);
    if (facts === undefined) {
      facts = {
        centre,
        name: null,
        zh: null,
        firstSeenAt: at,
        monitoring: new Map(),
        testCall: new Map(),
      };
      this.centreMap.set(centre, facts);
    } else if (at < facts.firstSeenAt) facts.firstSeenAt = at;
    return facts;
  }

  private applyCentre(stored: StoredEvent, event: CentreEvent): void {
    const at = Date.parse(event.data.at);
    const facts = this.seeCentre(event.data.centre, at);
    const ref = eventLink(stored, at);
    switch (event.type) {
      case 'CentreRegistered':
        facts.name = event.data.name;
        facts.zh = event.data.zh ?? null;
        break;
      case 'MonitoringScoreRecorded':
        facts.monitoring.set(event.data.month, {
          score: event.data.score,
          outOf: event.data.outOf,
          ref,
        });
        break;
      case 'TestCallScoreRecorded':
        facts.testCall.set(event.data.month, {
          score: event.data.score,
          outOf: event.data.outOf,
          ref,
        });
        break;
    }
  }

  /** @internal Apply a complaint event already read into `n`. */
  applyNote(stored: StoredEvent, n: ComplaintNote): void {
    const at = n.at;
    if (n.kind === NoteKind.Received) {
      if (this.byStream.has(stored.streamId)) return;
      const facts: ComplaintFacts = {
        complaintId: n.a as string,
        streamId: stored.streamId,
        centre: n.b as string,
        channel: n.c as string,
        summary: n.d as string,
        receivedAt: at,
        received: eventLink(stored, at),
        repeatOf: n.e,
        complaintClass: null,
        responsibleDepartment: null,
        firstDone: { ...NO_STEPS_DONE },
        inspections: NONE,
        refusals: NONE,
        acceptances: NONE,
        revisits: NONE,
        closedAt: null,
      };
      this.byStream.set(stored.streamId, facts);
      this.byComplaint.set(facts.complaintId, facts);
      this.lastStream = facts;
      this.seeCentre(facts.centre, at);
      return;
    }
    let facts = this.lastStream;
    if (facts === undefined || facts.streamId !== stored.streamId) {
      facts = this.byStream.get(stored.streamId);
      if (facts === undefined) return;
      this.lastStream = facts;
    }
    const step = noteStep(n);
    if (step !== null && facts.firstDone[step] === undefined) facts.firstDone[step] = at;
    switch (n.kind) {
      case NoteKind.Classified:
      case NoteKind.Reclassified:
        facts.complaintClass = n.a;
        break;
      case NoteKind.Verified:
        if (n.a !== null) facts.responsibleDepartment = n.a;
        break;
      case NoteKind.NoticeIssued:
        facts.responsibleDepartment ??= n.b;
        break;
      case NoteKind.Inspected:
        facts.inspections = added(facts.inspections, {
          ref: eventLink(stored, at),
          noticeId: n.a as string,
          result: n.b as 'passed' | 'failed',
        });
        break;
      case NoteKind.Refused:
        facts.refusals = added(facts.refusals, {
          ref: eventLink(stored, at),
          reason: n.a as string,
        });
        break;
      case NoteKind.Accepted:
        facts.acceptances = added(facts.acceptances, eventLink(stored, at));
        break;
      case NoteKind.Revisited:
        facts.revisits = added(facts.revisits, {
          ref: eventLink(stored, at),
          verdict: n.a as Verdict,
        });
        break;
      case NoteKind.Closed:
        facts.closedAt = at;
        break;
      default:
        break;
    }
  }
}
