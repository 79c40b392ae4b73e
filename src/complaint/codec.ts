import type * as t from 'io-ts';
import * as E from 'fp-ts/Either';
import type { EventMetadata, NewEvent, StoredEvent } from '../store/envelope';
import {
  type DecodeError,
  type DecodeProblem,
  decodeError,
  decodeWith,
  problemsFromErrors,
} from '../shared/decode';
import { isCommandOfType } from './command-check';
import { isEventDataOfType } from './event-check';
import { COMMAND_CODECS, type ComplaintCommand } from './commands';
import { EVENT_CODECS, type ComplaintEvent, type ComplaintEventType } from './events';
import { CURRENT_SCHEMA_VERSION, upcast } from './upcasters';

/** Turn a domain event into what a store appends. */
export const toNewEvent = (
  event: ComplaintEvent,
  metadata?: EventMetadata,
  eventId?: string,
): NewEvent => {
  // Built field by field rather than by spreading: one of these per event handled.
  const out: { -readonly [K in keyof NewEvent]: NewEvent[K] } = {
    type: event.type,
    data: event.data as NewEvent['data'],
    schemaVersion: CURRENT_SCHEMA_VERSION[event.type],
  };
  if (metadata !== undefined) out.metadata = metadata;
  if (eventId !== undefined) out.eventId = eventId;
  return out;
};

const isEventType = (type: string): type is ComplaintEventType => Object.hasOwn(EVENT_CODECS, type);

/**
 * Decode a stored event into a domain event: old schema versions are upcast first, then the
 * result is checked by the current codec. Errors name the stream, version and field.
 */
export const fromStoredEvent = (stored: StoredEvent): E.Either<DecodeError, ComplaintEvent> => {
  // The common case, an event of the current schema that its codec accepts, takes the
  // codec's `is`, written out (the event codecs transform nothing, so `is` and a successful
  // decode agree) and builds no error text; replaying a stream is dominated by this call.
  if (isEventType(stored.type) && stored.schemaVersion === CURRENT_SCHEMA_VERSION[stored.type]) {
    if (isEventDataOfType(stored.type, stored.data))
      return E.right({ type: stored.type, data: stored.data } as ComplaintEvent);
  }
  const what = `event ${stored.type} (stream ${stored.streamId} v${stored.streamVersion})`;
  if (!isEventType(stored.type))
    return E.left(
      decodeError(what, [
        { path: 'type', expected: 'a complaint event type', actual: stored.type },
      ]),
    );
  const type: ComplaintEventType = stored.type;
  const codec = EVENT_CODECS[type] as t.Type<ComplaintEvent, unknown, unknown>;
  return E.chain((data: unknown) => decodeWith(codec, what)({ type, data }))(
    upcast(type, stored.schemaVersion, stored.data, what),
  );
};

const COMMAND_TYPES = Object.keys(COMMAND_CODECS).join(' | ');

/**
 * What is wrong with a command, or undefined when its codec accepts it. `decide` checks
 * this too: the static types of ids, texts and instants are plain strings, so a command
 * built in code can carry `at: 'yesterday'`, which must never reach the stream.
 */
export const commandProblems = (input: unknown): readonly DecodeProblem[] | undefined => {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    return [{ path: '(root)', expected: 'a command object', actual: input }];
  const type = (input as { type?: unknown }).type;
  if (typeof type !== 'string' || !Object.hasOwn(COMMAND_CODECS, type))
    return [{ path: 'type', expected: COMMAND_TYPES, actual: type }];
  if (isCommandOfType(type as ComplaintCommand['type'], input)) return undefined;
  const result = COMMAND_CODECS[type as ComplaintCommand['type']].decode(input);
  return E.isLeft(result) ? problemsFromErrors(result.left) : undefined;
};

/** Decode a command from a caller (HTTP body, queue message, …). */
export const decodeCommand = (input: unknown): E.Either<DecodeError, ComplaintCommand> => {
  const problems = commandProblems(input);
  if (problems === undefined) return E.right(input as ComplaintCommand);
  const type = (input as { type?: unknown } | null)?.type;
  const known = typeof type === 'string' && Object.hasOwn(COMMAND_CODECS, type);
  return E.left(decodeError(known ? `command ${type}` : 'command', problems));
};
