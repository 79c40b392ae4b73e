import type { StoredEvent } from '../store/envelope';

/** Where an event is in the store: enough to find it again and to cite it in a report. */
export interface EventLink {
  readonly eventId: string;
  readonly streamId: string;
  readonly streamVersion: number;
  readonly position: number;
  readonly type: string;
  /** The event's domain time (`data.at`), epoch ms. */
  readonly at: number;
}

export const eventLink = (stored: StoredEvent, at: number): EventLink => ({
  eventId: stored.eventId,
  streamId: stored.streamId,
  streamVersion: stored.streamVersion,
  position: stored.globalPosition,
  type: stored.type,
  at,
});
