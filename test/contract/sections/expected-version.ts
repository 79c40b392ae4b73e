import { expect, test } from 'vitest';
import type { WrongExpectedVersion } from '../../../src/store/errors';
import type { ContractContext } from '../helpers';
import { event, events, left, right } from '../helpers';

export const expectedVersion = (ctx: () => ContractContext): void => {
  test("'no_stream' and 0 create a stream and are refused once it exists", async () => {
    const { store, stream } = ctx();
    right(await store.append(stream('a'), [event(1)], { expectedVersion: 'no_stream' }));
    right(await store.append(stream('b'), [event(2)], { expectedVersion: 0 }));

    const again = left(
      await store.append(stream('a'), [event(3)], { expectedVersion: 'no_stream' }),
    );
    expect(again).toEqual<WrongExpectedVersion>({
      _tag: 'WrongExpectedVersion',
      streamId: stream('a'),
      expected: 'no_stream',
      actual: 1,
    });
    const zero = left(await store.append(stream('b'), [event(4)], { expectedVersion: 0 }));
    expect(zero).toEqual({
      _tag: 'WrongExpectedVersion',
      streamId: stream('b'),
      expected: 0,
      actual: 1,
    });
  });

  test('an exact version is accepted only when it is the current one', async () => {
    const { store, stream } = ctx();
    const id = stream('exact');
    const first = right(await store.append(id, events(0, 3), { expectedVersion: 'no_stream' }));
    expect(first.nextExpectedVersion).toBe(3);

    for (const stale of [1, 2, 4, 10]) {
      const conflict = left(await store.append(id, [event(99)], { expectedVersion: stale }));
      expect(conflict).toEqual({
        _tag: 'WrongExpectedVersion',
        streamId: id,
        expected: stale,
        actual: 3,
      });
    }
    const second = right(await store.append(id, [event(3)], { expectedVersion: 3 }));
    expect(second.nextExpectedVersion).toBe(4);
    expect(second.events[0]!.streamVersion).toBe(4);
  });

  test('an exact version above 0 on a stream that does not exist is a conflict with actual 0', async () => {
    const { store, stream } = ctx();
    const conflict = left(await store.append(stream('none'), [event(1)], { expectedVersion: 2 }));
    expect(conflict).toEqual({
      _tag: 'WrongExpectedVersion',
      streamId: stream('none'),
      expected: 2,
      actual: 0,
    });
    expect(right(await store.streamVersion(stream('none')))).toBe(0);
  });

  test("'any' appends whatever the version", async () => {
    const { store, stream } = ctx();
    const id = stream('any');
    right(await store.append(id, [event(1)], { expectedVersion: 'any' }));
    right(await store.append(id, events(2, 2), { expectedVersion: 'any' }));
    const third = right(await store.append(id, [event(4)], { expectedVersion: 'any' }));
    expect(third.nextExpectedVersion).toBe(4);
    expect(right(await store.readStream(id)).map((e) => e.data.n)).toEqual([1, 2, 3, 4]);
  });
};
