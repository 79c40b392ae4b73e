import fc from 'fast-check';
import { expect, test } from 'vitest';
import type { EventMetadata, JsonValue, NewEvent, StoredEvent } from '../../../src/store/envelope';
import type { ContractContext } from '../helpers';
import { newId, readAllOf, right } from '../helpers';

const NUM_RUNS = Number(process.env.CONTRACT_NUM_RUNS ?? 25);

/** Data every store can keep exactly: what JSON round-trips (no -0, no holes). */
const data = fc
  .dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 })
  .map((d) => JSON.parse(JSON.stringify(d)) as { readonly [key: string]: JsonValue });

const metadata: fc.Arbitrary<EventMetadata> = fc.record(
  {
    correlationId: fc.string({ maxLength: 6 }),
    causationId: fc.string({ maxLength: 6 }),
    actor: fc.string({ maxLength: 6 }),
  },
  { requiredKeys: [] },
);

const newEvent = fc.record({
  type: fc.constantFrom('Received', 'Classified', 'Closed', '任何'),
  data,
  withId: fc.boolean(),
  schemaVersion: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
  metadata: fc.option(metadata, { nil: undefined }),
});

/** One step of a history: append a batch, or retry a batch appended before. */
const step = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('append' as const),
      stream: fc.nat({ max: 3 }),
      events: fc.array(newEvent, { minLength: 1, maxLength: 4 }),
      exact: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('retry' as const), pick: fc.nat() }) },
);

type Expected = Omit<StoredEvent, 'globalPosition' | 'recordedAt' | 'eventId'> & {
  readonly eventId: string | undefined;
};

export const anySequence = (ctx: () => ContractContext): void => {
  test('any sequence of appends reads back identical from readStream and readAll', async () => {
    const { store, prefix, stream } = ctx();
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 10 }), async (steps) => {
        const streamOf = (n: number) => stream(`r${run}-s${n}`);
        const ours = (e: StoredEvent) => e.streamId.startsWith(`${prefix}-r${run}-`);
        run++;
        const model = new Map<string, Expected[]>();
        const appendedInOrder: StoredEvent[] = [];
        const batches: { streamId: string; given: NewEvent[]; stored: readonly StoredEvent[] }[] =
          [];

        for (const s of steps) {
          if (s.kind === 'retry') {
            const earlier = batches[s.pick % Math.max(1, batches.length)];
            if (earlier === undefined) continue;
            const again = right(
              await store.append(earlier.streamId, earlier.given, { expectedVersion: 'any' }),
            );
            expect(again.events).toEqual(earlier.stored);
            continue;
          }
          const streamId = streamOf(s.stream);
          const current = model.get(streamId) ?? [];
          // Every event carries an id when the batch may be retried; otherwise as drawn.
          const retriable = s.events.every((e) => e.withId);
          const given: NewEvent[] = s.events.map((e) => ({
            type: e.type,
            data: e.data,
            ...(e.withId ? { eventId: newId() } : {}),
            ...(e.schemaVersion === undefined ? {} : { schemaVersion: e.schemaVersion }),
            ...(e.metadata === undefined ? {} : { metadata: e.metadata }),
          }));
          const result = right(
            await store.append(streamId, given, {
              expectedVersion: s.exact ? current.length : 'any',
            }),
          );
          for (const g of given)
            current.push({
              eventId: g.eventId,
              streamId,
              streamVersion: current.length + 1,
              type: g.type,
              schemaVersion: g.schemaVersion ?? 1,
              metadata: g.metadata ?? {},
              data: g.data,
            });
          model.set(streamId, current);
          appendedInOrder.push(...result.events);
          if (retriable) batches.push({ streamId, given, stored: result.events });
        }

        const first = appendedInOrder[0];
        if (first === undefined) return;
        const all = await readAllOf(store, ours, first.globalPosition - 1);
        expect(all).toEqual(appendedInOrder);
        for (let i = 1; i < all.length; i++)
          expect(all[i]!.globalPosition).toBeGreaterThan(all[i - 1]!.globalPosition);

        for (const [streamId, expected] of model) {
          const read = right(await store.readStream(streamId));
          // The same envelopes whichever way they are read.
          expect(read).toEqual(all.filter((e) => e.streamId === streamId));
          expect(read).toHaveLength(expected.length);
          read.forEach((e, i) => {
            const { eventId, ...rest } = expected[i]!;
            expect(e).toMatchObject(rest);
            expect(e.metadata).toEqual(rest.metadata);
            if (eventId !== undefined) expect(e.eventId).toBe(eventId);
          });
          expect(right(await store.streamVersion(streamId))).toBe(expected.length);
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });
};
