import { expect, test } from 'vitest';
import type { StoredEvent } from '../../../src/store/envelope';
import type { ContractContext } from '../helpers';
import { before, events, readAllBatches, readAllOf, right } from '../helpers';

export const readAll = (ctx: () => ContractContext): void => {
  const appendSeven = async (): Promise<StoredEvent[]> => {
    const { store, stream } = ctx();
    const stored: StoredEvent[] = [];
    for (const [name, from, count] of [
      ['x', 0, 3],
      ['y', 3, 2],
      ['x', 5, 2],
    ] as const)
      stored.push(
        ...right(await store.append(stream(name), events(from, count), { expectedVersion: 'any' }))
          .events,
      );
    return stored;
  };

  test('reads the events after a position, in global order', async () => {
    const { store, mine } = ctx();
    const stored = await appendSeven();
    expect(await readAllOf(store, mine, before(stored[0]!))).toEqual(stored);
    for (const k of [0, 2, 3, 6])
      expect(await readAllOf(store, mine, stored[k]!.globalPosition)).toEqual(stored.slice(k + 1));
  });

  test('nothing of ours after the last position; everything from the start by default', async () => {
    const { store, mine } = ctx();
    const stored = await appendSeven();
    expect(await readAllOf(store, mine, stored[6]!.globalPosition)).toEqual([]);
    const everything = (await readAllBatches(store)).flat();
    expect(everything.filter(mine)).toEqual(stored);
    for (let i = 1; i < everything.length; i++)
      expect(everything[i]!.globalPosition).toBeGreaterThan(everything[i - 1]!.globalPosition);
  });

  test('yields batches of at most batchSize with strictly increasing positions', async () => {
    const { store, mine } = ctx();
    const stored = await appendSeven();
    const batches = await readAllBatches(store, { after: before(stored[0]!), batchSize: 3 });
    expect(batches.length).toBeGreaterThanOrEqual(3);
    for (const batch of batches) expect(batch.length).toBeLessThanOrEqual(3);
    const flat = batches.flat();
    for (let i = 1; i < flat.length; i++)
      expect(flat[i]!.globalPosition).toBeGreaterThan(flat[i - 1]!.globalPosition);
    expect(flat.filter(mine)).toEqual(stored);

    const ones = await readAllBatches(store, { after: before(stored[0]!), batchSize: 1 });
    expect(ones.every((b) => b.length <= 1)).toBe(true);
    expect(ones.flat().filter(mine)).toEqual(stored);
  });

  test('a reader can resume from the last position it saw', async () => {
    const { store, stream, mine } = ctx();
    const stored = await appendSeven();
    let checkpoint = before(stored[0]!);
    const seen: StoredEvent[] = [];
    const catchUp = async () => {
      for (const e of await readAllOf(store, mine, checkpoint)) {
        seen.push(e);
        checkpoint = e.globalPosition;
      }
    };
    await catchUp();
    const later = right(await store.append(stream('z'), events(20, 2), { expectedVersion: 0 }));
    await catchUp();
    expect(seen).toEqual([...stored, ...later.events]);
  });
};
