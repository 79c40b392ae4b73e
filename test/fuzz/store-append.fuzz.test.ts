import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/Either';
import * as fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { openFileEventStore } from '../../adapters/file/index';
import { createMemoryEventStore } from '../../adapters/memory/index';
import type { StoredEvent } from '../../src/store/envelope';
import type { EventStore } from '../../src/store/port';
import { arbitraries, toStoredEvents } from '../../src/testing/index';
import { hongchangPolicy } from '../../src/policy/hongchang';
import { type Backend, type BackendFactory, backends, openStore } from '../postgres/backends';
import { BATCH, casesFor, expectDecodeError, FUZZ_BUDGET } from './budget';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

const openFile = async (): Promise<EventStore> => {
  const dir = await mkdtemp(join(tmpdir(), 'fuzz-file-store-'));
  dirs.push(dir);
  const opened = await openFileEventStore(dir, { durability: 'os' });
  if (E.isLeft(opened)) throw new Error(`cannot open a file store: ${opened.left._tag}`);
  return opened.right;
};

const pgBackends: Promise<Backend>[] = [];
afterAll(async () => {
  // Closing a backend drops the schemas its stores were given.
  for (const backend of pgBackends) await (await backend).close();
});

/** A PostgreSQL store in a schema of its own, on one backend opened for this file. */
const openPostgres = (factory: BackendFactory): (() => Promise<EventStore>) => {
  let backend: Promise<Backend> | undefined;
  return async () => {
    if (backend === undefined) {
      backend = factory.open();
      pgBackends.push(backend);
    }
    const b = await backend;
    return openStore(b.options(b.freshSchema()));
  };
};

/**
 * Every adapter gets the same fuzzing, each with its share of the budget (a bad input never
 * reaches the disk or the database, so every store costs about what the memory store does).
 * PostgreSQL runs on PGlite always, and on the server too when PG_TEST_URL is set.
 */
const ADAPTERS: readonly {
  readonly name: string;
  readonly share: number;
  readonly open: () => Promise<EventStore>;
}[] = [
  { name: 'memory', share: 0.6, open: async () => createMemoryEventStore() },
  { name: 'file', share: 0.2, open: openFile },
  ...backends.map((factory) => ({
    name: `postgres (${factory.name})`,
    share: 0.2,
    open: openPostgres(factory),
  })),
];

const readEverything = async (store: EventStore): Promise<StoredEvent[]> => {
  const all: StoredEvent[] = [];
  for await (const batch of store.readAll()) {
    if (E.isLeft(batch)) throw new Error(batch.left._tag);
    all.push(...batch.right);
  }
  return all;
};

/** A store holding a few complaints' histories, so that bad appends meet existing streams. */
const seeded = async (open: () => Promise<EventStore>) => {
  const store = await open();
  const lives = fc.sample(
    arbitraries.lifecycle(hongchangPolicy, { complaintId: fc.constantFrom('C-1', 'C-2') }),
    {
      numRuns: 2,
      seed: 9,
    },
  );
  for (const [i, life] of lives.entries()) {
    const stored = toStoredEvents(life.events, { complaintId: `C-${i + 1}` });
    const r = await store.append(
      stored[0]!.streamId,
      stored.map(({ type, data, schemaVersion }) => ({ type, data, schemaVersion })),
      { expectedVersion: 'no_stream' },
    );
    if (E.isLeft(r)) throw new Error(`seeding failed: ${r.left._tag}`);
  }
  return store;
};

describe.each(ADAPTERS)('fuzzing append on the $name store', ({ open, share }) => {
  const cases = casesFor(FUZZ_BUDGET.append * share);
  it('bad append input is a DecodeError naming the field, and the store is unchanged', async () => {
    const store = await seeded(open);
    const before = await readEverything(store);
    let appended = 0;
    const sub = store.subscribe((events) => {
      appended += events.length;
    });
    let seen = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(arbitraries.badAppend(), { minLength: BATCH, maxLength: BATCH }),
        async (bad) => {
          for (const { input, path, change } of bad) {
            seen++;
            const result = await store.append(
              input.streamId as string,
              input.events as never,
              input.options as never,
            );
            expectDecodeError(result, path, change);
          }
          expect(appended).toBe(0);
        },
      ),
      { numRuns: cases },
    );
    sub.unsubscribe();
    expect(seen).toBeGreaterThanOrEqual(cases * BATCH);
    expect(await readEverything(store)).toEqual(before);
    for (const streamId of ['complaint-C-1', 'complaint-C-2', 'complaint-C-3', 'fuzz-stream']) {
      const version = await store.streamVersion(streamId);
      expect(version).toEqual(E.right(before.filter((e) => e.streamId === streamId).length));
    }
    await store.close();
  });
});
