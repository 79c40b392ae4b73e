import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/Either';
import { openFileEventStore } from '../../adapters/file/index';
import { createMemoryEventStore } from '../../adapters/memory/index';
import { describeStoreError } from '../../src/store/errors';
import type { EventStore } from '../../src/store/port';
import { type Backend, openStore } from '../postgres/backends';

/** The instant every store's clock reads: the test sets it before each append. */
export interface TestClock {
  now: number;
  readonly read: () => Date;
}

export const testClock = (): TestClock => {
  const clock: TestClock = { now: 0, read: () => new Date(clock.now) };
  return clock;
};

/** A store for one history, and how to get rid of it afterwards. */
export interface OpenedStore {
  readonly name: string;
  readonly store: EventStore;
  readonly dispose: () => Promise<void>;
}

export const openMemory = async (clock: TestClock): Promise<OpenedStore> => {
  const store = createMemoryEventStore({ clock: clock.read });
  return { name: 'memory', store, dispose: () => store.close() };
};

/** In a directory of its own; `os` durability: the test needs the bytes, not the fsyncs. */
export const openFile = async (clock: TestClock): Promise<OpenedStore> => {
  const dir = await mkdtemp(join(tmpdir(), 'replay-file-store-'));
  const opened = await openFileEventStore(dir, { durability: 'os', clock: clock.read });
  if (E.isLeft(opened)) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(`cannot open a file store: ${describeStoreError(opened.left)}`);
  }
  const store = opened.right;
  return {
    name: 'file',
    store,
    dispose: async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
};

/**
 * In a schema of its own, dropped when the history is done (the backend drops any left
 * over when it closes). Nothing subscribes here, so neither LISTEN nor NOTIFY is needed.
 */
export const openPostgres = async (backend: Backend, clock: TestClock): Promise<OpenedStore> => {
  const schema = backend.freshSchema();
  const store = await openStore(
    backend.options(schema, { clock: clock.read, listen: false, notify: false }),
  );
  return {
    name: `postgres (${backend.name})`,
    store,
    dispose: async () => {
      await store.close();
      await backend.sql(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    },
  };
};
