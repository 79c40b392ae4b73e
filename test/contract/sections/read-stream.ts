import { expect, test } from 'vitest';
import type { ContractContext } from '../helpers';
import { events, right } from '../helpers';

export const readStream = (ctx: () => ContractContext): void => {
  test('fromVersion and maxCount select a window of the stream', async () => {
    const { store, stream } = ctx();
    const id = stream('window');
    right(await store.append(id, events(1, 6), { expectedVersion: 'no_stream' }));
    right(await store.append(stream('other'), events(100, 3), { expectedVersion: 'no_stream' }));
    const versions = async (options: { fromVersion?: number; maxCount?: number }) =>
      right(await store.readStream(id, options)).map((e) => e.streamVersion);

    expect(await versions({})).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await versions({ fromVersion: 1 })).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await versions({ fromVersion: 4 })).toEqual([4, 5, 6]);
    expect(await versions({ fromVersion: 6 })).toEqual([6]);
    expect(await versions({ fromVersion: 7 })).toEqual([]);
    expect(await versions({ fromVersion: 100 })).toEqual([]);
    expect(await versions({ maxCount: 2 })).toEqual([1, 2]);
    expect(await versions({ fromVersion: 3, maxCount: 2 })).toEqual([3, 4]);
    expect(await versions({ fromVersion: 5, maxCount: 10 })).toEqual([5, 6]);
    expect(await versions({ maxCount: 0 })).toEqual([]);
    const window = right(await store.readStream(id, { fromVersion: 2, maxCount: 3 }));
    expect(window.map((e) => e.data.n)).toEqual([2, 3, 4]);
    expect(window.every((e) => e.streamId === id)).toBe(true);
  });

  test('an unknown stream reads as empty with version 0', async () => {
    const { store, stream } = ctx();
    right(await store.append(stream('known'), events(0, 1), { expectedVersion: 'no_stream' }));
    expect(right(await store.readStream(stream('unknown')))).toEqual([]);
    expect(right(await store.readStream(stream('unknown'), { fromVersion: 3 }))).toEqual([]);
    expect(right(await store.streamVersion(stream('unknown')))).toBe(0);
    // A stream whose id extends a known one is still another stream.
    expect(right(await store.readStream(`${stream('known')}x`))).toEqual([]);
  });

  test('streamVersion follows the appends of its stream only', async () => {
    const { store, stream } = ctx();
    expect(right(await store.streamVersion(stream('v')))).toBe(0);
    right(await store.append(stream('v'), events(0, 3), { expectedVersion: 0 }));
    expect(right(await store.streamVersion(stream('v')))).toBe(3);
    right(await store.append(stream('w'), events(0, 2), { expectedVersion: 0 }));
    right(await store.append(stream('v'), events(3, 1), { expectedVersion: 3 }));
    expect(right(await store.streamVersion(stream('v')))).toBe(4);
    expect(right(await store.streamVersion(stream('w')))).toBe(2);
  });
};
