import * as E from 'fp-ts/Either';
import { decodeError } from '../../src/shared/decode';
import { type CheckedEvent, checkAppend } from '../../src/store/append-input';
import { EventId, type StoredEvent } from '../../src/store/envelope';
import {
  type AppendError,
  type DuplicateEventId,
  type StorageFailure,
  storageFailure,
} from '../../src/store/errors';
import type { ExpectedVersion } from '../../src/store/expected-version';
import type { AppendResult } from '../../src/store/port';
import { AppendAnswer, answer, storedEvents, VersionAnswer } from './answers';
import { attempt, type DbProblem, failureOf } from './db-errors';
import { MAX_BATCH, type SchemaNames } from './schema';
import type { SqlClient } from './sql-client';
import type { Statement, Statements } from './statements';

export interface AppendContext {
  readonly client: SqlClient;
  readonly sql: Statements;
  readonly names: SchemaNames;
  readonly clock: () => Date;
  readonly newEventId: () => string;
  /** Run the migration again: it re-bases positions after a logical restore. */
  readonly rebase: () => Promise<E.Either<StorageFailure, void>>;
}

/**
 * `any` appends that lose a race try again; each loss means another append won, so this
 * bounds only pathological contention.
 */
const MAX_ANY_ATTEMPTS = 100;

/** One append, checked and encoded for the database. */
export interface Prepared {
  readonly streamId: string;
  /** The checked events: frozen copies of the caller's, as the envelopes carry them. */
  readonly events: readonly CheckedEvent[];
  readonly expected: ExpectedVersion;
  /** The expected version as the statements take it: null for 'any'. */
  readonly expectedParam: number | null;
  readonly ids: string[];
  /** Ids the caller gave: only these can make the append a retry. */
  readonly givenIds: string[];
  readonly types: string[];
  readonly schemaVersions: number[];
  readonly metadata: string[];
  readonly data: string[];
  readonly recordedAt: string;
}

const prepareChecked = (
  ctx: AppendContext,
  streamId: unknown,
  events: unknown,
  options: unknown,
): E.Either<AppendError, Prepared> => {
  const checked = checkAppend(streamId, events, options);
  if (E.isLeft(checked)) return checked;
  const input = checked.right;
  const n = input.events.length;
  if (n > MAX_BATCH)
    return E.left(
      decodeError('append', [
        {
          path: 'events',
          expected: `at most ${MAX_BATCH} events in one append`,
          actual: `${n} events`,
        },
      ]),
    );
  const prepared: Prepared = {
    streamId: input.streamId,
    events: input.events,
    expected: input.expectedVersion,
    expectedParam:
      input.expectedVersion === 'any'
        ? null
        : input.expectedVersion === 'no_stream'
          ? 0
          : input.expectedVersion,
    ids: new Array(n),
    givenIds: [],
    types: new Array(n),
    schemaVersions: new Array(n),
    metadata: new Array(n),
    data: new Array(n),
    recordedAt: '',
  };
  for (let i = 0; i < n; i++) {
    const e = input.events[i]!;
    let id = e.eventId;
    if (id === undefined) {
      id = ctx.newEventId();
      if (!EventId.is(id))
        return E.left(
          decodeError('append', [
            { path: `events[${i}].eventId`, expected: 'a UUID from newEventId()', actual: id },
          ]),
        );
    } else prepared.givenIds.push(id);
    prepared.ids[i] = id;
    prepared.types[i] = e.type;
    prepared.schemaVersions[i] = e.schemaVersion;
    prepared.metadata[i] = JSON.stringify(e.metadata);
    prepared.data[i] = JSON.stringify(e.data);
  }
  return E.right({ ...prepared, recordedAt: ctx.clock().toISOString() });
};

/** Check and encode an append: nothing is sent for a refused one. */
export const prepareAppend = (
  ctx: AppendContext,
  streamId: unknown,
  events: unknown,
  options: unknown,
): E.Either<AppendError, Prepared> => {
  try {
    return prepareChecked(ctx, streamId, events, options);
  } catch (error) {
    // Only an injected clock or id generator can throw here.
    return E.left(storageFailure('append failed', error));
  }
};

/**
 * The stored envelopes, built from what was sent rather than read back: the data is the
 * frozen copy the boundary made, equal to what a reader gets (JSON keeps everything
 * `checkAppend` accepts, but for -0, which JSON writes as 0).
 */
const envelopes = (p: Prepared, version: number, base: number): StoredEvent[] =>
  p.ids.map((eventId, i) =>
    Object.freeze({
      eventId,
      streamId: p.streamId,
      streamVersion: version + i + 1,
      globalPosition: base + i + 1,
      type: p.types[i]!,
      schemaVersion: p.schemaVersions[i]!,
      recordedAt: p.recordedAt,
      metadata: p.events[i]!.metadata,
      data: p.events[i]!.data,
    }),
  );

type Retry =
  | { readonly kind: 'stored'; readonly result: AppendResult }
  | { readonly kind: 'duplicate'; readonly error: DuplicateEventId }
  | { readonly kind: 'none' };

/**
 * Is this append a retry of one already stored? Every id stored in this stream: yes, and
 * the answer is what the first append stored. Some ids stored (here or in another
 * stream): the batch is not a retry, and is refused. None: go on.
 */
const checkRetry = async (
  ctx: AppendContext,
  p: Prepared,
): Promise<E.Either<AppendError, Retry>> => {
  if (p.givenIds.length === 0) return E.right({ kind: 'none' });
  const q = ctx.sql.eventsById;
  const result = await attempt(
    () => ctx.client.query(q.text, [p.givenIds], q.name),
    'append: looking up event ids',
  );
  if (E.isLeft(result)) return E.left(failureOf(result.left, 'append'));
  const found = storedEvents(result.right.rows, ctx.names.events);
  if (E.isLeft(found)) return E.left(storageFailure(found.left.message, found.left));
  const stored = found.right;
  if (stored.length === 0) return E.right({ kind: 'none' });
  const byId = new Map(stored.map((e) => [e.eventId, e]));
  const inStream = p.ids.map((id) => byId.get(id)).filter((e) => e?.streamId === p.streamId);
  if (inStream.length === p.ids.length) {
    let nextExpectedVersion = 0;
    let lastPosition = 0;
    for (const e of inStream as StoredEvent[]) {
      nextExpectedVersion = Math.max(nextExpectedVersion, e.streamVersion);
      lastPosition = Math.max(lastPosition, e.globalPosition);
    }
    return E.right({
      kind: 'stored',
      result: { nextExpectedVersion, lastPosition, events: inStream as StoredEvent[] },
    });
  }
  return E.right({
    kind: 'duplicate',
    error: {
      _tag: 'DuplicateEventId',
      streamId: p.streamId,
      eventIds: p.ids.filter((id) => byId.has(id)),
    },
  });
};

const wrongVersion = (p: Prepared, actual: number): AppendError => ({
  _tag: 'WrongExpectedVersion',
  streamId: p.streamId,
  expected: p.expected,
  actual,
});

const currentVersion = async (
  ctx: AppendContext,
  p: Prepared,
): Promise<E.Either<AppendError, number>> => {
  const q = ctx.sql.streamVersion;
  const result = await attempt(
    () => ctx.client.query(q.text, [p.streamId], q.name),
    'append: reading the stream version',
  );
  if (E.isLeft(result)) return E.left(failureOf(result.left, 'append'));
  const decoded = answer(result.right, VersionAnswer, `${ctx.names.events} (stream version)`);
  return E.isLeft(decoded)
    ? E.left(storageFailure(decoded.left.message, decoded.left))
    : E.right(decoded.right.version);
};

/** After a refusal, a retry of a stored batch still succeeds; otherwise the refusal stands. */
const retryOr = async (
  ctx: AppendContext,
  p: Prepared,
  refusal: () => Promise<E.Either<AppendError, AppendResult | 'again'>>,
): Promise<E.Either<AppendError, AppendResult | 'again'>> => {
  const retry = await checkRetry(ctx, p);
  if (E.isLeft(retry)) return retry;
  if (retry.right.kind === 'stored') return E.right(retry.right.result);
  if (retry.right.kind === 'duplicate') return E.left(retry.right.error);
  return refusal();
};

/** What the database answered for one append: the version it saw, where its batch begins. */
export type Answered = E.Either<DbProblem, AppendAnswer>;

/** The one-append statement for this batch, and its parameters. */
const single = (ctx: AppendContext, p: Prepared): [Statement, unknown[]] =>
  p.ids.length === 1
    ? [
        ctx.sql.appendOne,
        [
          p.streamId,
          p.expectedParam,
          p.ids[0],
          p.types[0],
          p.schemaVersions[0],
          p.metadata[0],
          p.data[0],
          p.recordedAt,
        ],
      ]
    : [
        ctx.sql.append,
        [
          p.streamId,
          p.expectedParam,
          p.ids,
          p.types,
          p.schemaVersions,
          p.metadata,
          p.data,
          p.recordedAt,
        ],
      ];

/** Send the one-append statement once; its answer is for `appendPrepared` to settle. */
export const sendOne = async (ctx: AppendContext, p: Prepared): Promise<Answered> => {
  const [q, params] = single(ctx, p);
  const sent = await attempt(() => ctx.client.query(q.text, params, q.name), 'append');
  if (E.isLeft(sent)) return sent;
  const decoded = answer(sent.right, AppendAnswer, `${ctx.names.events} (append)`);
  return E.isLeft(decoded)
    ? E.left({
        kind: 'other',
        code: undefined,
        failure: storageFailure(decoded.left.message, decoded.left),
      })
    : decoded;
};

/**
 * Append one checked batch to one stream. The first answer may be given: the store's
 * queue sends the statement (alone or in a group, see group-commit.ts) and hands the
 * answer here. The statement inserts the batch only at the expected version, read in
 * the statement; the unique key (stream_id, stream_version) enforces it against a writer
 * that raced past that read.
 */
export const appendPrepared = async (
  ctx: AppendContext,
  p: Prepared,
  first?: Promise<Answered>,
): Promise<E.Either<AppendError, AppendResult>> => {
  const expected = p.expectedParam;
  let rebased = false;
  for (let round = 0; round < MAX_ANY_ATTEMPTS; round++) {
    const sent = round === 0 && first !== undefined ? await first : await sendOne(ctx, p);
    let outcome: E.Either<AppendError, AppendResult | 'again'>;
    if (E.isLeft(sent)) {
      const problem = sent.left;
      if (problem.kind === 'unique' && problem.constraint === 'events_event_id_key')
        outcome = await retryOr(ctx, p, async () => E.right('again'));
      else if (problem.kind === 'unique' && problem.constraint === 'events_stream_version_key')
        outcome = await retryOr(ctx, p, async () => {
          if (expected === null) return E.right('again');
          const actual = await currentVersion(ctx, p);
          return E.isLeft(actual) ? actual : E.left(wrongVersion(p, actual.right));
        });
      else outcome = E.left(failureOf(problem, 'append'));
    } else {
      const a = sent.right;
      if (a.inserted === p.ids.length) {
        const stored = envelopes(p, a.version, a.base);
        return E.right({
          nextExpectedVersion: a.version + p.ids.length,
          lastPosition: stored[stored.length - 1]!.globalPosition,
          events: stored,
        });
      }
      if (a.inserted !== 0)
        return E.left(storageFailure(`append: ${a.inserted} of ${p.ids.length} rows inserted`));
      if (!a.sane) {
        if (rebased)
          return E.left(
            storageFailure(
              `append: stored positions in ${ctx.names.name} are ahead of this cluster's transaction ids even after re-basing`,
            ),
          );
        rebased = true;
        const again = await ctx.rebase();
        if (E.isLeft(again)) return again;
        continue;
      }
      outcome = await retryOr(ctx, p, async () => E.left(wrongVersion(p, a.version)));
    }
    if (E.isLeft(outcome) || outcome.right !== 'again')
      return outcome as E.Either<AppendError, AppendResult>;
  }
  return E.left(
    storageFailure(`append: gave up after ${MAX_ANY_ATTEMPTS} lost races on ${p.streamId}`),
  );
};
