import { expect, test } from 'vitest';
import type { ContractContext } from '../helpers';
import { event, left, right } from '../helpers';

export const closedStore = (ctx: () => ContractContext): void => {
  test('after close every call fails with StoreClosed, and closing again is harmless', async () => {
    const { store, stream } = ctx();
    right(await store.append(stream('c'), [event(1)], { expectedVersion: 0 }));
    await store.close();
    await store.close();

    expect(left(await store.append(stream('c'), [event(2)], { expectedVersion: 1 }))).toEqual({
      _tag: 'StoreClosed',
    });
    expect(left(await store.readStream(stream('c')))).toEqual({ _tag: 'StoreClosed' });
    expect(left(await store.streamVersion(stream('c')))).toEqual({ _tag: 'StoreClosed' });
    const batches = [];
    for await (const batch of store.readAll()) batches.push(batch);
    expect(batches.length).toBeGreaterThanOrEqual(1);
    expect(left(batches[0]!)).toEqual({ _tag: 'StoreClosed' });
    // Subscribing to a closed store neither throws nor delivers.
    const seen: unknown[] = [];
    const subscription = store.subscribe((b) => seen.push(b));
    subscription.unsubscribe();
    expect(seen).toEqual([]);
  });

  test('closing checks nothing else first: bad input to a closed store is StoreClosed', async () => {
    const { store } = ctx();
    await store.close();
    expect(left(await store.append('', [], { expectedVersion: -1 }))._tag).toBe('StoreClosed');
  });
};
