import type { ComplaintNote } from '../complaint/note';
import type { StoredEvent } from '../store/envelope';
import type { Projection } from './runner';

/**
 * A projection that can also take a complaint event already read into a note, the way
 * `apply` would have read it: a replay may then read events on another thread and hand
 * over only the notes. The SLA and scoring projections are such folds.
 */
export interface NoteFold<Err> extends Projection<Err> {
  /**
   * Apply a complaint-stream event read into `note` by `readNote`. Of `stored` only the
   * envelope is read (position, stream, version, type, recorded time, event id): the data
   * is the note's. Gives what `apply(stored)` gives.
   */
  applyNote(stored: StoredEvent, note: ComplaintNote): Err | undefined;
}
