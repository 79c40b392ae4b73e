import * as E from 'fp-ts/Either';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MAX_BATCH } from '../../adapters/postgres/index';
import type { NewEvent } from '../../src/store/envelope';
import { type Backend, backends, openStore, right } from './backends';

const leftOf = <L, A>(either: E.Either<L, A>): L => {
  if (E.isRight(either)) throw new Error(`expected a Left, got ${JSON.stringify(either.right)}`);
  return either.left;
};

const id = (n: number): string => `00000000-0000-7000-8000-${String(n).padStart(12, '0')}`;

for (const factory of backends) {
  describe(`PostgreSQL appends on ${factory.name}`, () => {
    let backend: Backend;
    let schema: string;
    beforeAll(async () => {
      backend = await factory.open();
      schema = backend.freshSchema();
    });
    afterAll(async () => {
      await backend.close();
    });

    test('takes recordedAt from the injected clock and ids from the injected generator', async () => {
      let n = 100;
      const store = await openStore(
        backend.options(schema, {
          clock: () => new Date('2026-03-02T09:30:00.000+08:00'),
          newEventId: () => id(++n),
        }),
      );
      const appended = right(
        await store.append(
          'clocked',
          [
            { type: 'T', data: {} },
            { type: 'T', data: {} },
          ],
          {
            expectedVersion: 0,
          },
        ),
      );
      expect(appended.events.map((e) => [e.eventId, e.recordedAt])).toEqual([
        [id(101), '2026-03-02T01:30:00.000Z'],
        [id(102), '2026-03-02T01:30:00.000Z'],
      ]);
      expect(right(await store.readStream('clocked'))).toEqual(appended.events);
      await store.close();
    });

    test('an id generator that makes no UUID, or throws, stores nothing', async () => {
      let mode: 'bad' | 'throw' = 'bad';
      const store = await openStore(
        backend.options(schema, {
          newEventId: () => {
            if (mode === 'throw') throw new Error('no ids today');
            return 'not-a-uuid';
          },
        }),
      );
      const refused = leftOf(
        await store.append('ids', [{ type: 'T', data: {} }], { expectedVersion: 0 }),
      );
      expect(refused).toMatchObject({
        _tag: 'DecodeError',
        problems: [{ path: 'events[0].eventId' }],
      });
      mode = 'throw';
      expect(
        leftOf(await store.append('ids', [{ type: 'T', data: {} }], { expectedVersion: 0 })),
      ).toMatchObject({ _tag: 'StorageFailure', message: 'append failed' });
      expect(right(await store.streamVersion('ids'))).toBe(0);
      await store.close();
    });

    test('an event id is one event in the whole store: reusing it in another stream is refused', async () => {
      const store = await openStore(backend.options(schema));
      right(
        await store.append('owner', [{ type: 'T', data: {}, eventId: id(7) }], {
          expectedVersion: 0,
        }),
      );
      expect(
        leftOf(
          await store.append('thief', [{ type: 'T', data: {}, eventId: id(7) }], {
            expectedVersion: 0,
          }),
        ),
      ).toEqual({ _tag: 'DuplicateEventId', streamId: 'thief', eventIds: [id(7)] });
      expect(right(await store.streamVersion('thief'))).toBe(0);
      await store.close();
    });

    test(`a batch of more than ${MAX_BATCH} events is refused before it reaches the database`, async () => {
      const store = await openStore(backend.options(schema));
      const batch: NewEvent[] = Array.from({ length: MAX_BATCH + 1 }, () => ({
        type: 'T',
        data: {},
      }));
      expect(leftOf(await store.append('huge', batch, { expectedVersion: 0 }))).toMatchObject({
        _tag: 'DecodeError',
        problems: [{ path: 'events' }],
      });
      expect(right(await store.streamVersion('huge'))).toBe(0);
      await store.close();
    });

    test('text the JSON types of PostgreSQL are picky about round-trips exactly, key order too', async () => {
      const store = await openStore(backend.options(schema));
      const data = {
        z: 'NUL \u0000 and lone \ud800 surrogate',
        a: { '': [1e21, 0.1, -5e-324] },
        '10': 1,
        '2': 2,
      };
      const appended = right(
        await store.append('json', [{ type: 'T', data }], { expectedVersion: 0 }),
      );
      const [read] = right(await store.readStream('json'));
      expect(read!.data).toEqual(data);
      expect(JSON.stringify(read!.data)).toBe(JSON.stringify(data));
      expect(read).toEqual(appended.events[0]);
      await store.close();
    });

    test('the database enforces one event per stream version, whoever writes', async () => {
      const store = await openStore(backend.options(schema));
      right(await store.append('guarded', [{ type: 'T', data: {} }], { expectedVersion: 0 }));
      await expect(
        backend.sql(
          `INSERT INTO "${schema}".events VALUES (1, 'guarded', 1, $1, 'T', 1, now(), '{}', '{}')`,
          [id(999)],
        ),
      ).rejects.toMatchObject({ code: '23505', constraint: 'events_stream_version_key' });
      await store.close();
    });

    test('appends under way when the store closes all settle: stored, or refused as closed', async () => {
      const own = backend.freshSchema();
      const store = await openStore(backend.options(own, { poolSize: 2 }));
      const pending = Array.from({ length: 12 }, (_, i) =>
        store.append(`closing-${i}`, [{ type: 'T', data: { i } }], { expectedVersion: 0 }),
      );
      await store.close();
      const settled = await Promise.all(pending);
      for (const r of settled) if (E.isLeft(r)) expect(r.left).toEqual({ _tag: 'StoreClosed' });
      // What was acknowledged is there.
      const reopened = await openStore(backend.options(own));
      for (const [i, r] of settled.entries())
        expect(right(await reopened.streamVersion(`closing-${i}`))).toBe(E.isRight(r) ? 1 : 0);
      await reopened.close();
    });

    test('a database failure is a StorageFailure naming what went wrong', async () => {
      const own = backend.freshSchema();
      const store = await openStore(backend.options(own));
      await backend.sql(`DROP TABLE "${own}".events`);
      const failed = leftOf(
        await store.append('s', [{ type: 'T', data: {} }], { expectedVersion: 0 }),
      );
      expect(failed._tag).toBe('StorageFailure');
      expect(failed._tag === 'StorageFailure' && failed.message).toMatch(
        /append: .*(SQLSTATE 42P01)/,
      );
      expect(leftOf(await store.readStream('s'))).toMatchObject({ _tag: 'StorageFailure' });
      for await (const batch of store.readAll())
        expect(leftOf(batch)).toMatchObject({ _tag: 'StorageFailure' });
      await store.close();
    });
  });
}
