import { expect, test } from 'vitest';
import { type NewEvent, StoredEvent } from '../../../src/store/envelope';
import { Instant } from '../../../src/shared/time';
import type { ContractContext } from '../helpers';
import { before, newId, readAllOf, right } from '../helpers';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

export const roundTrip = (ctx: () => ContractContext): void => {
  test('every envelope field comes back as stored, from append, readStream and readAll', async () => {
    const { store, stream, mine } = ctx();
    const id = stream('round-trip');
    const first = newId();
    const second = newId();
    const given: NewEvent[] = [
      {
        type: 'ComplaintReceived',
        eventId: first,
        schemaVersion: 3,
        metadata: { correlationId: 'corr-1', causationId: 'cmd-1', actor: '客服 Li' },
        data: {
          summary: '快递延误 3 天, 客户要求赔偿 — "late" \\ \n 📦',
          nested: { list: [1, -2.5, 0, null, true, false, '', { deep: ['x'] }], empty: {} },
          big: Number.MAX_SAFE_INTEGER,
          small: 1e-7,
        },
      },
      { type: 'ComplaintClassified', eventId: second, data: { complaintClass: 'general' } },
    ];
    const appended = right(
      await store.append(id, given, {
        expectedVersion: 'no_stream',
        metadata: { correlationId: 'from-options', actor: 'system' },
      }),
    );

    expect(appended.events).toHaveLength(2);
    const [a, b] = appended.events;
    expect(a).toMatchObject({
      eventId: first,
      streamId: id,
      streamVersion: 1,
      type: 'ComplaintReceived',
      schemaVersion: 3,
      // The event's own metadata wins over the append's.
      metadata: { correlationId: 'corr-1', causationId: 'cmd-1', actor: '客服 Li' },
      data: given[0]!.data,
    });
    expect(b).toMatchObject({
      eventId: second,
      streamId: id,
      streamVersion: 2,
      type: 'ComplaintClassified',
      schemaVersion: 1,
      // The append's metadata applies to events that have none of their own.
      metadata: { correlationId: 'from-options', actor: 'system' },
      data: { complaintClass: 'general' },
    });
    expect(b!.metadata).toEqual({ correlationId: 'from-options', actor: 'system' });
    for (const e of appended.events) {
      expect(StoredEvent.is(e)).toBe(true);
      expect(Number.isSafeInteger(e.globalPosition) && e.globalPosition >= 1).toBe(true);
    }
    expect(appended.nextExpectedVersion).toBe(2);
    expect(appended.lastPosition).toBe(b!.globalPosition);

    expect(right(await store.readStream(id))).toEqual(appended.events);
    expect(await readAllOf(store, mine, before(a!))).toEqual(appended.events);
  });

  test('defaults: a UUID v7 event id, schema version 1, empty metadata, recordedAt now', async () => {
    const { store, stream } = ctx();
    const startedAt = Date.now();
    const appended = right(
      await store.append(
        stream('defaults'),
        [
          { type: 'T', data: {} },
          { type: 'T', data: {} },
        ],
        {
          expectedVersion: 'any',
        },
      ),
    );
    const [a, b] = appended.events;
    expect(a!.eventId).toMatch(UUID_V7);
    expect(b!.eventId).toMatch(UUID_V7);
    expect(a!.eventId).not.toBe(b!.eventId);
    expect(a!.schemaVersion).toBe(1);
    expect(a!.metadata).toEqual({});
    expect(a!.data).toEqual({});
    expect(Instant.is(a!.recordedAt)).toBe(true);
    // Durable stores may take the time from a server: allow for a small clock skew.
    const recorded = Date.parse(a!.recordedAt);
    expect(recorded).toBeGreaterThan(startedAt - 60_000);
    expect(recorded).toBeLessThan(Date.now() + 60_000);
    expect(right(await store.readStream(stream('defaults')))).toEqual(appended.events);
  });

  test('neither changing the input after append nor changing what was read alters history', async () => {
    const { store, stream } = ctx();
    const id = stream('immutable');
    const data = { list: [1, 2], inner: { text: 'original' } };
    const metadata = { actor: 'original' };
    const appended = right(
      await store.append(id, [{ type: 'T', data, metadata }], { expectedVersion: 'no_stream' }),
    );
    const expected = structuredClone(appended.events);

    data.list.push(3);
    data.inner.text = 'changed input';
    metadata.actor = 'changed input';
    const tamper = (e: unknown): void => {
      const target = e as {
        type: string;
        data: { list: number[]; inner: { text: string } };
        metadata: { actor?: string };
      };
      // Frozen envelopes throw in strict mode; copies take the change. Either way, no effect.
      for (const change of [
        () => {
          target.type = 'Changed';
        },
        () => target.data.list.push(4),
        () => {
          target.data.inner.text = 'changed output';
        },
        () => {
          target.metadata.actor = 'changed output';
        },
      ])
        try {
          change();
        } catch {}
    };
    tamper(appended.events[0]);
    tamper(right(await store.readStream(id))[0]);

    expect(right(await store.readStream(id))).toEqual(expected);
  });
};
