import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import pg from 'pg';
import { decodeError } from '../../src/shared/decode';
import { StreamId } from '../../src/store/envelope';
import {
  type ReadError,
  type StoreClosed,
  type StoreError,
  type StorageFailure,
  storageFailure,
} from '../../src/store/errors';
import { newEventId as uuidV7 } from '../../src/store/new-event-id';
import type { EventStore, ReadStreamOptions } from '../../src/store/port';
import type { ListenerErrorHandler } from '../../src/store/subscribers';
import {
  answer,
  BoundAnswer,
  CheckpointAnswer,
  optionalAnswer,
  storedEvents,
  VersionAnswer,
} from './answers';
import { prepareAppend } from './append';
import { attempt, classify, failureOf } from './db-errors';
import { Follower, type Range, warnReadError } from './follower';
import { createAppendQueue } from './group-commit';
import { createBatchReader } from './read-all';
import { createNotifier } from './notifier';
import { type PostgresEventStoreOptions, type Settings, settingsFrom } from './options';
import { migrationStatement, NEWER_SCHEMA_ERRCODE, schemaNames } from './schema';
import { fromPgPool, type SqlClient } from './sql-client';
import { statements } from './statements';

/** Where a projection runner has got to, kept in the same database as the events. */
export interface CheckpointStore {
  /** Remember `position` under `name` (overwriting: a rebuild may move it back). */
  saveCheckpoint(name: string, position: number): Promise<E.Either<StoreError, void>>;
  /** The position saved under `name`, or undefined when none was. */
  loadCheckpoint(name: string): Promise<E.Either<StoreError, number | undefined>>;
}

export interface PostgresEventStore extends EventStore, CheckpointStore {
  /** The schema the tables live in. */
  readonly schema: string;
}

const CLOSED: StoreClosed = Object.freeze({ _tag: 'StoreClosed' });

/** Every this many remembered appends, ask for the horizon so that passed ones are dropped. */
const ACKNOWLEDGED_REFRESH_EVERY = 256;
/**
 * At most this many are remembered: past it (only while a transaction stays open for
 * long), the oldest are forgotten, and a new subscriber may also get those appends.
 */
const ACKNOWLEDGED_MAX = 65_536;

const warnListener: ListenerErrorHandler = (error) => {
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.emitWarning(`an event store subscriber threw: ${text}`, 'EventStoreSubscriberError');
};

const isPositiveInt = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 1;
const isNonNegativeInt = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 0;
const CheckpointName = t.refinement(
  t.string,
  (s) => s.length > 0 && s.length <= 200,
  'CheckpointName',
);

const bad = (what: string, path: string, expected: string, actual: unknown) =>
  E.left(decodeError(what, [{ path, expected, actual }]));

const openClient = (settings: Settings): SqlClient => {
  const c = settings.connection;
  switch (c.kind) {
    case 'client':
      return c.client;
    case 'pool':
      return fromPgPool(c.pool, { ownsPool: false });
    case 'connectionString': {
      const pool = new pg.Pool({ connectionString: c.connectionString, max: c.size });
      // An idle connection that dies emits 'error' on the pool; unhandled, it would end
      // the process. The next query on it fails and is reported as a StorageFailure.
      pool.on('error', () => {});
      return fromPgPool(pool, { ownsPool: true });
    }
  }
};

/** The client, counting the statements under way, and a wait until none is. */
const tracked = (inner: SqlClient): { client: SqlClient; drain: () => Promise<void> } => {
  let underWay = 0;
  let idle: (() => void)[] = [];
  return {
    client: {
      query: async (text, params, name) => {
        underWay++;
        try {
          return await inner.query(text, params, name);
        } finally {
          underWay--;
          if (underWay === 0) {
            for (const resolve of idle) resolve();
            idle = [];
          }
        }
      },
      listen: (channel, onNotification, onLost) => inner.listen(channel, onNotification, onLost),
      close: () => inner.close(),
    },
    drain: () =>
      underWay === 0 ? Promise.resolve() : new Promise<void>((resolve) => idle.push(resolve)),
  };
};

/**
 * An event store in PostgreSQL (13 or later): many processes may append and read at once.
 * The schema is created or migrated on first use. See adapters/postgres/README.md for the
 * design: one-statement appends, gap-safe global positions, LISTEN/NOTIFY subscriptions.
 */
export const createPostgresEventStore = async (
  options: PostgresEventStoreOptions,
): Promise<E.Either<StoreError, PostgresEventStore>> => {
  const decoded = settingsFrom(options);
  if (E.isLeft(decoded)) return decoded;
  const settings = decoded.right;
  const { client, drain } = tracked(openClient(settings));
  const names = schemaNames(settings.schema);
  const sql = statements(names);
  const migration = migrationStatement(names);

  const migrate = async (): Promise<E.Either<StorageFailure, void>> => {
    try {
      await client.query(migration);
      return E.right(undefined);
    } catch (error) {
      const problem = classify(error, `preparing schema ${names.name}`);
      if (problem.kind === 'other' && problem.code === NEWER_SCHEMA_ERRCODE)
        return E.left(problem.failure);
      return E.left(failureOf(problem, `preparing schema ${names.name}`));
    }
  };

  const migrated = await migrate();
  if (E.isLeft(migrated)) {
    await client.close().catch(() => {});
    return migrated;
  }

  let closed = false;
  /** The highest horizon seen: horizons only grow, so any seen one is a safe start. */
  let horizon = 0;
  /** This store's acknowledged appends that may still lie above the horizon. */
  let acknowledged: Range[] = [];
  const observe = (bound: number): void => {
    if (bound <= horizon) return;
    horizon = bound;
    if (acknowledged.length > 0) acknowledged = acknowledged.filter((r) => r.last >= bound);
  };

  const run = async <A>(
    statement: { readonly name: string; readonly text: string },
    params: readonly unknown[],
    codec: t.Type<A, unknown, unknown>,
    doing: string,
  ): Promise<E.Either<ReadError, A>> => {
    const result = await attempt(() => client.query(statement.text, params, statement.name), doing);
    if (E.isLeft(result)) return E.left(failureOf(result.left, doing));
    return answer(result.right, codec, `${names.name} (${doing})`);
  };

  const reader = createBatchReader({
    client,
    sql,
    names,
    closed: () => closed,
    observe,
    readBatchSize: settings.readBatchSize,
    readAllWaitMs: settings.readAllWaitMs,
  });

  /** Prune `acknowledged` when nothing else moves the horizon (no subscriber, no reads). */
  let refreshing = false;
  const refreshHorizon = (): void => {
    if (refreshing || closed) return;
    refreshing = true;
    void run(sql.horizon, [], BoundAnswer, 'horizon').then((h) => {
      refreshing = false;
      if (E.isRight(h)) observe(h.right.bound);
    });
  };

  const initial = await run(sql.horizon, [], BoundAnswer, 'horizon');
  if (E.isLeft(initial)) {
    await client.close().catch(() => {});
    return initial;
  }
  observe(initial.right.bound);

  const notifier = createNotifier(
    (payload) => client.query(sql.notify.text, [names.channel, payload], sql.notify.name),
    settings.notifyIntervalMs,
  );

  const follower = new Follower({
    read: (after, limit) => reader.readBatch(after, null, limit, false),
    listen: settings.listen
      ? (onWake, onLost) => client.listen(names.channel, onWake, onLost)
      : undefined,
    horizon: () => horizon,
    acknowledged: () => acknowledged,
    observe,
    pollIntervalMs: settings.pollIntervalMs,
    batchSize: settings.readBatchSize,
    onListenerError: settings.onListenerError ?? warnListener,
    onReadError: warnReadError,
  });

  const appendContext = {
    client,
    sql,
    names,
    clock: settings.clock,
    newEventId: settings.newEventId ?? uuidV7,
    rebase: migrate,
  };
  const appends = createAppendQueue(appendContext);

  const store: PostgresEventStore = {
    schema: names.name,

    append: async (streamId, events, appendOptions) => {
      if (closed) return E.left(CLOSED);
      const prepared = prepareAppend(appendContext, streamId, events, appendOptions);
      if (E.isLeft(prepared)) return prepared;
      const result = await appends.append(prepared.right);
      if (E.isRight(result) && !closed) {
        const stored = result.right.events;
        const last = result.right.lastPosition;
        if (last >= horizon) {
          acknowledged.push({ first: stored[0]!.globalPosition, last });
          if (acknowledged.length % ACKNOWLEDGED_REFRESH_EVERY === 0) refreshHorizon();
          if (acknowledged.length > ACKNOWLEDGED_MAX)
            acknowledged = acknowledged.slice(-ACKNOWLEDGED_MAX / 2);
        }
        follower.wake(last);
        if (settings.notify) notifier.announce(last);
      }
      return result;
    },

    readStream: async (streamId, readOptions?: ReadStreamOptions) => {
      if (closed) return E.left(CLOSED);
      if (!StreamId.is(streamId)) return bad('readStream', 'streamId', 'StreamId', streamId);
      const from = readOptions?.fromVersion ?? 1;
      const max = readOptions?.maxCount;
      if (!isPositiveInt(from)) return bad('readStream', 'fromVersion', 'an integer ≥ 1', from);
      if (max !== undefined && !isNonNegativeInt(max))
        return bad('readStream', 'maxCount', 'an integer ≥ 0', max);
      const q = sql.readStream;
      const rows = await attempt(
        () => client.query(q.text, [streamId, from, max ?? null], q.name),
        'readStream',
      );
      return E.isLeft(rows)
        ? E.left(failureOf(rows.left, 'readStream'))
        : storedEvents(rows.right.rows, names.events);
    },

    streamVersion: async (streamId) => {
      if (closed) return E.left(CLOSED);
      if (!StreamId.is(streamId)) return bad('streamVersion', 'streamId', 'StreamId', streamId);
      const read = await run(sql.streamVersion, [streamId], VersionAnswer, 'streamVersion');
      return E.map((a: { version: number }) => a.version)(read);
    },

    readAll: reader.readAll,

    subscribe: (listener) => (closed ? { unsubscribe: () => {} } : follower.subscribe(listener)),

    saveCheckpoint: async (name, position) => {
      if (closed) return E.left(CLOSED);
      if (!CheckpointName.is(name))
        return bad('saveCheckpoint', 'name', 'a name of 1 to 200 characters', name);
      if (!isNonNegativeInt(position))
        return bad('saveCheckpoint', 'position', 'a position (an integer ≥ 0)', position);
      let at: string;
      try {
        at = settings.clock().toISOString();
      } catch (error) {
        return E.left(storageFailure('saveCheckpoint: the clock failed', error));
      }
      const q = sql.saveCheckpoint;
      const saved = await attempt(
        () => client.query(q.text, [name, position, at], q.name),
        'saveCheckpoint',
      );
      return E.isLeft(saved) ? E.left(failureOf(saved.left, 'saveCheckpoint')) : E.right(undefined);
    },

    loadCheckpoint: async (name) => {
      if (closed) return E.left(CLOSED);
      if (!CheckpointName.is(name))
        return bad('loadCheckpoint', 'name', 'a name of 1 to 200 characters', name);
      const q = sql.loadCheckpoint;
      const loaded = await attempt(() => client.query(q.text, [name], q.name), 'loadCheckpoint');
      if (E.isLeft(loaded)) return E.left(failureOf(loaded.left, 'loadCheckpoint'));
      const decoded = optionalAnswer(
        loaded.right,
        CheckpointAnswer,
        `${names.checkpoints} (${name})`,
      );
      return E.map((a: { position: number } | undefined) => a?.position)(decoded);
    },

    close: async () => {
      if (closed) return;
      closed = true;
      // Appends accepted before close are sent and settled, not dropped half-way.
      await appends.idle();
      await follower.stop();
      await notifier.close();
      // A pool that ends strands the statements still waiting for a connection: let the
      // ones under way finish first (their results are not handed over).
      await drain();
      await client.close().catch(() => {});
    },
  };
  return E.right(store);
};
