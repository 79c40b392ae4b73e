import fc from 'fast-check';
import * as E from 'fp-ts/Either';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { PostgresEventStore } from '../../adapters/postgres/index';
import type { StoredEvent } from '../../src/store/envelope';
import { type Backend, backends, openStore, PG_TEST_URL, right, serverBackend } from './backends';
import { gate, holdingClient, sleep } from './clients';

const NUM_RUNS = Number(process.env.PG_NUM_RUNS ?? 8);

/** Everything readAll gives after `after`. */
const readAfter = async (store: PostgresEventStore, after: number): Promise<StoredEvent[]> => {
  const read: StoredEvent[] = [];
  for await (const batch of store.readAll({ after, batchSize: 7 })) read.push(...right(batch));
  return read;
};

for (const factory of backends) {
  // On the server each writer holds its transaction open for a random time after its rows
  // are written (its own connections); PGlite has one connection, so there the writers'
  // statements interleave but no transaction stays open while another commits.
  const url = factory.name === 'server' ? PG_TEST_URL : undefined;
  const holds = url !== undefined;

  describe(`no skipped events under concurrent writers on ${factory.name}`, () => {
    let backend: Backend;
    beforeAll(async () => {
      backend = await factory.open();
    });
    afterAll(async () => {
      await backend.close();
    });

    test(`property: ${holds ? 'with random delays inside transactions, ' : ''}readers see every committed event once, in order`, async () => {
      const plan = fc.record({
        writers: fc.array(
          fc.array(
            fc.record({
              stream: fc.nat({ max: 3 }),
              size: fc.integer({ min: 1, max: 3 }),
              holdMs: fc.nat({ max: 12 }),
            }),
            { minLength: 1, maxLength: 6 },
          ),
          { minLength: 2, maxLength: 6 },
        ),
        pollMs: fc.integer({ min: 0, max: 5 }),
        // Writers two to a store: their appends then also go as group commits.
        shared: fc.boolean(),
      });
      let run = 0;
      await fc.assert(
        fc.asyncProperty(plan, async ({ writers, pollMs, shared }) => {
          const schema = backend.freshSchema();
          run++;
          const reader = await openStore(backend.options(schema, { pollIntervalMs: 20 }));
          const storeOf = (w: number): number => (shared ? Math.floor(w / 2) : w);
          const perStore = writers.reduce<(typeof writers)[number][]>((acc, appends, w) => {
            acc[storeOf(w)] = [...(acc[storeOf(w)] ?? []), ...appends];
            return acc;
          }, []);
          const stores = await Promise.all(
            perStore.map(async (appends) => {
              let next = 0;
              return openStore(
                url === undefined
                  ? backend.options(schema)
                  : {
                      client: holdingClient(url, () =>
                        sleep(appends[next++ % appends.length]!.holdMs),
                      ),
                      schema,
                    },
              );
            }),
          );

          // A subscriber and a polling reader follow while the writers write.
          const delivered: StoredEvent[] = [];
          const subscription = reader.subscribe((batch) => delivered.push(...batch));
          const polled: StoredEvent[] = [];
          let writing = true;
          const poller = (async () => {
            let after = 0;
            while (writing) {
              for (const e of await readAfter(reader, after)) {
                polled.push(e);
                after = e.globalPosition;
              }
              await sleep(pollMs);
            }
            for (const e of await readAfter(reader, after)) polled.push(e);
          })();

          const acknowledged: StoredEvent[] = [];
          await Promise.all(
            writers.map(async (appends, w) => {
              for (const [i, a] of appends.entries()) {
                const result = await stores[storeOf(w)]!.append(
                  `run${run}-s${a.stream}`,
                  Array.from({ length: a.size }, (_, k) => ({ type: 'T', data: { w, i, k } })),
                  { expectedVersion: 'any' },
                );
                acknowledged.push(...right(result).events);
              }
            }),
          );
          writing = false;
          await poller;
          const byPosition = (a: StoredEvent, b: StoredEvent) =>
            a.globalPosition - b.globalPosition;
          const expected = [...acknowledged].sort(byPosition);
          const deadline = Date.now() + 10_000;
          while (delivered.length < expected.length && Date.now() < deadline) await sleep(10);
          subscription.unsubscribe();

          for (const seen of [polled, delivered]) {
            // Exactly the committed events, each once, in strictly increasing positions…
            expect(seen).toEqual(expected);
            // …so each stream in version order, without gaps.
            const versions = new Map<string, number>();
            for (const e of seen) {
              expect(e.streamVersion).toBe((versions.get(e.streamId) ?? 0) + 1);
              versions.set(e.streamId, e.streamVersion);
            }
          }
          await Promise.all([reader, ...stores].map((s) => s.close()));
          await backend.sql(`DROP SCHEMA "${schema}" CASCADE`);
        }),
        { numRuns: NUM_RUNS },
      );
    }, 120_000);
  });
}

// A transaction held open while another commits needs two connections: the server only.
if (serverBackend !== undefined && PG_TEST_URL !== undefined) {
  const serverUrl = PG_TEST_URL;
  const server = serverBackend;

  describe('an open transaction holds readers back (PostgreSQL server)', () => {
    let backend: Backend;
    beforeAll(async () => {
      backend = await server.open();
    });
    afterAll(async () => {
      await backend.close();
    });

    test('an event committed early waits behind an older open transaction, then both come in order', async () => {
      const schema = backend.freshSchema();
      const held = gate();
      const slowWriter = await openStore({
        client: holdingClient(serverUrl, () => held.wait),
        schema,
      });
      const fastWriter = await openStore(backend.options(schema));
      const reader = await openStore(backend.options(schema, { readAllWaitMs: 300 }));
      const start = (await readAfter(reader, 0)).at(-1)?.globalPosition ?? 0;

      // The slow writer's transaction takes its position first and stays open…
      const slow = slowWriter.append('slow', [{ type: 'T', data: { who: 'slow' } }], {
        expectedVersion: 0,
      });
      await sleep(100);
      // …while the fast writer commits a later position.
      const fast = right(
        await fastWriter.append('fast', [{ type: 'T', data: { who: 'fast' } }], {
          expectedVersion: 0,
        }),
      );

      // The naive reading, ordered by position with no horizon, would show the fast event
      // now and move past the slow one's position: the loss this store is built against.
      const naive = await backend.sql(
        `SELECT position FROM "${schema}".events WHERE position > $1 ORDER BY position`,
        [start],
      );
      expect(naive.map((r) => Number(r.position))).toEqual([fast.lastPosition]);

      // readAll gives nothing past the open transaction; it waits, then says why.
      const outcomes: string[] = [];
      for await (const batch of reader.readAll({ after: start }))
        outcomes.push(
          E.isRight(batch) ? batch.right.map((e) => e.data.who).join() : batch.left._tag,
        );
      expect(outcomes).toEqual(['StorageFailure']);

      held.open();
      const slowStored = right(await slow);
      expect(slowStored.lastPosition).toBeLessThan(fast.lastPosition);
      expect((await readAfter(reader, start)).map((e) => e.data.who)).toEqual(['slow', 'fast']);
      for (const s of [slowWriter, fastWriter, reader]) await s.close();
    });
  });
}
