import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { type DecodeError, problemsFromErrors, decodeError } from '../../src/shared/decode';
import { Instant } from '../../src/shared/time';
import { EventId, type EventMetadata, StoredEvent, StreamId } from '../../src/store/envelope';
import type { CorruptStorage } from '../../src/store/errors';
import type { SqlResult } from './sql-client';

/**
 * Decoding what the database answers. Nothing read is trusted: every answer goes through
 * a codec, and a row that fails becomes CorruptStorage naming the table and position,
 * with the paths of the bad fields — never a throw, never a silently skipped row.
 */

const NonNegativeInt = t.refinement(
  t.number,
  (n) => Number.isSafeInteger(n) && n >= 0,
  'NonNegativeInt',
);

export const AppendAnswer = t.type({
  version: NonNegativeInt,
  base: NonNegativeInt,
  sane: t.boolean,
  inserted: NonNegativeInt,
});
export type AppendAnswer = t.TypeOf<typeof AppendAnswer>;

export const ReadAllAnswer = t.type({
  bound: NonNegativeInt,
  xmin: NonNegativeInt,
  target: t.union([NonNegativeInt, t.null]),
  events: t.UnknownArray,
});
export const VersionAnswer = t.type({ version: NonNegativeInt });
export const BoundAnswer = t.type({ bound: NonNegativeInt });
export const CheckpointAnswer = t.type({ position: NonNegativeInt });

const corrupt = (location: string, message: string): CorruptStorage => ({
  _tag: 'CorruptStorage',
  location,
  message,
});

const fromDecodeError = (location: string, error: DecodeError): CorruptStorage =>
  corrupt(location, error.message);

/**
 * The `r` column of the single row a statement answers with, decoded by `codec`. `where`
 * names the schema and statement for the error.
 */
export const answer = <A>(
  result: SqlResult,
  codec: t.Type<A, unknown, unknown>,
  where: string,
): E.Either<CorruptStorage, A> => {
  if (result.rows.length !== 1)
    return E.left(corrupt(where, `expected one row, got ${result.rows.length}`));
  const row = result.rows[0] as { r?: unknown } | null | undefined;
  const decoded = codec.decode(row?.r);
  return E.isRight(decoded)
    ? decoded
    : E.left(fromDecodeError(where, decodeError(where, problemsFromErrors(decoded.left))));
};

/** The single row, if any: for statements that may find nothing (a checkpoint). */
export const optionalAnswer = <A>(
  result: SqlResult,
  codec: t.Type<A, unknown, unknown>,
  where: string,
): E.Either<CorruptStorage, A | undefined> =>
  result.rows.length === 0 ? E.right(undefined) : answer(result, codec, where);

const isRecord = (u: unknown): u is Record<string, unknown> =>
  typeof u === 'object' && u !== null && !Array.isArray(u);
const isPositiveInt = (u: unknown): u is number => Number.isSafeInteger(u) && (u as number) >= 1;
const isOptionalString = (u: unknown): boolean => u === undefined || typeof u === 'string';
const isMetadata = (u: unknown): u is EventMetadata =>
  isRecord(u) &&
  isOptionalString(u.correlationId) &&
  isOptionalString(u.causationId) &&
  isOptionalString(u.actor);

/**
 * The hand-written twin of `StoredEvent.is`, for the hot path of reading. One difference,
 * by design: `data` arrives as the output of JSON.parse, which is plain JSON by
 * construction, so only its shape (an object) is checked, not every value inside.
 */
const looksStored = (u: unknown): u is StoredEvent =>
  isRecord(u) &&
  EventId.is(u.eventId) &&
  StreamId.is(u.streamId) &&
  isPositiveInt(u.streamVersion) &&
  isPositiveInt(u.globalPosition) &&
  typeof u.type === 'string' &&
  isPositiveInt(u.schemaVersion) &&
  Instant.is(u.recordedAt) &&
  isMetadata(u.metadata) &&
  isRecord(u.data);

const decodeStored = (u: unknown, table: string): E.Either<CorruptStorage, StoredEvent> => {
  if (looksStored(u)) return E.right(u);
  const decoded = StoredEvent.decode(u);
  if (E.isRight(decoded)) return decoded;
  const position = isRecord(u) ? u.globalPosition : undefined;
  const location =
    typeof position === 'number' ? `${table} at position ${position}` : `${table} (a row)`;
  return E.left(
    fromDecodeError(location, decodeError('stored event', problemsFromErrors(decoded.left))),
  );
};

/** Stored events as the database gave them, decoded one by one; the first bad one stops. */
export const storedEvents = (
  rows: readonly unknown[],
  table: string,
): E.Either<CorruptStorage, readonly StoredEvent[]> => {
  const events: StoredEvent[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const decoded = decodeStored(rows[i], table);
    if (E.isLeft(decoded)) return decoded;
    events[i] = decoded.right;
  }
  return E.right(events);
};

export const EventRows = t.UnknownArray;
