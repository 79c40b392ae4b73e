import * as E from 'fp-ts/Either';
import { StoredEvent } from '../../src/store/envelope';
import { looksStored } from '../../src/store/parsed-envelope';
import { decodeWith } from '../../src/shared/decode';
import { Instant } from '../../src/shared/time';

/** The payload bytes of one event: its envelope as JSON, keys in a fixed order. */
export const encodeRecord = (event: StoredEvent): string =>
  JSON.stringify({
    eventId: event.eventId,
    streamId: event.streamId,
    streamVersion: event.streamVersion,
    globalPosition: event.globalPosition,
    type: event.type,
    schemaVersion: event.schemaVersion,
    recordedAt: event.recordedAt,
    metadata: event.metadata,
    data: event.data,
  });

const decodeSlowly = decodeWith(StoredEvent, 'stored event');

// Events appended together share their recordedAt: the last one that passed is remembered.
let lastRecordedAt = '';
const isRecordedAt = (u: unknown): boolean => {
  if (u === lastRecordedAt) return true;
  if (!Instant.is(u)) return false;
  lastRecordedAt = u;
  return true;
};

/**
 * Decode one payload into a StoredEvent, or say what is wrong with it. The checksum has
 * already vouched for the bytes; this vouches for their meaning (a record written by a
 * buggy or foreign writer). The hand-written test accepts what the StoredEvent codec
 * accepts — JSON.parse can only produce plain JSON, so `data` needs no deep walk — and
 * only a refused record pays for the codec, to name the bad path.
 */
export const decodeRecord = (json: string): StoredEvent | string => {
  let u: unknown;
  try {
    u = JSON.parse(json);
  } catch (error) {
    return `payload is not JSON: ${(error as Error).message}`;
  }
  if (looksStored(u, isRecordedAt)) return u;
  const decoded = decodeSlowly(u);
  // Only a codec that accepts more than the hand-written test could land on the right.
  return E.isLeft(decoded) ? decoded.left.message : (decoded.right as StoredEvent);
};
