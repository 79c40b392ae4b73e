import { expect, test } from 'vitest';
import type { DuplicateEventId } from '../../../src/store/errors';
import type { ContractContext } from '../helpers';
import { before, event, events, left, newId, readAllOf, right } from '../helpers';

const withIds = (from: number, count: number) =>
  events(from, count).map((e) => ({ ...e, eventId: newId() }));

export const idempotency = (ctx: () => ContractContext): void => {
  test('retrying a stored batch returns the first result and stores nothing', async () => {
    const { store, stream, mine } = ctx();
    const id = stream('retry');
    const batch = withIds(0, 3);
    const first = right(await store.append(id, batch, { expectedVersion: 'no_stream' }));

    // A retry carries the expected version the first attempt had, or any other.
    for (const expectedVersion of ['no_stream', 0, 'any', 3, 7] as const) {
      const retry = right(await store.append(id, batch, { expectedVersion }));
      expect(retry).toEqual(first);
    }
    expect(right(await store.readStream(id))).toEqual(first.events);
    expect(right(await store.streamVersion(id))).toBe(3);
    expect(await readAllOf(store, mine, before(first.events[0]!))).toEqual(first.events);
  });

  test('a retry after later appends still returns what the first append stored', async () => {
    const { store, stream } = ctx();
    const id = stream('retry-later');
    const batch = withIds(0, 2);
    const first = right(await store.append(id, batch, { expectedVersion: 0 }));
    right(await store.append(id, events(5, 2), { expectedVersion: 2 }));

    const retry = right(await store.append(id, batch, { expectedVersion: 0 }));
    expect(retry).toEqual(first);
    // Part of a stored batch, alone, is a retry too: it returns those events.
    const part = right(await store.append(id, [batch[1]!], { expectedVersion: 'any' }));
    expect(part.events).toEqual([first.events[1]]);
    expect(part.nextExpectedVersion).toBe(2);
    expect(part.lastPosition).toBe(first.events[1]!.globalPosition);
    expect(right(await store.streamVersion(id))).toBe(4);
  });

  test('ids the store made are ids too: appending them again is a retry', async () => {
    const { store, stream } = ctx();
    const id = stream('made-ids');
    const first = right(await store.append(id, events(0, 2), { expectedVersion: 'no_stream' }));
    const again = first.events.map((e) => ({ type: e.type, data: e.data, eventId: e.eventId }));
    expect(right(await store.append(id, again, { expectedVersion: 'no_stream' }))).toEqual(first);
    expect(right(await store.streamVersion(id))).toBe(2);
  });

  test('a batch with some stored ids and some new is refused with the stored ids', async () => {
    const { store, stream } = ctx();
    const id = stream('partial');
    const batch = withIds(0, 2);
    right(await store.append(id, batch, { expectedVersion: 'no_stream' }));

    const mixed = [batch[1]!, { ...event(9), eventId: newId() }];
    const refused = left(await store.append(id, mixed, { expectedVersion: 2 }));
    expect(refused).toEqual<DuplicateEventId>({
      _tag: 'DuplicateEventId',
      streamId: id,
      eventIds: [batch[1]!.eventId],
    });
    // An event without an id is always new.
    const withNew = [batch[0]!, event(10)];
    expect(left(await store.append(id, withNew, { expectedVersion: 2 }))).toMatchObject({
      _tag: 'DuplicateEventId',
      eventIds: [batch[0]!.eventId],
    });
    expect(right(await store.streamVersion(id))).toBe(2);
  });

  test('one id twice in a batch is bad input naming the second one', async () => {
    const { store, stream } = ctx();
    const eventId = newId();
    const refused = left(
      await store.append(
        stream('twice'),
        [
          { ...event(1), eventId },
          { ...event(2), eventId },
        ],
        { expectedVersion: 'any' },
      ),
    );
    expect(refused._tag).toBe('DecodeError');
    if (refused._tag === 'DecodeError')
      expect(refused.problems.map((p) => p.path)).toContain('events[1].eventId');
    expect(right(await store.streamVersion(stream('twice')))).toBe(0);
  });
};
