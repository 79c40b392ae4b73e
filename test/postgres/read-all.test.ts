import * as E from 'fp-ts/Either';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import pg from 'pg';
import {
  fromPgPool,
  type PostgresEventStoreOptions,
  type SqlClient,
} from '../../adapters/postgres/index';
import { type Backend, backends, openStore, right } from './backends';

/** A SqlClient of its own for options that name a server by connection string. */
const openRawClient = async (options: PostgresEventStoreOptions): Promise<SqlClient> => {
  const pool = new pg.Pool({ connectionString: options.connectionString, max: 2 });
  pool.on('error', () => {});
  return fromPgPool(pool, { ownsPool: true });
};

for (const factory of backends) {
  describe(`readAll on ${factory.name}`, () => {
    let backend: Backend;
    beforeAll(async () => {
      backend = await factory.open();
    });
    afterAll(async () => {
      await backend.close();
    });

    test('a readAll under way when the store closes ends with StoreClosed, even with a batch on its way', async () => {
      const store = await openStore(backend.options(backend.freshSchema()));
      right(
        await store.append(
          's',
          Array.from({ length: 5 }, (_, n) => ({ type: 'T', data: { n } })),
          { expectedVersion: 0 },
        ),
      );
      const results: string[] = [];
      for await (const batch of store.readAll({ batchSize: 2 })) {
        results.push(E.isRight(batch) ? `events ${batch.right.length}` : batch.left._tag);
        if (results.length === 1) await store.close();
      }
      expect(results).toEqual(['events 2', 'StoreClosed']);
    });

    test('batches follow each other without gap or overlap, whatever the batch size', async () => {
      const store = await openStore(backend.options(backend.freshSchema()));
      const stored = [];
      for (let i = 0; i < 6; i++)
        stored.push(
          ...right(
            await store.append(
              `s${i % 2}`,
              Array.from({ length: 1 + (i % 3) }, (_, n) => ({ type: 'T', data: { i, n } })),
              { expectedVersion: 'any' },
            ),
          ).events,
        );
      for (const batchSize of [1, 2, 3, 5, 11, 1000]) {
        const batches = [];
        for await (const batch of store.readAll({ batchSize })) batches.push(right(batch));
        expect(batches.every((b) => b.length > 0 && b.length <= batchSize)).toBe(true);
        expect(batches.flat()).toEqual(stored);
      }
      await store.close();
    });

    test('a batch whose rows come out of position order is refused, not trusted', async () => {
      const schema = backend.freshSchema();
      const writer = await openStore(backend.options(schema));
      right(
        await writer.append(
          's',
          Array.from({ length: 3 }, (_, n) => ({ type: 'T', data: { n } })),
          { expectedVersion: 0 },
        ),
      );
      // The same database through a client that hands readAll's rows back reversed.
      const plain = backend.options(schema);
      const inner = plain.client ?? (await openRawClient(plain));
      const reversing: SqlClient = {
        ...inner,
        query: async (text, params, name) => {
          const result = await inner.query(text, params, name);
          return name?.endsWith('_read_all') ? { rows: [...result.rows].reverse() } : result;
        },
        close: async () => {
          if (plain.client === undefined) await inner.close();
        },
      };
      const reader = await openStore({ client: reversing, schema });
      const batches = [];
      for await (const batch of reader.readAll()) batches.push(batch);
      expect(batches).toHaveLength(1);
      expect(batches[0]).toMatchObject(
        E.left({ _tag: 'StorageFailure', message: expect.stringMatching(/^readAll: position/) }),
      );
      await reader.close();
      await writer.close();
    });
  });
}
