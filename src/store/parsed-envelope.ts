import type { StoredEvent } from './envelope';
import { EventId, StreamId } from './envelope';

const isRecord = (u: unknown): u is Record<string, unknown> =>
  typeof u === 'object' && u !== null && !Array.isArray(u);
const isPositiveInt = (u: unknown): u is number => Number.isSafeInteger(u) && (u as number) >= 1;
const isOptionalString = (u: unknown): boolean => u === undefined || typeof u === 'string';

// The events of one append, and a complaint's events, come together: the stream id checked
// last is remembered, and one that is the same string again needs no second look.
let lastStreamId = '';
const isStreamId = (u: unknown): boolean => {
  if (u === lastStreamId) return true;
  if (!StreamId.is(u)) return false;
  lastStreamId = u;
  return true;
};

/**
 * The hand-written twin of `StoredEvent.is`, for the hot path of an adapter reading back
 * what it stored; whatever it does not accept goes through the codec, which names the
 * problem. The object itself is vouched for, not copied, so that a replay allocates nothing
 * more than parsing did. Two differences from the codec, by design: `data` is parsed JSON,
 * plain by construction, so only its shape (an object) is checked; and the recorded time
 * is checked by the adapter's `isRecordedAt`, which knows the form it writes times in.
 */
export const looksStored = (
  u: unknown,
  isRecordedAt: (recordedAt: unknown) => boolean,
): u is StoredEvent => {
  if (!isRecord(u)) return false;
  const metadata = u.metadata;
  return (
    EventId.is(u.eventId) &&
    isStreamId(u.streamId) &&
    isPositiveInt(u.streamVersion) &&
    isPositiveInt(u.globalPosition) &&
    typeof u.type === 'string' &&
    isPositiveInt(u.schemaVersion) &&
    isRecordedAt(u.recordedAt) &&
    isRecord(metadata) &&
    isOptionalString(metadata.correlationId) &&
    isOptionalString(metadata.causationId) &&
    isOptionalString(metadata.actor) &&
    isRecord(u.data)
  );
};
