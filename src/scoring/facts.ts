import * as E from 'fp-ts/Either';
import { centreEventFromStored } from '../centre/codec';
import type { CentreEvent } from '../centre/events';
import { isCentreStream } from '../centre/events';
import { ComplaintNote, NoteKind, readNote } from '../complaint/note';
import { COMPLAINT_STREAM_PREFIX } from '../complaint/vocabulary';
import type { StepKind } from '../policy/steps';
import type { DecodeError } from '../shared/decode';
import { type ComplaintRecord, SlaProjection } from '../sla/projection';
import type { StoredEvent } from '../store/envelope';
import { type EventLink, eventLink } from './event-link';
import { RecordFacts } from './record-facts';

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
  readonly complaintClass: string | null;
  /** 相关部门: from the verification, else the first rectification notice. */
  readonly responsibleDepartment: string | null;
  /** First completion of each step (epoch ms). */
  readonly firstDone: Partial<Record<StepKind, number>>;
  readonly inspections: readonly Inspection[];
  readonly refusals: readonly Refusal[];
  readonly acceptances: readonly EventLink[];
  readonly revisits: readonly Revisit[];
  readonly closedAt: number | null;
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
 * The complaint and centre facts. A complaint's facts are read from the SLA projection's
 * record of it (see RecordFacts): one fold keeps one record per complaint for both. Centres
 * are kept here. Like the SLA projection it updates itself in place for replay speed and
 * stays a pure function of the events applied.
 */
export class ScoringFacts {
  private readonly centreMap = new Map<string, CentreFacts>();
  private readonly views = new WeakMap<ComplaintRecord, RecordFacts>();
  /** The complaint event being applied, when this folds on its own (one instance, reused). */
  private readonly note = new ComplaintNote();

  /** `sla`: the SLA projection whose records hold the complaints (by default, its own). */
  constructor(private readonly sla: SlaProjection = new SlaProjection()) {}

  *complaints(): IterableIterator<ComplaintFacts> {
    for (const record of this.sla.complaints()) yield this.view(record);
  }

  complaint(complaintId: string): ComplaintFacts | undefined {
    const record = this.sla.complaint(complaintId);
    return record === undefined ? undefined : this.view(record);
  }

  centres(): IterableIterator<CentreFacts> {
    return this.centreMap.values();
  }

  centre(centre: string): CentreFacts | undefined {
    return this.centreMap.get(centre);
  }

  private view(record: ComplaintRecord): RecordFacts {
    let view = this.views.get(record);
    if (view === undefined) {
      view = new RecordFacts(record);
      this.views.set(record, view);
    }
    return view;
  }

  /**
   * Apply one stored event, when these facts fold on their own (the scoring projection
   * applies each event to its SLA projection and calls `noteApplied`): complaint events go
   * to the SLA projection, centre events are read here, other streams are ignored. An
   * unreadable event of ours is returned as an error and changes nothing.
   */
  apply(stored: StoredEvent): ScoringEventError | undefined {
    if (stored.globalPosition <= this.sla.position) return undefined;
    if (stored.streamId.startsWith(COMPLAINT_STREAM_PREFIX)) {
      const error = readNote(stored, this.note);
      if (error !== undefined) return scoringEventError(stored, error);
      const slaError = this.sla.applyNote(stored, this.note);
      if (slaError !== undefined) return scoringEventError(stored, slaError.cause);
      this.noteApplied(this.note);
      return undefined;
    }
    const error = this.applyOther(stored);
    if (error === undefined) this.sla.apply(stored);
    return error;
  }

  /**
   * @internal A complaint event was just applied to the SLA projection: a first receipt
   * makes its centre known.
   */
  noteApplied(n: ComplaintNote): void {
    if (n.kind !== NoteKind.Received) return;
    const record = this.sla.lastApplied;
    if (record !== undefined && record.receivedRow === record.last)
      this.seeCentre(n.b as string, n.at);
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
}
