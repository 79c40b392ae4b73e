import * as E from 'fp-ts/Either';
import { describe, expect, test } from 'vitest';
import { createMemoryEventStore } from '../../adapters/memory';
import type { StoredEvent } from '../../src/store/envelope';
import type { ReadError } from '../../src/store/errors';
import { describeEventStoreContract } from './event-store-contract';
import { event, events, left, newId, readAllBatches, right } from './helpers';

describeEventStoreContract(
  'memory',
  async () => {
    const store = createMemoryEventStore();
    return { store, cleanup: () => store.close() };
  },
  { durable: false },
);

const isDeepFrozen = (value: unknown): boolean =>
  typeof value !== 'object' ||
  value === null ||
  (Object.isFrozen(value) && Object.values(value).every(isDeepFrozen));

describe('memory store specifics', () => {
  test('takes recordedAt from the injected clock and ids from the injected generator', async () => {
    let tick = Date.parse('2026-03-02T01:30:00.000Z');
    let n = 0;
    const store = createMemoryEventStore({
      clock: () => new Date(tick),
      newEventId: () => `00000000-0000-7000-8000-${String(++n).padStart(12, '0')}`,
    });
    const first = right(await store.append('s', events(0, 2), { expectedVersion: 0 }));
    tick += 1000;
    const second = right(await store.append('s', [event(2)], { expectedVersion: 2 }));
    expect(first.events.map((e) => [e.eventId, e.recordedAt])).toEqual([
      ['00000000-0000-7000-8000-000000000001', '2026-03-02T01:30:00.000Z'],
      ['00000000-0000-7000-8000-000000000002', '2026-03-02T01:30:00.000Z'],
    ]);
    expect(second.events[0]!.recordedAt).toBe('2026-03-02T01:30:01.000Z');
    expect(first.events[0]!.globalPosition).toBe(1);
    expect(second.lastPosition).toBe(3);
  });

  test('stored envelopes, their data and metadata, and returned batches are frozen', async () => {
    const store = createMemoryEventStore();
    const appended = right(
      await store.append(
        's',
        [{ type: 'T', data: { a: [1, { b: 'c' }] }, metadata: { actor: 'x' } }],
        { expectedVersion: 0 },
      ),
    );
    expect(Object.isFrozen(appended.events)).toBe(true);
    expect(isDeepFrozen(appended.events[0])).toBe(true);
    const [read] = right(await store.readStream('s'));
    expect(read).toBe(appended.events[0]);
  });

  test('a clock or id generator that throws gives StorageFailure and stores nothing', async () => {
    let failing = true;
    const store = createMemoryEventStore({
      newEventId: () => {
        if (failing) throw new Error('no ids today');
        return '00000000-0000-7000-8000-000000000001';
      },
    });
    const failed = left(await store.append('s', events(0, 2), { expectedVersion: 0 }));
    expect(failed).toMatchObject({ _tag: 'StorageFailure', message: 'append failed' });
    expect(right(await store.streamVersion('s'))).toBe(0);
    expect((await readAllBatches(store)).flat()).toEqual([]);
    failing = false;
    const ok = right(await store.append('s', [event(0)], { expectedVersion: 0 }));
    expect(ok.events[0]!.globalPosition).toBe(1);
  });

  test('a subscriber appending from its callback does not reorder what the others see', async () => {
    const store = createMemoryEventStore();
    const seenByLater: number[] = [];
    store.subscribe((batch) => {
      // The first append triggers a follow-up append to another stream.
      if (batch[0]!.streamId === 'a')
        void store.append('b', [event(100)], { expectedVersion: 'any' });
    });
    store.subscribe((batch) => seenByLater.push(...batch.map((e) => e.globalPosition)));
    right(await store.append('a', [event(1)], { expectedVersion: 0 }));
    right(await store.append('a', [event(2)], { expectedVersion: 1 }));
    expect(seenByLater).toEqual([1, 2, 3, 4]);
  });

  test('reports a throwing subscriber to onListenerError with the batch', async () => {
    const reported: [unknown, readonly StoredEvent[]][] = [];
    const store = createMemoryEventStore({
      onListenerError: (error, batch) => reported.push([error, batch]),
    });
    const failure = new Error('listener bug');
    store.subscribe(() => {
      throw failure;
    });
    const appended = right(await store.append('s', [event(1)], { expectedVersion: 0 }));
    expect(reported).toEqual([[failure, appended.events]]);
  });

  test('unsubscribing inside a delivery stops the batches still queued for it', async () => {
    const store = createMemoryEventStore();
    const seen: number[] = [];
    const subscription = store.subscribe((batch) => {
      seen.push(batch[0]!.globalPosition);
      subscription.unsubscribe();
    });
    store.subscribe((batch) => {
      if (batch[0]!.globalPosition === 1)
        void store.append('s', [event(2)], { expectedVersion: 'any' });
    });
    right(await store.append('s', [event(1)], { expectedVersion: 0 }));
    expect(seen).toEqual([1]);
    expect(right(await store.streamVersion('s'))).toBe(2);
  });

  test('bad read options are DecodeErrors naming the option', async () => {
    const store = createMemoryEventStore();
    const path = (r: E.Either<ReadError, unknown>) => {
      const error = left(r);
      return error._tag === 'DecodeError' ? error.problems[0]!.path : error._tag;
    };
    expect(path(await store.readStream('s', { fromVersion: 0 }))).toBe('fromVersion');
    expect(path(await store.readStream('s', { maxCount: -1 }))).toBe('maxCount');
    expect(path(await store.readStream('bad id'))).toBe('streamId');
    expect(path(await store.streamVersion(''))).toBe('streamId');
    for await (const batch of store.readAll({ batchSize: 0 }))
      expect(path(batch)).toBe('batchSize');
    for await (const batch of store.readAll({ after: -1 })) expect(path(batch)).toBe('after');
  });

  test('idempotency holds in streams long enough to index their event ids', async () => {
    const store = createMemoryEventStore();
    const batches = Array.from({ length: 20 }, (_, b) =>
      events(b * 3, 3).map((e) => ({ ...e, eventId: crypto.randomUUID() })),
    );
    const results = [];
    for (const [b, batch] of batches.entries())
      results.push(right(await store.append('long', batch, { expectedVersion: b * 3 })));
    // 60 events: early, middle and late batches are all found again.
    for (const b of [0, 7, 19])
      expect(right(await store.append('long', batches[b]!, { expectedVersion: 'any' }))).toEqual(
        results[b],
      );
    const stored = batches[2]?.[0];
    if (stored === undefined) throw new Error('no batch 2');
    const mixed = [stored, { ...event(999), eventId: crypto.randomUUID() }];
    expect(left(await store.append('long', mixed, { expectedVersion: 60 }))).toMatchObject({
      _tag: 'DuplicateEventId',
      eventIds: [stored.eventId],
    });
    const next = right(
      await store.append('long', [{ ...event(1000), eventId: crypto.randomUUID() }], {
        expectedVersion: 60,
      }),
    );
    expect(next.nextExpectedVersion).toBe(61);
  });

  test('a readAll under way when the store closes ends with StoreClosed', async () => {
    const store = createMemoryEventStore();
    right(await store.append('s', events(0, 5), { expectedVersion: 0 }));
    const results: string[] = [];
    for await (const batch of store.readAll({ batchSize: 2 })) {
      results.push(E.isRight(batch) ? `events ${batch.right.length}` : batch.left._tag);
      if (results.length === 1) await store.close();
    }
    expect(results).toEqual(['events 2', 'StoreClosed']);
  });

  test('a stream longer than the scan limit still finds retried and repeated ids', async () => {
    const store = createMemoryEventStore();
    const batches = Array.from({ length: 20 }, (_, b) =>
      events(b * 3, 3).map((e) => ({ ...e, eventId: newId() })),
    );
    const results = [];
    for (const [b, batch] of batches.entries())
      results.push(right(await store.append('long', batch, { expectedVersion: b * 3 })));
    expect(right(await store.streamVersion('long'))).toBe(60);
    // Retries of an early and a late batch return what they stored the first time.
    for (const b of [0, 9, 19])
      expect(right(await store.append('long', batches[b]!, { expectedVersion: 'any' }))).toEqual(
        results[b],
      );
    const [early] = batches[2] ?? [];
    if (early === undefined) throw new Error('no third batch');
    const mixed = [early, { ...event(99), eventId: newId() }];
    expect(left(await store.append('long', mixed, { expectedVersion: 60 }))).toMatchObject({
      _tag: 'DuplicateEventId',
      eventIds: [early.eventId],
    });
    // New events after the index exists are found too.
    const late = events(100, 2).map((e) => ({ ...e, eventId: newId() }));
    const stored = right(await store.append('long', late, { expectedVersion: 60 }));
    expect(right(await store.append('long', late, { expectedVersion: 'any' }))).toEqual(stored);
    expect(right(await store.streamVersion('long'))).toBe(62);
  });
});
