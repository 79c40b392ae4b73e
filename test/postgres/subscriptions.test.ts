import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { PostgresEventStore } from '../../adapters/postgres/index';
import type { StoredEvent } from '../../src/store/envelope';
import { type Backend, backends, openStore, right } from './backends';
import { sleep } from './clients';

const until = async (check: () => boolean, what: string, timeoutMs = 5_000): Promise<void> => {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
};

const batchesOf = (store: PostgresEventStore) => {
  const batches: StoredEvent[][] = [];
  const subscription = store.subscribe((batch) => batches.push([...batch]));
  return { batches, subscription, events: () => batches.flat() };
};

/** Long enough that a test passing within it was not woken by the timer. */
const NEVER_MS = 600_000;

for (const factory of backends) {
  describe(`subscriptions and checkpoints on ${factory.name}`, () => {
    let backend: Backend;
    beforeAll(async () => {
      backend = await factory.open();
    });
    afterAll(async () => {
      await backend.close();
    });

    test('NOTIFY wakes a subscriber of another store instance, with no polling to help', async () => {
      const schema = backend.freshSchema();
      const writer = await openStore(backend.options(schema));
      const follower = await openStore(backend.options(schema, { pollIntervalMs: NEVER_MS }));
      const seen = batchesOf(follower);
      // LISTEN is set up by the subscriber's first round; let it start.
      await sleep(200);
      const appended = right(
        await writer.append('n', [{ type: 'T', data: {} }], { expectedVersion: 0 }),
      );
      await until(() => seen.events().length === 1, 'the notified event');
      expect(seen.events()).toEqual(appended.events);
      seen.subscription.unsubscribe();
      await writer.close();
      await follower.close();
    });

    test('without NOTIFY and LISTEN, polling still delivers; with neither, nothing arrives', async () => {
      const schema = backend.freshSchema();
      const writer = await openStore(backend.options(schema, { notify: false }));
      const polling = await openStore(
        backend.options(schema, { listen: false, pollIntervalMs: 30 }),
      );
      const deaf = await openStore(
        backend.options(schema, { listen: false, pollIntervalMs: NEVER_MS }),
      );
      const polled = batchesOf(polling);
      const unheard = batchesOf(deaf);
      await sleep(100);
      const appended = right(
        await writer.append('p', [{ type: 'T', data: {} }], { expectedVersion: 0 }),
      );
      await until(() => polled.events().length === 1, 'the polled event');
      expect(polled.events()).toEqual(appended.events);
      await sleep(200);
      expect(unheard.events()).toEqual([]);
      for (const s of [writer, polling, deaf]) await s.close();
    });

    test('each append arrives as one batch, even one larger than a read batch', async () => {
      const schema = backend.freshSchema();
      const writer = await openStore(backend.options(schema));
      const follower = await openStore(
        backend.options(schema, { readBatchSize: 2, pollIntervalMs: 50 }),
      );
      const seen = batchesOf(follower);
      await sleep(100);
      const sizes = [3, 1, 5, 2];
      const appended: StoredEvent[][] = [];
      // Appended back to back, so the follower reads several appends at a time.
      for (const [i, size] of sizes.entries())
        appended.push([
          ...right(
            await writer.append(
              'b',
              Array.from({ length: size }, (_, k) => ({ type: 'T', data: { i, k } })),
              { expectedVersion: 'any' },
            ),
          ).events,
        ]);
      await until(() => seen.events().length === 11, 'all appends');
      expect(seen.batches).toEqual(appended);
      for (const s of [writer, follower]) await s.close();
    });

    test("this store's own earlier appends are not delivered; another instance's later ones are", async () => {
      const schema = backend.freshSchema();
      const store = await openStore(backend.options(schema, { pollIntervalMs: 50 }));
      const other = await openStore(backend.options(schema));
      right(await store.append('e', [{ type: 'T', data: { n: 1 } }], { expectedVersion: 0 }));
      const seen = batchesOf(store);
      const mine = right(
        await store.append('e', [{ type: 'T', data: { n: 2 } }], { expectedVersion: 1 }),
      );
      const theirs = right(
        await other.append('e', [{ type: 'T', data: { n: 3 } }], { expectedVersion: 2 }),
      );
      await until(() => seen.events().length >= 2, 'the later events');
      await sleep(100);
      expect(seen.batches).toEqual([mine.events, theirs.events]);
      for (const s of [store, other]) await s.close();
    });

    test('checkpoints are saved in the database, per name, and read back by any instance', async () => {
      const schema = backend.freshSchema();
      const store = await openStore(backend.options(schema));
      expect(right(await store.loadCheckpoint('sla'))).toBeUndefined();
      right(await store.saveCheckpoint('sla', 42));
      right(await store.saveCheckpoint('scores', 7));
      right(await store.saveCheckpoint('sla', 40)); // a rebuild may move it back
      await store.close();
      const other = await openStore(backend.options(schema));
      expect(right(await other.loadCheckpoint('sla'))).toBe(40);
      expect(right(await other.loadCheckpoint('scores'))).toBe(7);
      const rows = await backend.sql(
        `SELECT name, position FROM "${schema}".checkpoints ORDER BY name`,
      );
      expect(rows.map((r) => [r.name, Number(r.position)])).toEqual([
        ['scores', 7],
        ['sla', 40],
      ]);
      await other.close();
    });

    test('bad checkpoint input is a DecodeError; a closed store says StoreClosed', async () => {
      const schema = backend.freshSchema();
      const store = await openStore(backend.options(schema));
      const path = (r: { _tag: string }) =>
        r._tag === 'Left'
          ? (r as unknown as { left: { problems?: { path: string }[] } }).left.problems?.[0]?.path
          : 'Right';
      expect(path(await store.saveCheckpoint('', 1))).toBe('name');
      expect(path(await store.saveCheckpoint('x', -1))).toBe('position');
      expect(path(await store.saveCheckpoint('x', 1.5))).toBe('position');
      expect(path(await store.loadCheckpoint('y'.repeat(201)))).toBe('name');
      await store.close();
      expect(await store.saveCheckpoint('x', 1)).toEqual({
        _tag: 'Left',
        left: { _tag: 'StoreClosed' },
      });
      expect(await store.loadCheckpoint('x')).toEqual({
        _tag: 'Left',
        left: { _tag: 'StoreClosed' },
      });
    });

    test('a corrupt checkpoint row is CorruptStorage, not a number', async () => {
      const schema = backend.freshSchema();
      const store = await openStore(backend.options(schema));
      right(await store.saveCheckpoint('big', 1));
      await backend.sql(`UPDATE "${schema}".checkpoints SET position = 9007199254740993`);
      expect(await store.loadCheckpoint('big')).toMatchObject({
        _tag: 'Left',
        left: { _tag: 'CorruptStorage', message: expect.stringContaining('position') },
      });
      await store.close();
    });
  });
}
