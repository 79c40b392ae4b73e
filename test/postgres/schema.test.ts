import * as E from 'fp-ts/Either';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createPostgresEventStore, SCHEMA_VERSION } from '../../adapters/postgres/index';
import type { DecodeError } from '../../src/shared/decode';
import { type Backend, backends, openStore, right } from './backends';

const decodePaths = (error: { _tag: string }): string[] =>
  error._tag === 'DecodeError' ? (error as DecodeError).problems.map((p) => p.path) : [error._tag];

const leftOf = <L, A>(either: E.Either<L, A>): L => {
  if (E.isRight(either)) throw new Error('expected a Left');
  return either.left;
};

for (const factory of backends) {
  describe(`PostgreSQL schema on ${factory.name}`, () => {
    let backend: Backend;
    beforeAll(async () => {
      backend = await factory.open();
    });
    afterAll(async () => {
      await backend.close();
    });

    const tables = async (schema: string): Promise<string[]> =>
      (
        await backend.sql(
          `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1`,
          [schema],
        )
      ).map((r) => String(r.table_name));

    test('is created on first use, at the current version, and opening again changes nothing', async () => {
      const schema = backend.freshSchema();
      expect(await tables(schema)).toEqual([]);
      const first = await openStore(backend.options(schema));
      expect(await tables(schema)).toEqual(['checkpoints', 'events', 'meta']);
      const [meta] = await backend.sql(`SELECT schema_version FROM "${schema}".meta`);
      expect(meta?.schema_version).toBe(SCHEMA_VERSION);
      const stored = right(
        await first.append('s', [{ type: 'T', data: { n: 1 } }], { expectedVersion: 0 }),
      );
      await first.close();

      const second = await openStore(backend.options(schema));
      expect(right(await second.readStream('s'))).toEqual(stored.events);
      expect(await backend.sql(`SELECT count(*)::int AS n FROM "${schema}".meta`)).toEqual([
        { n: 1 },
      ]);
      await second.close();
    });

    test('many stores starting at once on a new schema all open, and it is made once', async () => {
      const schema = backend.freshSchema();
      const opened = await Promise.all(
        Array.from({ length: 6 }, () =>
          createPostgresEventStore(backend.options(schema, { poolSize: 1 })),
        ),
      );
      const stores = opened.map(right);
      // Each appends to one shared stream at once: the schema they share is one.
      const results = await Promise.all(
        stores.map((s, i) =>
          s.append('shared', [{ type: 'T', data: { i } }], { expectedVersion: 'any' }),
        ),
      );
      for (const r of results) right(r);
      expect(right(await stores[0]!.streamVersion('shared'))).toBe(6);
      await Promise.all(stores.map((s) => s.close()));
    });

    test('a schema newer than this library is refused with a StorageFailure, untouched', async () => {
      const schema = backend.freshSchema();
      await (await openStore(backend.options(schema))).close();
      await backend.sql(`UPDATE "${schema}".meta SET schema_version = ${SCHEMA_VERSION + 1}`);
      const refused = leftOf(await createPostgresEventStore(backend.options(schema)));
      expect(refused._tag).toBe('StorageFailure');
      expect(refused._tag === 'StorageFailure' && refused.message).toMatch(
        new RegExp(
          `version ${SCHEMA_VERSION + 1}, newer than this library knows \\(${SCHEMA_VERSION}\\)`,
        ),
      );
      const [meta] = await backend.sql(`SELECT schema_version FROM "${schema}".meta`);
      expect(meta?.schema_version).toBe(SCHEMA_VERSION + 1);
    });

    test('after a logical restore (stored positions ahead of the transaction ids), positions move on past them', async () => {
      const schema = backend.freshSchema();
      const running = await openStore(backend.options(schema));
      const before = right(
        await running.append('r', [{ type: 'T', data: {} }], { expectedVersion: 0 }),
      );
      // What a dump restored into a younger cluster looks like: rows written under
      // transaction ids this cluster has not reached.
      const ahead = before.lastPosition + 5_000_000 * 65_536;
      await backend.sql(
        `INSERT INTO "${schema}".events VALUES ($1, 'r', 2, '00000000-0000-7000-8000-000000000001', 'T', 1, now(), '{}', '{}')`,
        [ahead],
      );
      // A store that was open across the restore meets it in new sessions (the old cluster's
      // are gone): it notices on its next append, and re-bases.
      await backend.endSessions(schema);
      const next = right(
        await running.append('r', [{ type: 'T', data: {} }], { expectedVersion: 2 }),
      );
      expect(next.lastPosition).toBeGreaterThan(ahead);
      await running.close();

      // So does a store opened afterwards, before it writes anything.
      await backend.sql(
        `INSERT INTO "${schema}".events VALUES ($1, 'r', 4, '00000000-0000-7000-8000-000000000002', 'T', 1, now(), '{}', '{}')`,
        [next.lastPosition + 9_000_000 * 65_536],
      );
      const reopened = await openStore(backend.options(schema));
      const later = right(
        await reopened.append('r', [{ type: 'T', data: {} }], { expectedVersion: 4 }),
      );
      expect(later.lastPosition).toBeGreaterThan(next.lastPosition + 9_000_000 * 65_536);
      const all: number[] = [];
      for await (const batch of reopened.readAll())
        all.push(...right(batch).map((e) => e.streamVersion));
      expect(all).toEqual([1, 2, 3, 4, 5]);
      await reopened.close();
    });

    test('bad options are DecodeErrors naming the option', async () => {
      const base = backend.options('unused_schema');
      const paths = async (options: unknown) =>
        decodePaths(leftOf(await createPostgresEventStore(options as never)));
      expect(await paths({ ...base, schema: 'Has-Caps' })).toEqual(['schema']);
      expect(await paths({ ...base, schema: 'x'.repeat(49) })).toEqual(['schema']);
      expect(await paths({ ...base, pollIntervalMs: 0 })).toEqual(['pollIntervalMs']);
      expect(await paths({ ...base, readAllWaitMs: -5 })).toEqual(['readAllWaitMs']);
      expect(await paths({ ...base, clock: 'now' })).toEqual(['clock']);
      expect(await paths({ schema: 'x' })).toEqual(['(root)']);
      expect(await paths({ ...base, connectionString: 'postgres://x' })).toHaveLength(1);
      expect(await paths(undefined)).toEqual(['(root)']);
      // Nothing was created for any of them.
      expect(await tables('unused_schema')).toEqual([]);
    });
  });
}

test('an unreachable server is a StorageFailure, not a throw', async () => {
  const refused = leftOf(
    await createPostgresEventStore({
      connectionString: 'postgres://postgres@127.0.0.1:1/none',
      schema: 'never_made',
    }),
  );
  expect(refused).toMatchObject({ _tag: 'StorageFailure' });
  expect(refused._tag === 'StorageFailure' && refused.message).toMatch(
    /preparing schema never_made/,
  );
});
