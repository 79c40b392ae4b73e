import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { type DecodeError, problemsFromErrors, decodeError } from '../../src/shared/decode';
import { StoredEvent } from '../../src/store/envelope';
import { looksStored } from '../../src/store/parsed-envelope';
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

/** The answer to a group of appends: `versions` holds the version each append saw. */
export const GroupAnswer = t.type({
  base: NonNegativeInt,
  sane: t.boolean,
  inserted: NonNegativeInt,
  versions: t.array(NonNegativeInt),
});

/** A bigint column sent as text: the decimal digits of a safe integer. */
const IntText = new t.Type<number, unknown, unknown>(
  'IntText',
  (u): u is number => Number.isSafeInteger(u) && (u as number) >= 0,
  (u, c) => {
    const n = typeof u === 'string' && /^\d{1,16}$/.test(u) ? Number(u) : Number.NaN;
    return Number.isSafeInteger(n) ? t.success(n) : t.failure(u, c, 'expected a safe integer ≥ 0');
  },
  t.identity,
);

/** The first row of a readAll batch: the bound used, the oldest open transaction, the target. */
export const ReadAllHeader = t.type({
  bound: IntText,
  xmin: IntText,
  target: t.union([IntText, t.null]),
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
 * The value of a statement that answers with a single row: its `r` column (a json value)
 * when it has one, else the row itself, decoded by `codec`. `where` names the schema and
 * statement for the error.
 */
export const answer = <A>(
  result: SqlResult,
  codec: t.Type<A, unknown, unknown>,
  where: string,
): E.Either<CorruptStorage, A> => {
  if (result.rows.length !== 1)
    return E.left(corrupt(where, `expected one row, got ${result.rows.length}`));
  const row = result.rows[0];
  const value = isRecord(row) && 'r' in row ? row.r : row;
  const decoded = codec.decode(value);
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

/** The one form the store writes times in (see EVENT_COLUMNS): a valid Instant. */
const RECORDED_AT =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;
const isRecordedAt = (u: unknown): boolean => typeof u === 'string' && RECORDED_AT.test(u);

/**
 * Bigint columns arrive as strings (node-postgres) or numbers (PGlite). A bigint column
 * prints only digits, so Number() is enough; what is not a safe integer stays as it was,
 * for the codec to name.
 */
const toInt = (u: unknown): unknown => {
  if (typeof u === 'string' && u.length > 0 && u.length <= 16) {
    const n = Number(u);
    return Number.isSafeInteger(n) ? n : u;
  }
  if (typeof u === 'bigint') return Number(u);
  return u;
};

/** JSON columns arrive as text; what does not parse is left as it is, for the codec to name. */
const parseJson = (u: unknown): unknown => {
  if (typeof u !== 'string') return u;
  if (u === '{}') return {};
  try {
    return JSON.parse(u);
  } catch {
    return u;
  }
};

/** A row of EVENT_COLUMNS shaped as an envelope, still to be checked. */
const candidate = (row: Record<string, unknown>): Record<string, unknown> => ({
  eventId: row.eventId,
  streamId: row.streamId,
  streamVersion: toInt(row.streamVersion),
  globalPosition: toInt(row.globalPosition),
  type: row.type,
  schemaVersion: toInt(row.schemaVersion),
  recordedAt: row.recordedAt,
  metadata: parseJson(row.metadata),
  data: parseJson(row.data),
});

const decodeStored = (
  row: Record<string, unknown>,
  table: string,
): E.Either<CorruptStorage, StoredEvent> => {
  const u = candidate(row);
  if (looksStored(u, isRecordedAt)) return E.right(u);
  const decoded = StoredEvent.decode(u);
  if (E.isRight(decoded)) return decoded;
  const position = u.globalPosition;
  const location =
    typeof position === 'number' ? `${table} at position ${position}` : `${table} (a row)`;
  return E.left(
    fromDecodeError(location, decodeError('stored event', problemsFromErrors(decoded.left))),
  );
};

/**
 * Stored events from rows of EVENT_COLUMNS, decoded one by one; the first bad one stops.
 * Rows whose position is null (the empty side of a readAll's outer join) are not events.
 */
export const storedEvents = (
  rows: readonly unknown[],
  table: string,
): E.Either<CorruptStorage, readonly StoredEvent[]> => {
  const events: StoredEvent[] = [];
  for (const row of rows) {
    if (!isRecord(row)) return E.left(corrupt(table, 'a row that is not an object'));
    if (row.globalPosition === null || row.globalPosition === undefined) continue;
    const decoded = decodeStored(row, table);
    if (E.isLeft(decoded)) return decoded;
    events.push(decoded.right);
  }
  return E.right(events);
};
