import * as E from 'fp-ts/Either';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Backend, backends, openStore, right } from './backends';

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
  });
}
