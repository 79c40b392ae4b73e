import * as E from 'fp-ts/Either';
import type * as t from 'io-ts';
import { type DecodeError, decodeError, decodeWith } from '../shared/decode';
import type { EventMetadata, NewEvent, StoredEvent } from '../store/envelope';
import { CENTRE_EVENT_CODECS, type CentreEvent, type CentreEventType } from './events';

/** Every centre event is at schema version 1; a change of shape adds an upcaster here. */
export const CENTRE_SCHEMA_VERSION = 1;

export const centreEventToNew = (
  event: CentreEvent,
  metadata?: EventMetadata,
  eventId?: string,
): NewEvent => ({
  type: event.type,
  data: event.data as NewEvent['data'],
  schemaVersion: CENTRE_SCHEMA_VERSION,
  ...(metadata === undefined ? {} : { metadata }),
  ...(eventId === undefined ? {} : { eventId }),
});

const isCentreEventType = (type: string): type is CentreEventType =>
  Object.hasOwn(CENTRE_EVENT_CODECS, type);

/** Decode a stored centre event; errors name the stream, version and field. */
export const centreEventFromStored = (stored: StoredEvent): E.Either<DecodeError, CentreEvent> => {
  const what = `event ${stored.type} (stream ${stored.streamId} v${stored.streamVersion})`;
  if (!isCentreEventType(stored.type))
    return E.left(
      decodeError(what, [{ path: 'type', expected: 'a centre event type', actual: stored.type }]),
    );
  if (stored.schemaVersion !== CENTRE_SCHEMA_VERSION)
    return E.left(
      decodeError(what, [
        {
          path: 'schemaVersion',
          expected: String(CENTRE_SCHEMA_VERSION),
          actual: stored.schemaVersion,
        },
      ]),
    );
  const codec = CENTRE_EVENT_CODECS[stored.type] as t.Type<CentreEvent, unknown, unknown>;
  return decodeWith(codec, what)({ type: stored.type, data: stored.data });
};
