import * as E from 'fp-ts/Either';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { takeGroup } from '../../adapters/postgres/group-commit';
import type { PostgresEventStore } from '../../adapters/postgres/index';
import { MAX_BATCH, POSITION_SHIFT } from '../../adapters/postgres/schema';
import type { StoredEvent } from '../../src/store/envelope';
import { type Backend, backends, openStore, right } from './backends';

const id = (n: number): string => `00000000-0000-7000-8000-${String(n).padStart(12, '0')}`;
const transactionOf = (e: StoredEvent): number => Math.floor(e.globalPosition / POSITION_SHIFT);
const transactionsOf = (
  results: readonly E.Either<unknown, { events: readonly StoredEvent[] }>[],
) => new Set(results.flatMap((r) => (E.isRight(r) ? r.right.events.map(transactionOf) : [])));

describe('takeGroup', () => {
  const waiting = (streamId: string, events: number) => ({
    p: { streamId, ids: Array.from({ length: events }, (_, i) => `${streamId}-${i}`) },
  });

  test('takes appends to distinct streams in order, leaving a second append to a stream for the next group', () => {
    const queue = [waiting('a', 1), waiting('b', 2), waiting('a', 1), waiting('c', 1)];
    const [a1, b, a2, c] = queue;
    expect(takeGroup(queue)).toEqual([a1, b, c]);
    expect(queue).toEqual([a2]);
    expect(takeGroup(queue)).toEqual([a2]);
    expect(queue).toEqual([]);
  });

  test('keeps a group within the events and appends limits; an append over the events limit goes alone', () => {
    const queue = [
      waiting('a', 3),
      waiting('b', 3),
      waiting('c', 1),
      waiting('d', 1),
      waiting('e', 1),
    ];
    const [a, b, c, d, e] = queue;
    expect(takeGroup(queue, { events: 5, appends: 3 })).toEqual([a, c, d]);
    expect(queue).toEqual([b, e]);
    const big = [waiting('x', 9), waiting('y', 1)];
    const [x, y] = big;
    expect(takeGroup(big, { events: 5, appends: 3 })).toEqual([x]);
    expect(takeGroup(big, { events: 5, appends: 3 })).toEqual([y]);
  });
});

for (const factory of backends) {
  describe(`group commit on ${factory.name}`, () => {
    let backend: Backend;
    let store: PostgresEventStore;
    beforeAll(async () => {
      backend = await factory.open();
      store = await openStore(backend.options(backend.freshSchema()));
    });
    afterAll(async () => {
      await store.close();
      await backend.close();
    });

    test('appends made together to distinct streams share one transaction, each with its own result', async () => {
      const results = await Promise.all(
        ['g1', 'g2', 'g3'].map((s, i) =>
          store.append(
            s,
            Array.from({ length: i + 1 }, (_, k) => ({ type: 'T', data: { s, k } })),
            { expectedVersion: 'no_stream' },
          ),
        ),
      );
      expect(transactionsOf(results).size).toBe(1);
      for (const [i, r] of results.entries()) {
        const appended = right(r);
        expect(appended.nextExpectedVersion).toBe(i + 1);
        expect(appended.events.map((e) => e.streamVersion)).toEqual(
          Array.from({ length: i + 1 }, (_, k) => k + 1),
        );
        expect(appended.lastPosition).toBe(appended.events.at(-1)!.globalPosition);
        expect(right(await store.readStream(`g${i + 1}`))).toEqual(appended.events);
      }
      const stored = results.flatMap((r) => right(r).events);
      const positions = stored.map((e) => e.globalPosition);
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);
      const all: StoredEvent[] = [];
      for await (const batch of store.readAll({ after: positions[0]! - 1 }))
        all.push(...right(batch));
      expect(all.filter((e) => e.streamId.startsWith('g'))).toEqual(stored);
    });

    test('one append of a group at the wrong version is refused alone; the others are stored', async () => {
      right(await store.append('m2', [{ type: 'T', data: {} }], { expectedVersion: 0 }));
      const [ok1, wrong, ok2, any] = await Promise.all([
        store.append('m1', [{ type: 'T', data: { n: 1 } }], { expectedVersion: 'no_stream' }),
        store.append('m2', [{ type: 'T', data: { n: 2 } }], { expectedVersion: 5 }),
        store.append('m3', [{ type: 'T', data: { n: 3 } }], { expectedVersion: 0 }),
        store.append('m2-any', [{ type: 'T', data: { n: 4 } }], { expectedVersion: 'any' }),
      ]);
      expect(wrong).toEqual(
        E.left({ _tag: 'WrongExpectedVersion', streamId: 'm2', expected: 5, actual: 1 }),
      );
      expect(transactionsOf([ok1!, ok2!, any!]).size).toBe(1);
      expect(right(await store.streamVersion('m2'))).toBe(1);
      for (const [s, r] of [
        ['m1', ok1],
        ['m3', ok2],
        ['m2-any', any],
      ] as const)
        expect(right(await store.readStream(s))).toEqual(right(r!).events);
    });

    test('idempotent retries in a group answer what was stored; a partly repeated batch is refused alone', async () => {
      const first = right(
        await store.append(
          'r1',
          [
            { type: 'T', data: { k: 1 }, eventId: id(1) },
            { type: 'T', data: { k: 2 }, eventId: id(2) },
          ],
          { expectedVersion: 0 },
        ),
      );
      const other = right(
        await store.append('r2', [{ type: 'T', data: {}, eventId: id(3) }], {
          expectedVersion: 0,
        }),
      );
      const retried = first.events.map((e) => ({ type: e.type, data: e.data, eventId: e.eventId }));
      // The version check refuses the first retry, the ids the second (the whole group
      // statement fails on the unique id, and its appends are sent again one by one).
      for (const expectedVersion of [0, 'any'] as const) {
        const [again, partly, fresh] = await Promise.all([
          store.append('r1', retried, { expectedVersion }),
          store.append(
            'r2',
            [
              { type: 'T', data: {}, eventId: id(3) },
              { type: 'T', data: {}, eventId: id(10 + (expectedVersion === 0 ? 0 : 1)) },
            ],
            { expectedVersion: 'any' },
          ),
          store.append(`r3-${expectedVersion}`, [{ type: 'T', data: {} }], {
            expectedVersion: 'no_stream',
          }),
        ]);
        expect(right(again!)).toEqual(first);
        expect(partly).toEqual(
          E.left({ _tag: 'DuplicateEventId', streamId: 'r2', eventIds: [id(3)] }),
        );
        expect(right(fresh!).events).toHaveLength(1);
      }
      expect(right(await store.readStream('r1'))).toEqual(first.events);
      expect(right(await store.readStream('r2'))).toEqual(other.events);
    });

    test('appends made together to one stream go in turn, in separate transactions', async () => {
      const results = await Promise.all(
        Array.from({ length: 4 }, (_, n) =>
          store.append('same', [{ type: 'T', data: { n } }], { expectedVersion: 'any' }),
        ),
      );
      expect(transactionsOf(results).size).toBe(4);
      expect(results.map((r) => right(r).nextExpectedVersion)).toEqual([1, 2, 3, 4]);
    });

    test(`a group holds at most ${MAX_BATCH} events: a larger set of appends is split`, async () => {
      // A store of its own: the others' subscribers need not read past these events.
      const own = await openStore(backend.options(backend.freshSchema()));
      const half = Math.ceil(MAX_BATCH / 2) + 1;
      const results = await Promise.all(
        ['big1', 'big2'].map((s) =>
          own.append(
            s,
            Array.from({ length: half }, () => ({ type: 'T', data: {} })),
            { expectedVersion: 0 },
          ),
        ),
      );
      expect(transactionsOf(results).size).toBe(2);
      for (const s of ['big1', 'big2']) expect(right(await own.streamVersion(s))).toBe(half);
      await own.close();
    }, 60_000);

    test('a subscriber gets each append of a group as its own batch', async () => {
      const batches: StoredEvent[][] = [];
      const subscription = store.subscribe((batch) => {
        const own = batch.filter((e) => e.streamId.startsWith('sub-'));
        if (own.length > 0) batches.push(own);
      });
      try {
        const results = await Promise.all(
          ['sub-a', 'sub-b', 'sub-c'].map((s) =>
            store.append(
              s,
              [
                { type: 'T', data: { s, k: 1 } },
                { type: 'T', data: { s, k: 2 } },
              ],
              { expectedVersion: 0 },
            ),
          ),
        );
        expect(transactionsOf(results).size).toBe(1);
        const deadline = Date.now() + 5000;
        while (batches.length < 3 && Date.now() < deadline)
          await new Promise((resolve) => setTimeout(resolve, 10));
        expect(batches).toEqual(results.map((r) => right(r).events));
      } finally {
        subscription.unsubscribe();
      }
    });

    test('close sends and settles the appends handed over before it, refusals included', async () => {
      const own = await openStore(backend.options(backend.freshSchema(), { poolSize: 2 }));
      right(await own.append('c1', [{ type: 'T', data: {} }], { expectedVersion: 0 }));
      // The refused append carries an id, so its refusal first looks the id up.
      const pending = [
        own.append('c1', [{ type: 'T', data: {}, eventId: id(50) }], { expectedVersion: 0 }),
        own.append('c2', [{ type: 'T', data: {} }], { expectedVersion: 0 }),
      ];
      await own.close();
      const [refused, stored] = await Promise.all(pending);
      expect(refused).toEqual(
        E.left({ _tag: 'WrongExpectedVersion', streamId: 'c1', expected: 0, actual: 1 }),
      );
      expect(right(stored!).nextExpectedVersion).toBe(1);
    });

    test('groups from several stores racing on the same streams land every append once', async () => {
      const schema = backend.freshSchema();
      const stores = await Promise.all(
        Array.from({ length: 4 }, () => openStore(backend.options(schema, { poolSize: 2 }))),
      );
      const streams = Array.from({ length: 6 }, (_, i) => `race-${i}`);
      const rounds = 5;
      try {
        await Promise.all(
          stores.map(async (s, w) => {
            for (let round = 0; round < rounds; round++) {
              // Each store sends its group in its own order of streams.
              const order = w % 2 === 0 ? streams : [...streams].reverse();
              const results = await Promise.all(
                order.map((stream) =>
                  s.append(stream, [{ type: 'T', data: { w, round } }], { expectedVersion: 'any' }),
                ),
              );
              for (const r of results) right(r);
            }
          }),
        );
        for (const stream of streams) {
          const read = right(await stores[0]!.readStream(stream));
          expect(read.map((e) => e.streamVersion)).toEqual(
            Array.from({ length: stores.length * rounds }, (_, i) => i + 1),
          );
          expect(new Set(read.map((e) => JSON.stringify(e.data))).size).toBe(read.length);
        }
      } finally {
        for (const s of stores) await s.close();
      }
    });
  });
}
