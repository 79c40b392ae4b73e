import * as E from 'fp-ts/Either';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMemoryEventStore } from '../../adapters/memory/index';
import { createCommandHandler } from '../../src/handler/handler';
import { hongchangPolicy } from '../../src/policy/hongchang';
import type { StoredEvent } from '../../src/store/envelope';
import type { EventStore } from '../../src/store/port';
import { arbitraries } from '../../src/testing/index';
import { BATCH, casesFor, expectDecodeError, FUZZ_BUDGET } from './budget';

const readEverything = async (store: EventStore): Promise<StoredEvent[]> => {
  const all: StoredEvent[] = [];
  for await (const batch of store.readAll()) {
    if (E.isLeft(batch)) throw new Error(batch.left._tag);
    all.push(...batch.right);
  }
  return all;
};

describe('fuzzing the command handler', () => {
  it('bad caller input to handleUnknown is a DecodeError naming the field, and nothing is stored', async () => {
    const store = createMemoryEventStore();
    const handler = createCommandHandler({ store, policy: hongchangPolicy });
    // Complaints already under way, so that bad commands aimed at them meet real streams.
    for (const life of fc.sample(arbitraries.lifecycle(hongchangPolicy), { numRuns: 3, seed: 5 }))
      for (const command of life.commands) {
        const r = await handler.handle(command);
        if (E.isLeft(r)) throw new Error(`seeding failed: ${r.left._tag}`);
      }
    const before = await readEverything(store);
    let appended = 0;
    const sub = store.subscribe((events) => {
      appended += events.length;
    });
    const bad = fc.oneof(
      { weight: 4, arbitrary: arbitraries.badCommand() },
      {
        weight: 1,
        arbitrary: arbitraries.junk().map((input) => ({ input, path: undefined, change: 'junk' })),
      },
    );
    let seen = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(bad, { minLength: BATCH, maxLength: BATCH }), async (inputs) => {
        for (const { input, path, change } of inputs) {
          seen++;
          expectDecodeError(await handler.handleUnknown(input), path, change);
        }
        expect(appended).toBe(0);
      }),
      { numRuns: casesFor(FUZZ_BUDGET.handler) },
    );
    sub.unsubscribe();
    expect(seen).toBeGreaterThanOrEqual(casesFor(FUZZ_BUDGET.handler) * BATCH);
    expect(await readEverything(store)).toEqual(before);
  });

  it('well-formed commands the decider refuses end in a typed rejection and store nothing', async () => {
    const store = createMemoryEventStore();
    const handler = createCommandHandler({ store, policy: hongchangPolicy });
    await fc.assert(
      fc.asyncProperty(arbitraries.commandSequence(hongchangPolicy), async (commands) => {
        for (const command of commands) {
          const id = `complaint-${command.complaintId}`;
          const version = await store.streamVersion(id);
          const result = await handler.handleUnknown(JSON.parse(JSON.stringify(command)));
          if (E.isRight(result)) continue;
          expect(result.left._tag).toBe('ComplaintRejected');
          expect(await store.streamVersion(id)).toEqual(version);
        }
      }),
      { numRuns: 100 },
    );
  });
});
