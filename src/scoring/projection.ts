import * as E from 'fp-ts/Either';
import type { SlaEventError } from '../sla/facts';
import { SlaProjection } from '../sla/projection';
import type { StoredEvent } from '../store/envelope';
import { ComplaintNote, readNote } from '../complaint/note';
import type { NoteFold } from '../projection/note-fold';
import { isComplaintStream } from '../sla/facts';
import { ScoringFacts, type ScoringEventError, scoringEventError } from './facts';

export type ProjectionError = SlaEventError | ScoringEventError;

/**
 * The scoring projection: the SLA projection (clocks) and the facts scores and indicators
 * need (channels, repeats, inspections, verdicts, centre assessments), fed by one fold.
 */
export class ScoringProjection implements NoteFold<ProjectionError> {
  readonly sla = new SlaProjection();
  /** Complaint facts read from the SLA projection's records; centres kept beside them. */
  readonly facts = new ScoringFacts(this.sla);
  private lastPosition = 0;
  private applied = 0;
  private readonly note = new ComplaintNote();

  get position(): number {
    return this.lastPosition;
  }

  get eventCount(): number {
    return this.applied;
  }

  /**
   * Apply one stored event. Events at or before the current position are ignored (a runner
   * may deliver twice); an unreadable event is returned and leaves both parts unchanged.
   */
  apply(stored: StoredEvent): ProjectionError | undefined {
    if (stored.globalPosition <= this.lastPosition) return undefined;
    if (isComplaintStream(stored.streamId)) {
      // Read once for both folds; an event either refuses changes neither.
      const error = readNote(stored, this.note);
      if (error !== undefined) return scoringEventError(stored, error);
      return this.applyNote(stored, this.note);
    }
    const error = this.facts.applyOther(stored);
    if (error !== undefined) return error;
    // Never refused: the SLA projection reads complaint streams only.
    this.sla.apply(stored);
    this.lastPosition = stored.globalPosition;
    this.applied++;
    return undefined;
  }

  /** Apply a complaint event already read into `note` (see NoteFold). */
  applyNote(stored: StoredEvent, note: ComplaintNote): ProjectionError | undefined {
    if (stored.globalPosition <= this.lastPosition) return undefined;
    const slaError = this.sla.applyNote(stored, note);
    if (slaError !== undefined) return slaError;
    this.facts.noteApplied(note);
    this.lastPosition = stored.globalPosition;
    this.applied++;
    return undefined;
  }

  applyAll(events: Iterable<StoredEvent>): ProjectionError | undefined {
    for (const e of events) {
      const error = this.apply(e);
      if (error !== undefined) return error;
    }
    return undefined;
  }
}

export const foldScoring = (
  events: Iterable<StoredEvent>,
): E.Either<ProjectionError, ScoringProjection> => {
  const projection = new ScoringProjection();
  const error = projection.applyAll(events);
  return error === undefined ? E.right(projection) : E.left(error);
};

export const describeProjectionError = (error: ProjectionError): string =>
  `event #${error.position} (${error.eventType} in ${error.streamId}): ${error.cause.message}`;
