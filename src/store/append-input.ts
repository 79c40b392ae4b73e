import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { type DecodeError, type DecodeProblem, decodeError, decodeWith } from '../shared/decode';
import { EventId, EventMetadata, type JsonValue, NewEvent, StreamId } from './envelope';
import { ExpectedVersion, isExpectedVersion } from './expected-version';
import { frozenJsonObjectCopy, NOT_JSON } from './frozen-json';

/**
 * Everything `append` receives, as one value: the codec that names the path of bad input.
 * An empty batch passes this codec; `checkAppend` refuses it.
 */
export const AppendInput = t.type({
  streamId: StreamId,
  events: t.array(NewEvent),
  options: t.intersection([
    t.type({ expectedVersion: ExpectedVersion }),
    t.partial({ metadata: EventMetadata }),
  ]),
});

/** One event that passed the store boundary: immutable, metadata merged, defaults still open. */
export interface CheckedEvent {
  readonly type: string;
  /** A deep-frozen copy of the caller's data. */
  readonly data: { readonly [key: string]: JsonValue };
  /** The caller's id; the store makes one when undefined. */
  readonly eventId: string | undefined;
  readonly schemaVersion: number;
  /** The append's metadata under the event's own, frozen; only the known keys. */
  readonly metadata: EventMetadata;
}

export interface CheckedAppend {
  readonly streamId: string;
  readonly expectedVersion: ExpectedVersion;
  readonly events: readonly CheckedEvent[];
}

const EMPTY_METADATA: EventMetadata = Object.freeze({});

const isRecord = (u: unknown): u is Record<string, unknown> =>
  typeof u === 'object' && u !== null && !Array.isArray(u);

const isOptionalString = (u: unknown): boolean => u === undefined || typeof u === 'string';

// The same test as `EventMetadata.is` (a partial codec accepts undefined for each key).
const isMetadata = (u: unknown): u is EventMetadata =>
  isRecord(u) &&
  isOptionalString(u.correlationId) &&
  isOptionalString(u.causationId) &&
  isOptionalString(u.actor);

const mergeMetadata = (
  base: EventMetadata | undefined,
  own: EventMetadata | undefined,
): EventMetadata => {
  if (base === undefined && own === undefined) return EMPTY_METADATA;
  const correlationId = own?.correlationId ?? base?.correlationId;
  const causationId = own?.causationId ?? base?.causationId;
  const actor = own?.actor ?? base?.actor;
  if (correlationId === undefined && causationId === undefined && actor === undefined)
    return EMPTY_METADATA;
  const merged: { correlationId?: string; causationId?: string; actor?: string } = {};
  if (correlationId !== undefined) merged.correlationId = correlationId;
  if (causationId !== undefined) merged.causationId = causationId;
  if (actor !== undefined) merged.actor = actor;
  return Object.freeze(merged);
};

/** The hand-written equivalent of `NewEvent.is`, copying as it checks; undefined when refused. */
const checkEvent = (u: unknown, base: EventMetadata | undefined): CheckedEvent | undefined => {
  if (!isRecord(u)) return undefined;
  const { type, eventId, schemaVersion, metadata } = u;
  if (typeof type !== 'string') return undefined;
  if (eventId !== undefined && !EventId.is(eventId)) return undefined;
  if (
    schemaVersion !== undefined &&
    !(Number.isSafeInteger(schemaVersion) && (schemaVersion as number) >= 1)
  )
    return undefined;
  if (metadata !== undefined && !isMetadata(metadata)) return undefined;
  const data = frozenJsonObjectCopy(u.data);
  if (data === NOT_JSON) return undefined;
  return {
    type,
    data,
    eventId,
    schemaVersion: (schemaVersion as number | undefined) ?? 1,
    metadata: mergeMetadata(base, metadata),
  };
};

const fastCheck = (
  streamId: unknown,
  events: unknown,
  options: unknown,
): CheckedAppend | undefined => {
  if (!StreamId.is(streamId)) return undefined;
  if (!Array.isArray(events) || events.length === 0) return undefined;
  if (!isRecord(options) || !isExpectedVersion(options.expectedVersion)) return undefined;
  const base = options.metadata;
  if (base !== undefined && !isMetadata(base)) return undefined;
  const checked: CheckedEvent[] = new Array(events.length);
  for (let i = 0; i < events.length; i++) {
    const event = checkEvent(events[i], base);
    if (event === undefined) return undefined;
    checked[i] = event;
  }
  return { streamId, expectedVersion: options.expectedVersion, events: checked };
};

/** Ids given twice in one batch would make two events with one id: refused like bad input. */
const repeatedIds = (events: readonly CheckedEvent[]): DecodeError | undefined => {
  if (events.length < 2) return undefined;
  const firstAt = new Map<string, number>();
  for (let i = 0; i < events.length; i++) {
    const id = events[i]!.eventId;
    if (id === undefined) continue;
    const earlier = firstAt.get(id);
    if (earlier !== undefined)
      return decodeError('append', [
        {
          path: `events[${i}].eventId`,
          expected: 'an event id not used earlier in the batch',
          actual: id,
          message: `repeats events[${earlier}].eventId ${id}`,
        },
      ]);
    firstAt.set(id, i);
  }
  return undefined;
};

const decodeAppendInput = decodeWith(AppendInput, 'append');

/**
 * The store boundary of `append`: decode the caller's input and copy it into immutable
 * values. The common case (valid input) takes a hand-written check that accepts exactly
 * what the codec accepts, with no allocation beyond the copy; only refused input pays for
 * the codec's readable error, which names the path of every bad field
 * (`events[2].data`, `options.expectedVersion`, …).
 */
export const checkAppend = (
  streamId: unknown,
  events: unknown,
  options: unknown,
): E.Either<DecodeError, CheckedAppend> => {
  const checked = fastCheck(streamId, events, options);
  if (checked !== undefined) {
    const repeated = repeatedIds(checked.events);
    return repeated === undefined ? E.right(checked) : E.left(repeated);
  }
  const empty: DecodeProblem[] =
    Array.isArray(events) && events.length === 0
      ? [{ path: 'events', expected: 'at least one event', actual: events }]
      : [];
  const decoded = decodeAppendInput({ streamId, events, options });
  if (E.isLeft(decoded)) return E.left(decodeError('append', [...decoded.left.problems, ...empty]));
  if (empty.length > 0) return E.left(decodeError('append', empty));
  // Unreachable while the two checks agree (a property test holds them to it); a value that
  // changes between two reads (a getter) could still land here, and is refused, not stored.
  return E.left(
    decodeError('append', [
      {
        path: '(root)',
        expected: 'plain JSON values that stay the same while read',
        actual: events,
      },
    ]),
  );
};
