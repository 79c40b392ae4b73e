import * as E from 'fp-ts/Either';
import { centreEventFromStored } from '../centre/codec';
import type { CentreEvent } from '../centre/events';
import { isCentreStream } from '../centre/events';
import { fromStoredEvent } from '../complaint/codec';
import { type ComplaintEvent, stepCompletedBy } from '../complaint/events';
import { COMPLAINT_STREAM_PREFIX } from '../complaint/vocabulary';
import type { StepKind } from '../policy/steps';
import type { DecodeError } from '../shared/decode';
import type { StoredEvent } from '../store/envelope';
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
  readonly inspections: {
    readonly ref: EventLink;
    readonly noticeId: string;
    readonly result: 'passed' | 'failed';
  }[];
  readonly refusals: { readonly ref: EventLink; readonly reason: string }[];
  readonly acceptances: EventLink[];
  readonly revisits: { readonly ref: EventLink; readonly verdict: Verdict }[];
  closedAt: number | null;
}

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

export type ReadFact =
  | { readonly kind: 'complaint'; readonly event: ComplaintEvent }
  | { readonly kind: 'centre'; readonly event: CentreEvent };

/** An event the scoring projection cannot read. */
export interface ScoringEventError {
  readonly _tag: 'ScoringEventError';
  readonly position: number;
  readonly streamId: string;
  readonly eventType: string;
  readonly cause: DecodeError;
}

const failure = (stored: StoredEvent, cause: DecodeError): ScoringEventError => ({
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

  /**
   * Read an event without applying it: null for streams that are neither complaints nor
   * centres, an error for an unreadable event of ours.
   */
  read(stored: StoredEvent): ReadFact | null | ScoringEventError {
    if (stored.streamId.startsWith(COMPLAINT_STREAM_PREFIX)) {
      const decoded = fromStoredEvent(stored);
      return E.isLeft(decoded)
        ? failure(stored, decoded.left)
        : { kind: 'complaint', event: decoded.right };
    }
    if (isCentreStream(stored.streamId)) {
      const decoded = centreEventFromStored(stored);
      return E.isLeft(decoded)
        ? failure(stored, decoded.left)
        : { kind: 'centre', event: decoded.right };
    }
    return null;
  }

  /** Apply an event `read` accepted. */
  commit(stored: StoredEvent, fact: ReadFact): void {
    if (fact.kind === 'complaint') this.applyComplaint(stored, fact.event);
    else this.applyCentre(stored, fact.event);
  }

  /** Read and apply one stored event. */
  apply(stored: StoredEvent): ScoringEventError | undefined {
    const fact = this.read(stored);
    if (fact === null) return undefined;
    if ('_tag' in fact) return fact;
    this.commit(stored, fact);
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

  private applyComplaint(stored: StoredEvent, event: ComplaintEvent): void {
    const at = Date.parse(event.data.at);
    if (event.type === 'ComplaintReceived') {
      if (this.byStream.has(stored.streamId)) return;
      const d = event.data;
      const facts: ComplaintFacts = {
        complaintId: d.complaintId,
        streamId: stored.streamId,
        centre: d.centre,
        channel: d.channel,
        summary: d.summary,
        receivedAt: at,
        received: eventLink(stored, at),
        repeatOf: d.repeatOf ?? null,
        complaintClass: null,
        responsibleDepartment: null,
        firstDone: {},
        inspections: [],
        refusals: [],
        acceptances: [],
        revisits: [],
        closedAt: null,
      };
      this.byStream.set(stored.streamId, facts);
      this.byComplaint.set(d.complaintId, facts);
      this.seeCentre(d.centre, at);
      return;
    }
    const facts = this.byStream.get(stored.streamId);
    if (facts === undefined) return;
    const step = stepCompletedBy(event);
    if (step !== undefined && facts.firstDone[step] === undefined) facts.firstDone[step] = at;
    switch (event.type) {
      case 'ComplaintClassified':
        facts.complaintClass = event.data.complaintClass;
        break;
      case 'ComplaintReclassified':
        facts.complaintClass = event.data.to;
        break;
      case 'ComplaintVerified':
        if (event.data.responsibleDepartment !== undefined)
          facts.responsibleDepartment = event.data.responsibleDepartment;
        break;
      case 'RectificationNoticeIssued':
        facts.responsibleDepartment ??= event.data.responsibleDepartment;
        break;
      case 'RectificationInspected':
        facts.inspections.push({
          ref: eventLink(stored, at),
          noticeId: event.data.noticeId,
          result: event.data.result,
        });
        break;
      case 'CustomerRefused':
        facts.refusals.push({ ref: eventLink(stored, at), reason: event.data.reason });
        break;
      case 'CustomerAccepted':
        facts.acceptances.push(eventLink(stored, at));
        break;
      case 'ComplaintRevisited':
        facts.revisits.push({ ref: eventLink(stored, at), verdict: event.data.verdict });
        break;
      case 'ComplaintClosed':
        facts.closedAt = at;
        break;
      default:
        break;
    }
  }
}
