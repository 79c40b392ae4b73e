import * as E from 'fp-ts/Either';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { PostgresEventStore } from '../../adapters/postgres/index';
import type { StoredEvent } from '../../src/store/envelope';
import type { ReadError } from '../../src/store/errors';
import { type Backend, backends, openStore, right } from './backends';

const idOf = (n: number): string => `00000000-0000-7000-8000-${String(n).padStart(12, '0')}`;

/** Rows written behind the store's back, each wrong in one field, and the path it names. */
const damages: readonly { what: string; set: string; path: string }[] = [
  { what: 'an event id that is no UUID', set: `event_id = 'not-a-uuid'`, path: 'eventId' },
  { what: 'a stream id with a space', set: `stream_id = 'has space'`, path: 'streamId' },
  { what: 'schema version 0', set: `schema_version = 0`, path: 'schemaVersion' },
  { what: 'data that is an array', set: `data = '[1,2]'`, path: 'data' },
  { what: 'data that is a string', set: `data = '"text"'`, path: 'data' },
  {
    what: 'a metadata actor that is a number',
    set: `metadata = '{"actor": 5}'`,
    path: 'metadata.actor',
  },
  { what: 'metadata that is null', set: `metadata = 'null'`, path: 'metadata' },
];

const leftOf = <A>(either: E.Either<ReadError, A>): ReadError => {
  if (E.isRight(either)) throw new Error('expected a Left');
  return either.left;
};

for (const factory of backends) {
  describe(`rows read from PostgreSQL on ${factory.name} are decoded`, () => {
    let backend: Backend;
    let schema: string;
    let store: PostgresEventStore;
    beforeAll(async () => {
      backend = await factory.open();
      schema = backend.freshSchema();
      store = await openStore(backend.options(schema));
    });
    afterAll(async () => {
      await store.close();
      await backend.close();
    });

    // Each test damages a row of its own stream; it reads the log from its own first event,
    // and the tests before it wrote only below that.
    for (const [i, damage] of damages.entries())
      test(`${damage.what} is CorruptStorage naming the row and '${damage.path}'`, async () => {
        const stream = `s${i}`;
        const good = right(
          await store.append(stream, [{ type: 'T', data: { n: 1 } }], { expectedVersion: 0 }),
        ).events[0]!;
        const bad = right(
          await store.append(stream, [{ type: 'T', data: { n: 2 }, eventId: idOf(i) }], {
            expectedVersion: 1,
          }),
        ).events[0]!;
        await backend.sql(`UPDATE "${schema}".events SET ${damage.set} WHERE position = $1`, [
          bad.globalPosition,
        ]);

        const expectCorrupt = (error: ReadError): void => {
          expect(error._tag).toBe('CorruptStorage');
          if (error._tag !== 'CorruptStorage') return;
          expect(error.location).toBe(`"${schema}".events at position ${bad.globalPosition}`);
          expect(error.message).toContain(`stored event: ${damage.path}:`);
        };
        if (damage.path !== 'streamId') expectCorrupt(leftOf(await store.readStream(stream)));

        // readAll hands over what precedes the bad row, then stops at it with the error.
        const seen: StoredEvent[] = [];
        const errors: ReadError[] = [];
        for await (const batch of store.readAll({ after: good.globalPosition - 1, batchSize: 1 }))
          if (E.isRight(batch)) seen.push(...batch.right);
          else errors.push(batch.left);
        expect(seen).toEqual([good]);
        expect(errors).toHaveLength(1);
        expectCorrupt(errors[0]!);
      });
  });
}
