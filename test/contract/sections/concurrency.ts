import * as E from 'fp-ts/Either';
import { expect, test } from 'vitest';
import type { ContractContext } from '../helpers';
import { before, event, events, readAllOf, right } from '../helpers';

const RACERS = 8;

export const concurrency = (ctx: () => ContractContext): void => {
  test('appends racing at one expected version: exactly one wins, the others conflict', async () => {
    const { store, stream, mine } = ctx();
    const id = stream('race');
    const base = right(await store.append(id, events(0, 2), { expectedVersion: 0 }));

    const results = await Promise.all(
      Array.from({ length: RACERS }, (_, i) =>
        store.append(id, [event(100 + i), event(200 + i)], { expectedVersion: 2 }),
      ),
    );
    const winners = results.filter(E.isRight);
    expect(winners).toHaveLength(1);
    for (const r of results)
      if (E.isLeft(r))
        expect(r.left).toMatchObject({ _tag: 'WrongExpectedVersion', streamId: id, expected: 2 });

    const stream_ = right(await store.readStream(id));
    expect(stream_.map((e) => e.streamVersion)).toEqual([1, 2, 3, 4]);
    const won = winners[0]!.right.events;
    expect(stream_.slice(2)).toEqual(won);
    expect(await readAllOf(store, mine, before(base.events[0]!))).toEqual([...base.events, ...won]);
  });

  test("racing 'no_stream' appends create the stream once", async () => {
    const { store, stream } = ctx();
    const id = stream('create');
    const results = await Promise.all(
      Array.from({ length: RACERS }, (_, i) =>
        store.append(id, [event(i)], { expectedVersion: 'no_stream' }),
      ),
    );
    expect(results.filter(E.isRight)).toHaveLength(1);
    expect(right(await store.streamVersion(id))).toBe(1);
  });

  test('concurrent appends to different streams all succeed with distinct positions', async () => {
    const { store, stream, mine } = ctx();
    const results = await Promise.all(
      Array.from({ length: RACERS }, (_, i) =>
        store.append(stream(`s${i}`), events(i * 10, 3), { expectedVersion: 'no_stream' }),
      ),
    );
    const stored = results.flatMap((r) => right(r).events);
    const positions = stored.map((e) => e.globalPosition);
    expect(new Set(positions).size).toBe(stored.length);
    const first = Math.min(...positions);
    const all = await readAllOf(store, mine, first - 1);
    expect(all).toHaveLength(stored.length);
    for (let i = 0; i < RACERS; i++)
      expect(all.filter((e) => e.streamId === stream(`s${i}`)).map((e) => e.streamVersion)).toEqual(
        [1, 2, 3],
      );
  });

  test('concurrent appends with expected versions in sequence to one stream keep every version once', async () => {
    const { store, stream } = ctx();
    const id = stream('retrying');
    // Each writer retries on a conflict with the version it was told, as a command handler does.
    const writer = async (n: number) => {
      for (let attempt = 0; attempt < 100; attempt++) {
        const version = right(await store.streamVersion(id));
        const result = await store.append(id, [event(n)], { expectedVersion: version });
        if (E.isRight(result)) return;
        expect(result.left._tag).toBe('WrongExpectedVersion');
      }
      throw new Error(`writer ${n} never got through`);
    };
    await Promise.all(Array.from({ length: RACERS }, (_, n) => writer(n)));
    const read = right(await store.readStream(id));
    expect(read.map((e) => e.streamVersion)).toEqual(
      Array.from({ length: RACERS }, (_, i) => i + 1),
    );
    expect(read.map((e) => e.data.n as number).sort((a, b) => a - b)).toEqual(
      Array.from({ length: RACERS }, (_, i) => i),
    );
  });
};
