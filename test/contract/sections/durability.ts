import { expect, test } from 'vitest';
import type { StoredEvent } from '../../../src/store/envelope';
import type { EventStore } from '../../../src/store/port';
import type { ContractContext } from '../helpers';
import { before, events, newId, readAllOf, right } from '../helpers';

export const durability = (ctx: () => ContractContext): void => {
  test('durable stores: everything appended is there after close and reopen', async () => {
    const { store, stream, mine, reopen: maybeReopen } = ctx();
    if (maybeReopen === undefined)
      throw new Error('a durable store must give reopen to the contract');
    const reopen = maybeReopen;
    const batch = events(0, 3).map((e) => ({ ...e, eventId: newId() }));
    const stored: StoredEvent[] = [];
    stored.push(...right(await store.append(stream('d'), batch, { expectedVersion: 0 })).events);
    stored.push(
      ...right(await store.append(stream('e'), events(3, 2), { expectedVersion: 0 })).events,
    );
    stored.push(
      ...right(await store.append(stream('d'), events(5, 1), { expectedVersion: 3 })).events,
    );
    await store.close();

    let reopened: EventStore | undefined = await reopen();
    try {
      expect(right(await reopened.readStream(stream('d')))).toEqual(
        stored.filter((e) => e.streamId === stream('d')),
      );
      expect(right(await reopened.streamVersion(stream('d')))).toBe(4);
      expect(await readAllOf(reopened, mine, before(stored[0]!))).toEqual(stored);

      // Versions, positions and idempotency carry on from the stored state.
      expect(
        right(await reopened.append(stream('d'), batch, { expectedVersion: 0 })).events,
      ).toEqual(stored.slice(0, 3));
      const next = right(await reopened.append(stream('d'), events(6, 1), { expectedVersion: 4 }));
      expect(next.events[0]!.streamVersion).toBe(5);
      expect(next.events[0]!.globalPosition).toBeGreaterThan(stored[5]!.globalPosition);

      await reopened.close();
      reopened = await reopen();
      expect(right(await reopened.readStream(stream('d'))).map((e) => e.data.n)).toEqual([
        0, 1, 2, 5, 6,
      ]);
    } finally {
      await reopened?.close();
    }
  });
};
