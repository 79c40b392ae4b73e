import * as E from 'fp-ts/Either';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMemoryEventStore } from '../../adapters/memory/index';
import { createProjectionRunner } from '../../src/projection/index';
import type { EventStore, StoredEvent } from '../../src/index';
import { foldSla, SlaProjection, slaPortfolio } from '../../src/sla/index';
import { historyArb } from './arbitraries';
import { ctxOf, DAY } from './helpers';

const RUNS = Number(process.env.FC_RUNS ?? 25);

/** A memory store whose clock records each event at the time the history says. */
const storeFor = () => {
  let now = new Date(0);
  const store = createMemoryEventStore({ clock: () => now });
  const append = async (e: StoredEvent) => {
    now = new Date(e.recordedAt);
    const result = await store.append(
      e.streamId,
      [{ type: e.type, data: e.data, schemaVersion: e.schemaVersion }],
      { expectedVersion: e.streamVersion - 1 },
    );
    if (E.isLeft(result)) throw new Error(JSON.stringify(result.left));
  };
  return { store, append };
};

const rebuild = async (store: EventStore): Promise<SlaProjection> => {
  const all: StoredEvent[] = [];
  for await (const batch of store.readAll({ batchSize: 7 })) {
    if (E.isLeft(batch)) throw new Error(batch.left._tag);
    all.push(...batch.right);
  }
  const folded = foldSla(all);
  if (E.isLeft(folded)) throw new Error(folded.left.cause.message);
  return folded.right;
};

describe('projection runner', () => {
  it('after catching up and following live, equals a full rebuild', async () => {
    await fc.assert(
      fc.asyncProperty(
        historyArb(),
        fc.nat(),
        fc.nat(),
        fc.integer({ min: 1, max: 9 }),
        async (g, split, during, batchSize) => {
          const { store, append } = storeFor();
          const before = split % (g.events.length + 1);
          const whileCatchingUp = Math.min(during % 4, g.events.length - before);
          for (const e of g.events.slice(0, before)) await append(e);

          const projection = new SlaProjection();
          const runner = createProjectionRunner({ store, projection, batchSize });
          // Appends that land while the runner is still reading the log.
          const extra = g.events.slice(before, before + whileCatchingUp);
          let injected = false;
          runner.on('applied', () => {
            if (injected || runner.state !== 'catchingUp') return;
            injected = true;
            for (const e of extra) void append(e);
          });
          const started = await runner.start();
          expect(E.isRight(started)).toBe(true);
          const rest = g.events.slice(before + (injected ? whileCatchingUp : 0));
          for (const e of rest) await append(e);
          await runner.waitFor(g.events.length);
          expect(runner.state).toBe('live');

          const ctx = ctxOf(g.policy);
          const now = g.last + DAY;
          const rebuilt = await rebuild(store);
          expect(projection.position).toBe(rebuilt.position);
          expect(projection.eventCount).toBe(g.events.length);
          expect(slaPortfolio(ctx, projection, now)).toEqual(slaPortfolio(ctx, rebuilt, now));
          runner.stop();
          await store.close();
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('stops on an event the projection cannot read, naming its position', async () => {
    const { store } = storeFor();
    await store.append(
      'complaint-X',
      [{ type: 'ComplaintReceived', data: { at: 'yesterday' }, schemaVersion: 1 }],
      { expectedVersion: 'no_stream' },
    );
    const runner = createProjectionRunner({ store, projection: new SlaProjection() });
    const failures: unknown[] = [];
    runner.on('failed', (e) => failures.push(e));
    const result = await runner.start();
    expect(E.isLeft(result) && result.left._tag).toBe('ProjectionFailed');
    if (E.isLeft(result) && result.left._tag === 'ProjectionFailed') {
      expect(result.left.position).toBe(1);
      expect(result.left.error.cause.problems.map((p) => p.path)).toContain('data.at');
    }
    expect(runner.state).toBe('failed');
    expect(failures).toHaveLength(1);
  });

  it('resumes from the projection position without re-applying', async () => {
    const { store, append } = storeFor();
    const g = fc.sample(historyArb(), { seed: 7, numRuns: 1 })[0]!;
    for (const e of g.events) await append(e);
    const projection = new SlaProjection();
    const first = createProjectionRunner({ store, projection });
    await first.start();
    first.stop();
    const seen: number[] = [];
    const second = createProjectionRunner({ store, projection });
    second.on('applied', (events) => seen.push(...events.map((e) => e.globalPosition)));
    await second.start();
    expect(seen).toEqual([]);
    expect(projection.eventCount).toBe(g.events.length);
  });
});
