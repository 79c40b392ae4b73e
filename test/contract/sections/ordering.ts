import { expect, test } from 'vitest';
import type { StoredEvent } from '../../../src/store/envelope';
import type { ContractContext } from '../helpers';
import { before, events, expectMatches, readAllOf, right } from '../helpers';

export const ordering = (ctx: () => ContractContext): void => {
  test('stream versions run 1, 2, 3, … across batches, in append order', async () => {
    const { store, stream } = ctx();
    const id = stream('versions');
    const batches = [events(0, 3), events(3, 1), events(4, 2)];
    let version = 0;
    for (const batch of batches) {
      const result = right(await store.append(id, batch, { expectedVersion: version }));
      version = result.nextExpectedVersion;
    }
    const read = right(await store.readStream(id));
    const given = batches.flat();
    expect(read.map((e) => e.streamVersion)).toEqual([1, 2, 3, 4, 5, 6]);
    for (const [i, g] of given.entries()) expectMatches(read[i]!, g);
    expect(version).toBe(6);
  });

  test('global positions strictly increase in append order across streams', async () => {
    const { store, stream, mine } = ctx();
    const order: StoredEvent[] = [];
    const plan = ['a', 'b', 'a', 'c', 'b', 'a'];
    for (const [i, name] of plan.entries()) {
      const result = right(
        await store.append(stream(name), events(i * 10, 1 + (i % 3)), { expectedVersion: 'any' }),
      );
      order.push(...result.events);
    }
    for (let i = 1; i < order.length; i++)
      expect(order[i]!.globalPosition).toBeGreaterThan(order[i - 1]!.globalPosition);

    const all = await readAllOf(store, mine, before(order[0]!));
    expect(all).toEqual(order);
  });
};
