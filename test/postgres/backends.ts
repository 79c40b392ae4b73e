import { randomBytes } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import * as E from 'fp-ts/Either';
import pg from 'pg';
import {
  createPostgresEventStore,
  fromPglite,
  type PostgresEventStore,
  type PostgresEventStoreOptions,
} from '../../adapters/postgres/index';
import { describeStoreError } from '../../src/store/errors';

/**
 * Where the PostgreSQL tests run: PGlite always (PostgreSQL in WebAssembly, in this
 * process, so `npm test` passes on any machine), and the real server named by PG_TEST_URL
 * when it is set (CI sets it). Every test uses schemas of its own and drops them after.
 */
export interface Backend {
  readonly name: 'pglite' | 'server';
  /** Run one statement outside any store (set-up, inspection, deliberate damage). */
  sql(text: string, params?: readonly unknown[]): Promise<readonly Record<string, unknown>[]>;
  /** Options for a store on `schema`; on the server each store gets its own pool. */
  options(schema: string, extra?: Partial<PostgresEventStoreOptions>): PostgresEventStoreOptions;
  /** Drop every schema handed out by `freshSchema`, and release the backend. */
  close(): Promise<void>;
  /** A schema name no other test uses; dropped by `close`. */
  freshSchema(): string;
  /**
   * End the database sessions of the stores on `schema`, as a restart or a move to
   * another cluster does: their next statements run in new sessions. (PGlite has one
   * session; what a new session would not have, the settings made in it, is reset.)
   */
  endSessions(schema: string): Promise<void>;
}

export interface BackendFactory {
  readonly name: Backend['name'];
  open(): Promise<Backend>;
}

export const PG_TEST_URL = process.env.PG_TEST_URL;

const schemaName = (): string => `cl_test_${randomBytes(6).toString('hex')}`;

const withSchemas = (
  name: Backend['name'],
  sql: Backend['sql'],
  options: Backend['options'],
  endSessions: Backend['endSessions'],
  release: () => Promise<void>,
): Backend => {
  const schemas: string[] = [];
  return {
    name,
    sql,
    options,
    endSessions,
    freshSchema: () => {
      const schema = schemaName();
      schemas.push(schema);
      return schema;
    },
    close: async () => {
      for (const schema of schemas) await sql(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await release();
    },
  };
};

/**
 * A new PGlite runs initdb, which takes seconds; loading a copy of a freshly initialised
 * data directory takes well under one. The copy is kept in the temporary directory, per
 * PGlite version, and made by whichever test file needs it first.
 */
const freshPglite = async (): Promise<PGlite> => {
  const { version } = JSON.parse(
    await readFile(join(process.cwd(), 'node_modules/@electric-sql/pglite/package.json'), 'utf8'),
  ) as { version: string };
  const cached = join(tmpdir(), `complaint-ledger-pglite-${version}.tar`);
  const copy = await readFile(cached).catch(() => undefined);
  if (copy !== undefined) return PGlite.create({ loadDataDir: new Blob([copy]) });
  const db = await PGlite.create();
  const dump = await db.dumpDataDir('none');
  const partial = `${cached}.${process.pid}.${randomBytes(4).toString('hex')}`;
  await writeFile(partial, Buffer.from(await dump.arrayBuffer()));
  await rename(partial, cached);
  return db;
};

const pglite: BackendFactory = {
  name: 'pglite',
  open: async () => {
    const db = await freshPglite();
    const client = fromPglite(db);
    return withSchemas(
      'pglite',
      async (text, params) =>
        (await db.query(text, params === undefined ? undefined : [...params])).rows as Record<
          string,
          unknown
        >[],
      (schema, extra) => ({ client, schema, ...extra }),
      async (schema) => {
        await db.query(`RESET complaint_ledger.positions_checked_${schema}`);
      },
      () => db.close(),
    );
  },
};

const withApplicationName = (url: string, name: string): string => {
  const parsed = new URL(url);
  parsed.searchParams.set('application_name', name);
  return parsed.toString();
};

const server = (url: string): BackendFactory => ({
  name: 'server',
  open: async () => {
    const admin = new pg.Pool({ connectionString: url, max: 2 });
    admin.on('error', () => {});
    return withSchemas(
      'server',
      async (text, params) =>
        (await admin.query(text, params === undefined ? undefined : [...params])).rows,
      // Each store's sessions carry its schema as their application name.
      (schema, extra) => ({ connectionString: withApplicationName(url, schema), schema, ...extra }),
      async (schema) => {
        await admin.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1`,
          [schema],
        );
        // Let the pools see their idle connections close before the next statement.
        await new Promise((resolve) => setTimeout(resolve, 200));
      },
      () => admin.end(),
    );
  },
});

/** PGlite, then the server when PG_TEST_URL is set: tests register once per backend. */
export const backends: readonly BackendFactory[] =
  PG_TEST_URL === undefined || PG_TEST_URL === '' ? [pglite] : [pglite, server(PG_TEST_URL)];

export const serverBackend: BackendFactory | undefined =
  PG_TEST_URL === undefined || PG_TEST_URL === '' ? undefined : server(PG_TEST_URL);

/** A store that must open: a failure here is a broken test set-up, so it throws. */
export const openStore = async (
  options: PostgresEventStoreOptions,
): Promise<PostgresEventStore> => {
  const opened = await createPostgresEventStore(options);
  if (E.isLeft(opened)) throw new Error(`store did not open: ${describeStoreError(opened.left)}`);
  return opened.right;
};

/** The Right of an Either, or a thrown description of the Left: for test set-up steps. */
export const right = <L extends Parameters<typeof describeStoreError>[0], A>(
  either: E.Either<L, A>,
): A => {
  if (E.isLeft(either)) throw new Error(describeStoreError(either.left));
  return either.right;
};
