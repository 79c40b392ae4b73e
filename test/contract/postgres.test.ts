import { afterAll } from 'vitest';
import type { EventStore } from '../../src/store/port';
import { type Backend, backends, openStore } from '../postgres/backends';
import { describeEventStoreContract } from './event-store-contract';

// The contract on PGlite always, and on the PostgreSQL server when PG_TEST_URL is set.
// All tests of one backend share a schema made for this run and dropped after it.
for (const factory of backends) {
  let backend: Promise<Backend> | undefined;
  let schema: string | undefined;
  const open = async (): Promise<{ backend: Backend; schema: string }> => {
    backend ??= factory.open();
    const b = await backend;
    schema ??= b.freshSchema();
    return { backend: b, schema };
  };
  afterAll(async () => {
    await (await backend)?.close();
  });

  describeEventStoreContract(`postgres (${factory.name})`, async () => {
    const { backend: b, schema: s } = await open();
    const opened: EventStore[] = [];
    const make = async (): Promise<EventStore> => {
      const store = await openStore(b.options(s, { pollIntervalMs: 200 }));
      opened.push(store);
      return store;
    };
    const store = await make();
    return {
      store,
      reopen: make,
      cleanup: async () => {
        for (const o of opened) await o.close();
      },
    };
  });
}
