import * as E from 'fp-ts/Either';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { PostgresEventStore } from '../../adapters/postgres/index';
import type { StoredEvent } from '../../src/store/envelope';
import { type Backend, backends, openStore, right } from './backends';

const RACERS = 64;
/** On the server: 8 store instances with 8 connections each, so the 64 race on 64 connections. */
const INSTANCES = 8;
const ROUNDS = 4;

for (const factory of backends) {
  describe(`racing writers on ${factory.name}`, () => {
    let backend: Backend;
    let stores: PostgresEventStore[];
    beforeAll(async () => {
      backend = await factory.open();
      const schema = backend.freshSchema();
      stores = [];
      for (let i = 0; i < INSTANCES; i++)
        stores.push(await openStore(backend.options(schema, { poolSize: RACERS / INSTANCES })));
    });
    afterAll(async () => {
      for (const s of stores) await s.close();
      await backend.close();
    });

    test(`${RACERS} appends at one expected version: exactly one wins per version, none lost or doubled`, async () => {
      const winners: StoredEvent[][] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const expected = round * 2;
        const results = await Promise.all(
          Array.from({ length: RACERS }, (_, racer) =>
            stores[racer % INSTANCES]!.append(
              'contested',
              [
                { type: 'Raced', data: { round, racer, part: 1 } },
                { type: 'Raced', data: { round, racer, part: 2 } },
              ],
              { expectedVersion: expected },
            ),
          ),
        );
        const won = results.filter(E.isRight);
        expect(won).toHaveLength(1);
        winners.push([...won[0]!.right.events]);
        for (const r of results)
          if (E.isLeft(r))
            expect(r.left).toEqual({
              _tag: 'WrongExpectedVersion',
              streamId: 'contested',
              expected,
              actual: expected + 2,
            });
      }
      const stream = right(await stores[0]!.readStream('contested'));
      expect(stream.map((e) => e.streamVersion)).toEqual(
        Array.from({ length: ROUNDS * 2 }, (_, i) => i + 1),
      );
      expect(stream).toEqual(winners.flat());
      // Both events of each winner, from one racer: batches never interleave.
      for (let round = 0; round < ROUNDS; round++) {
        const [a, b] = [stream[round * 2]!.data, stream[round * 2 + 1]!.data];
        expect([a.round, b.round, a.part, b.part]).toEqual([round, round, 1, 2]);
        expect(a.racer).toBe(b.racer);
      }
      const all: StoredEvent[] = [];
      for await (const batch of stores[INSTANCES - 1]!.readAll()) all.push(...right(batch));
      expect(all.filter((e) => e.streamId === 'contested')).toEqual(stream);
    });

    test(`${RACERS} 'any' appends to one stream all land, each at its own version`, async () => {
      const results = await Promise.all(
        Array.from({ length: RACERS }, (_, racer) =>
          stores[racer % INSTANCES]!.append('free-for-all', [{ type: 'T', data: { racer } }], {
            expectedVersion: 'any',
          }),
        ),
      );
      const stored = results.map((r) => right(r).events[0]!);
      expect(stored.map((e) => e.streamVersion).sort((a, b) => a - b)).toEqual(
        Array.from({ length: RACERS }, (_, i) => i + 1),
      );
      const stream = right(await stores[0]!.readStream('free-for-all'));
      expect(stream.map((e) => e.data.racer).sort((a, b) => Number(a) - Number(b))).toEqual(
        Array.from({ length: RACERS }, (_, i) => i),
      );
    });
  });
}
