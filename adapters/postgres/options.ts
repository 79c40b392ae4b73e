import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import type pg from 'pg';
import { type DecodeError, decodeError, decodeWith } from '../../src/shared/decode';
import type { ListenerErrorHandler } from '../../src/store/subscribers';
import { SCHEMA_NAME } from './schema';
import type { SqlClient } from './sql-client';

export interface PostgresEventStoreOptions {
  /** A node-postgres pool the caller owns (the store never ends it). */
  readonly pool?: pg.Pool;
  /** Or a connection string: the store makes its own pool and ends it on close. */
  readonly connectionString?: string;
  /** Or any SqlClient, e.g. `fromPglite(db)`. The store closes it on close. */
  readonly client?: SqlClient;
  /** Size of the pool made from `connectionString`. Default 10. */
  readonly poolSize?: number;
  /** The schema the tables live in, created on first use. Default `complaint_ledger`. */
  readonly schema?: string;
  /** The store's clock for `recordedAt`. Default: the system clock. */
  readonly clock?: () => Date;
  /** Ids for events appended without one. Default: UUID v7. */
  readonly newEventId?: () => string;
  /** Told when a subscriber throws. Default: a process warning. */
  readonly onListenerError?: ListenerErrorHandler;
  /**
   * How often subscribers look for new events when no notification wakes them: the
   * fallback for lost notifications and for writers that do not notify. Default 1000 ms.
   */
  readonly pollIntervalMs?: number;
  /** Announce appends with NOTIFY for subscribers in other processes. Default true. */
  readonly notify?: boolean;
  /**
   * At most one NOTIFY per this many milliseconds (the first after a quiet spell goes at
   * once; the appends that follow are announced together). Default 10.
   */
  readonly notifyIntervalMs?: number;
  /** Let subscribers be woken by LISTEN rather than by polling alone. Default true. */
  readonly listen?: boolean;
  /** Events per query of readAll and of subscribers catching up. Default 1000. */
  readonly readBatchSize?: number;
  /**
   * How long a readAll waits for an open transaction that holds back events committed
   * before the call (see README.md, "Gap-safe global order") before it fails. Default 10 s.
   */
  readonly readAllWaitMs?: number;
}

export type Connection =
  | { readonly kind: 'pool'; readonly pool: pg.Pool }
  | { readonly kind: 'connectionString'; readonly connectionString: string; readonly size: number }
  | { readonly kind: 'client'; readonly client: SqlClient };

export interface Settings {
  readonly connection: Connection;
  readonly schema: string;
  readonly clock: () => Date;
  readonly newEventId: (() => string) | undefined;
  readonly onListenerError: ListenerErrorHandler | undefined;
  readonly pollIntervalMs: number;
  readonly notify: boolean;
  readonly notifyIntervalMs: number;
  readonly listen: boolean;
  readonly readBatchSize: number;
  readonly readAllWaitMs: number;
}

const fn = (name: string) =>
  new t.Type<(...args: never[]) => unknown, unknown, unknown>(
    name,
    (u): u is (...args: never[]) => unknown => typeof u === 'function',
    (u, c) => (typeof u === 'function' ? t.success(u as () => unknown) : t.failure(u, c)),
    t.identity,
  );

const hasMethods = (u: unknown, names: readonly string[]): boolean =>
  typeof u === 'object' &&
  u !== null &&
  names.every((n) => typeof (u as Record<string, unknown>)[n] === 'function');

const Shaped = (name: string, methods: readonly string[]) =>
  new t.Type<object, unknown, unknown>(
    name,
    (u): u is object => hasMethods(u, methods),
    (u, c) =>
      hasMethods(u, methods)
        ? t.success(u as object)
        : t.failure(u, c, `expected ${name} (an object with ${methods.join(', ')})`),
    t.identity,
  );

const SchemaName = t.refinement(t.string, (s) => SCHEMA_NAME.test(s), 'SchemaName');
const PositiveInt = t.refinement(t.number, (n) => Number.isSafeInteger(n) && n >= 1, 'PositiveInt');
const NonNegativeInt = t.refinement(
  t.number,
  (n) => Number.isSafeInteger(n) && n >= 0,
  'NonNegativeInt',
);

const OptionsCodec = t.partial({
  pool: Shaped('pg.Pool', ['query', 'connect', 'end']),
  connectionString: t.string,
  client: Shaped('SqlClient', ['query', 'listen', 'close']),
  poolSize: PositiveInt,
  schema: SchemaName,
  clock: fn('function returning a Date'),
  newEventId: fn('function returning an event id'),
  onListenerError: fn('function'),
  pollIntervalMs: PositiveInt,
  notify: t.boolean,
  notifyIntervalMs: NonNegativeInt,
  listen: t.boolean,
  readBatchSize: PositiveInt,
  readAllWaitMs: PositiveInt,
});

const decodeOptions = decodeWith(OptionsCodec, 'PostgreSQL event store options');

/** Check the caller's options: a bad one is a DecodeError naming it. */
export const settingsFrom = (input: unknown): E.Either<DecodeError, Settings> => {
  const decoded = decodeOptions(input ?? {});
  if (E.isLeft(decoded)) return decoded;
  const o = (input ?? {}) as PostgresEventStoreOptions;
  const given = (['pool', 'connectionString', 'client'] as const).filter((k) => o[k] !== undefined);
  if (given.length !== 1)
    return E.left(
      decodeError('PostgreSQL event store options', [
        {
          path: given.length === 0 ? '(root)' : given.join(', '),
          expected: 'exactly one of pool, connectionString, client',
          actual: given,
        },
      ]),
    );
  const connection: Connection =
    o.pool !== undefined
      ? { kind: 'pool', pool: o.pool }
      : o.connectionString !== undefined
        ? { kind: 'connectionString', connectionString: o.connectionString, size: o.poolSize ?? 10 }
        : { kind: 'client', client: o.client as SqlClient };
  return E.right({
    connection,
    schema: o.schema ?? 'complaint_ledger',
    clock: o.clock ?? (() => new Date()),
    newEventId: o.newEventId,
    onListenerError: o.onListenerError,
    pollIntervalMs: o.pollIntervalMs ?? 1000,
    notify: o.notify ?? true,
    notifyIntervalMs: o.notifyIntervalMs ?? 10,
    listen: o.listen ?? true,
    readBatchSize: o.readBatchSize ?? 1000,
    readAllWaitMs: o.readAllWaitMs ?? 10_000,
  });
};
