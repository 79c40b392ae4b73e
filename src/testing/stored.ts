import { toNewEvent } from '../complaint/codec';
import type { ComplaintEvent } from '../complaint/events';
import { complaintStreamId } from '../complaint/vocabulary';
import type { StoredEvent } from '../store/envelope';

export interface StoredOptions {
  /** The complaint the events belong to; default: the id in the first ComplaintReceived. */
  readonly complaintId?: string;
  /** Global position of the event before the first. Default 0. */
  readonly after?: number;
  /** Stream version of the event before the first. Default 0. */
  readonly fromVersion?: number;
}

const eventId = (n: number): string =>
  `00000000-0000-7000-8000-${n.toString(16).padStart(12, '0').slice(-12)}`;

/**
 * Wrap a complaint's domain events in the envelopes a store would give back — one stream,
 * consecutive versions and positions, recorded at each event's own time, deterministic
 * ids — so that a projection can be tested without a store.
 */
export const toStoredEvents = (
  events: readonly ComplaintEvent[],
  options: StoredOptions = {},
): StoredEvent[] => {
  const received = events.find((e) => e.type === 'ComplaintReceived');
  const complaintId =
    options.complaintId ??
    (received?.type === 'ComplaintReceived' ? received.data.complaintId : 'unknown');
  const after = options.after ?? 0;
  const fromVersion = options.fromVersion ?? 0;
  return events.map((e, i) => {
    const n = toNewEvent(e);
    return {
      eventId: eventId(after + i + 1),
      streamId: complaintStreamId(complaintId),
      streamVersion: fromVersion + i + 1,
      globalPosition: after + i + 1,
      type: n.type,
      schemaVersion: n.schemaVersion ?? 1,
      recordedAt: new Date(Date.parse(e.data.at)).toISOString(),
      metadata: {},
      data: n.data,
    };
  });
};
