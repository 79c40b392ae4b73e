import { expect, test } from 'vitest';
import type { StoredEvent } from '../../../src/store/envelope';
import type { ContractContext } from '../helpers';
import { event, events, eventually, right } from '../helpers';

export const subscriptions = (ctx: () => ContractContext): void => {
  /** Collects this test's events as a subscriber sees them, batch by batch. */
  const collector = () => {
    const { mine } = ctx();
    const batches: StoredEvent[][] = [];
    const listener = (batch: readonly StoredEvent[]) => {
      const own = batch.filter(mine);
      if (own.length > 0) batches.push(own);
    };
    return { batches, listener, events: () => batches.flat() };
  };

  test('a subscriber gets each later batch once, in global order, and nothing from before', async () => {
    const { store, stream } = ctx();
    right(await store.append(stream('a'), events(0, 2), { expectedVersion: 'no_stream' }));
    const seen = collector();
    const subscription = store.subscribe(seen.listener);
    try {
      const appended: StoredEvent[] = [];
      for (const [name, from, count] of [
        ['a', 2, 1],
        ['b', 10, 3],
        ['a', 3, 2],
      ] as const)
        appended.push(
          ...right(
            await store.append(stream(name), events(from, count), { expectedVersion: 'any' }),
          ).events,
        );
      await eventually(() => seen.events().length >= appended.length, 'the appended events');
      // A last event, so that any duplicate delivered late would arrive before it.
      const sentinel = right(
        await store.append(stream('end'), [event(99)], { expectedVersion: 0 }),
      );
      await eventually(
        () => seen.events().some((e) => e.eventId === sentinel.events[0]!.eventId),
        'the sentinel',
      );
      expect(seen.events()).toEqual([...appended, ...sentinel.events]);
    } finally {
      subscription.unsubscribe();
    }
  });

  test('after unsubscribe a subscriber gets nothing more; unsubscribe twice is harmless', async () => {
    const { store, stream } = ctx();
    const stopped = collector();
    const staying = collector();
    const s1 = store.subscribe(stopped.listener);
    const s2 = store.subscribe(staying.listener);
    try {
      const first = right(await store.append(stream('u'), [event(1)], { expectedVersion: 0 }));
      await eventually(() => stopped.events().length === 1, 'the first event');
      s1.unsubscribe();
      s1.unsubscribe();
      const second = right(await store.append(stream('u'), [event(2)], { expectedVersion: 1 }));
      // The staying subscriber proves the second batch was delivered.
      await eventually(() => staying.events().length === 2, 'the second event');
      expect(stopped.events()).toEqual(first.events);
      expect(staying.events()).toEqual([...first.events, ...second.events]);
    } finally {
      s1.unsubscribe();
      s2.unsubscribe();
    }
  });

  test('a subscriber that throws breaks neither the store nor the other subscribers', async () => {
    const { store, stream, mine } = ctx();
    const seen = collector();
    let thrown = 0;
    const bad = store.subscribe((batch) => {
      if (batch.some(mine)) {
        thrown++;
        throw new Error('subscriber failure (expected by the test)');
      }
    });
    const good = store.subscribe(seen.listener);
    try {
      const first = right(await store.append(stream('t'), [event(1)], { expectedVersion: 0 }));
      const second = right(await store.append(stream('t'), [event(2)], { expectedVersion: 1 }));
      await eventually(() => seen.events().length === 2, 'both events');
      await eventually(() => thrown === 2, 'the failing subscriber to see both');
      expect(seen.events()).toEqual([...first.events, ...second.events]);
      expect(right(await store.streamVersion(stream('t')))).toBe(2);
    } finally {
      bad.unsubscribe();
      good.unsubscribe();
    }
  });
};
