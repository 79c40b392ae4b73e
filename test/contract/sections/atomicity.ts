import { expect, test } from 'vitest';
import type { NewEvent } from '../../../src/store/envelope';
import type { ContractContext } from '../helpers';
import { events, left, readAllOf, right } from '../helpers';

export const atomicity = (ctx: () => ContractContext): void => {
  const refusedBatchWritesNothing = async (
    refuse: (id: string) => Promise<{ _tag: string }>,
    expectedTag: string,
  ): Promise<void> => {
    const { store, stream, mine } = ctx();
    const id = stream('atomic');
    const stored = right(await store.append(id, events(0, 2), { expectedVersion: 'no_stream' }));
    const refused = await refuse(id);
    expect(refused._tag).toBe(expectedTag);

    expect(right(await store.readStream(id))).toEqual(stored.events);
    expect(right(await store.streamVersion(id))).toBe(2);
    expect(await readAllOf(store, mine, stored.lastPosition)).toEqual([]);
    // No version was used up by the refused batch.
    const next = right(await store.append(id, events(10, 1), { expectedVersion: 2 }));
    expect(next.events[0]!.streamVersion).toBe(3);
  };

  test('a batch refused for its expected version stores none of its events', async () => {
    const { store } = ctx();
    await refusedBatchWritesNothing(
      async (id) => left(await store.append(id, events(2, 3), { expectedVersion: 1 })),
      'WrongExpectedVersion',
    );
  });

  test('a batch with one bad event stores none of its events', async () => {
    const { store } = ctx();
    await refusedBatchWritesNothing(async (id) => {
      const batch = [
        ...events(2, 2),
        { type: 'Bad', data: { when: new Date(0) } } as unknown as NewEvent,
      ];
      return left(await store.append(id, batch, { expectedVersion: 2 }));
    }, 'DecodeError');
  });

  test('a batch mixing stored and new event ids stores none of its events', async () => {
    const { store } = ctx();
    await refusedBatchWritesNothing(async (id) => {
      const [first] = right(await store.readStream(id));
      return left(
        await store.append(
          id,
          [...events(2, 2), { ...events(9, 1)[0]!, eventId: first!.eventId }],
          {
            expectedVersion: 2,
          },
        ),
      );
    }, 'DuplicateEventId');
  });

  test('a multi-event batch gets consecutive stream versions and increasing positions', async () => {
    const { store, stream } = ctx();
    const result = right(await store.append(stream('many'), events(0, 50), { expectedVersion: 0 }));
    expect(result.events.map((e) => e.streamVersion)).toEqual(
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
    for (let i = 1; i < 50; i++)
      expect(result.events[i]!.globalPosition).toBeGreaterThan(
        result.events[i - 1]!.globalPosition,
      );
    expect(result.lastPosition).toBe(result.events[49]!.globalPosition);
  });
};
