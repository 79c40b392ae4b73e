import * as E from 'fp-ts/Either';
import type { StoredEvent } from '../store/envelope';
import { Fact, FactKind, factOf, isComplaintStream, type SlaEventError } from './facts';

/** Everything the SLA projection knows about one complaint: its facts, in stream order. */
export class ComplaintRecord {
  complaintId: string | null = null;
  centre: string | null = null;
  /** The class in force after the latest event (null before classification). */
  complaintClass: string | null = null;
  readonly facts: Fact[] = [];
  constructor(readonly streamId: string) {}
}

/**
 * The SLA projection's state: a fold over stored events. Applying an event only appends its
 * fact to its complaint (clocks are computed on demand, for a given `now` and policy), so a
 * replay of millions of events costs little more than reading them.
 *
 * The fold owns its state and updates it in place for speed; it is still a pure function of
 * the events applied: no clock, no I/O, and the same events always give the same state.
 */
export class SlaProjection {
  private readonly streams = new Map<string, ComplaintRecord>();
  private readonly byComplaint = new Map<string, ComplaintRecord>();
  private lastPosition = 0;
  private applied = 0;

  /** Global position of the last event applied (0: none). */
  get position(): number {
    return this.lastPosition;
  }

  /** Events applied, complaint streams or not. */
  get eventCount(): number {
    return this.applied;
  }

  /**
   * Apply one stored event. Events at or before the current position were applied already
   * and are ignored, so a runner may deliver an event twice. Returns an error, and leaves the
   * state as it was, when a complaint event cannot be read.
   */
  apply(stored: StoredEvent): SlaEventError | undefined {
    if (stored.globalPosition <= this.lastPosition) return undefined;
    if (isComplaintStream(stored.streamId)) {
      const fact = factOf(stored);
      if (fact !== null) {
        if (!(fact instanceof Fact)) return fact;
        this.add(stored.streamId, fact);
      }
    }
    this.lastPosition = stored.globalPosition;
    this.applied++;
    return undefined;
  }

  /** Apply events in order; stops at the first unreadable one. */
  applyAll(events: Iterable<StoredEvent>): SlaEventError | undefined {
    for (const e of events) {
      const error = this.apply(e);
      if (error !== undefined) return error;
    }
    return undefined;
  }

  private add(streamId: string, fact: Fact): void {
    let record = this.streams.get(streamId);
    if (record === undefined) {
      record = new ComplaintRecord(streamId);
      this.streams.set(streamId, record);
    }
    record.facts.push(fact);
    switch (fact.kind) {
      case FactKind.Received:
        if (record.complaintId === null) {
          record.complaintId = fact.extra;
          record.centre = fact.text;
          if (fact.extra !== null) this.byComplaint.set(fact.extra, record);
        }
        break;
      case FactKind.Classified:
      case FactKind.Reclassified:
        record.complaintClass = fact.text;
        break;
      default:
        break;
    }
  }

  /** Every complaint the projection has seen received. */
  *complaints(): IterableIterator<ComplaintRecord> {
    for (const record of this.byComplaint.values()) yield record;
  }

  get complaintCount(): number {
    return this.byComplaint.size;
  }

  complaint(complaintId: string): ComplaintRecord | undefined {
    return this.byComplaint.get(complaintId);
  }

  /** The record of a stream (for runners that know which streams an event batch touched). */
  stream(streamId: string): ComplaintRecord | undefined {
    return this.streams.get(streamId);
  }
}

/** Fold events into a new projection. */
export const foldSla = (events: Iterable<StoredEvent>): E.Either<SlaEventError, SlaProjection> => {
  const projection = new SlaProjection();
  const error = projection.applyAll(events);
  return error === undefined ? E.right(projection) : E.left(error);
};
