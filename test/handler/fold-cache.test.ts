import * as E from 'fp-ts/Either';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { createMemoryEventStore } from '../../adapters/memory';
import { fromStoredEvent } from '../../src/complaint/codec';
import { evolve } from '../../src/complaint/evolve';
import { type ComplaintState, initialState } from '../../src/complaint/state';
import { complaintStreamId } from '../../src/complaint/vocabulary';
import { createCommandHandler } from '../../src/handler/handler';
import { hongchangPolicy } from '../../src/policy/hongchang';
import type { EventStore } from '../../src/store/port';
import { arbitraries } from '../../src/testing/arbitraries';

/** The state from scratch: every stored event decoded and folded, no cache involved. */
const freshState = async (store: EventStore, complaintId: string): Promise<ComplaintState> => {
  const read = await store.readStream(complaintStreamId(complaintId));
  if (E.isLeft(read)) throw new Error(read.left._tag);
  let state = initialState;
  for (const stored of read.right) {
    const decoded = fromStoredEvent(stored);
    if (E.isLeft(decoded)) throw new Error(decoded.left.message);
    state = evolve(state, decoded.right);
  }
  return state;
};

describe('command handler fold cache', () => {
  test('two handlers on one store, interleaved, always see the state a full replay gives', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(arbitraries.commandSequence(hongchangPolicy), { minLength: 1, maxLength: 3 }),
        fc.array(fc.record({ sequence: fc.nat(), handler: fc.boolean() }), { maxLength: 80 }),
        async (sequences, schedule) => {
          const store = createMemoryEventStore();
          const handlers = [
            createCommandHandler({ store, policy: hongchangPolicy }),
            createCommandHandler({ store, policy: hongchangPolicy }),
          ] as const;
          const queues = sequences.map((s) => [...s]);
          // The schedule picks which complaint moves next and which handler takes it; the
          // rest run afterwards, in order.
          const order = [
            ...schedule.map((s) => ({ queue: s.sequence % queues.length, handler: s.handler })),
            ...queues.flatMap((q, i) => q.map(() => ({ queue: i, handler: false }))),
          ];
          for (const step of order) {
            const command = queues[step.queue]!.shift();
            if (command === undefined) continue;
            const result = await handlers[step.handler ? 1 : 0].handle(command);
            if (E.isRight(result))
              expect(result.right.state).toEqual(await freshState(store, command.complaintId));
          }
          const ids = new Set(sequences.flat().map((c) => c.complaintId));
          for (const id of ids) {
            const expected = await freshState(store, id);
            for (const handler of handlers) {
              const loaded = await handler.load(id);
              if (E.isLeft(loaded)) throw new Error(loaded.left._tag);
              expect(loaded.right.state).toEqual(expected);
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  test('a store handing out fresh, unfrozen envelopes is folded in full every time', async () => {
    const inner = createMemoryEventStore();
    // Copies break identity: the cache must never answer for them.
    const copying: EventStore = {
      ...inner,
      readStream: async (streamId, options) =>
        E.map((events: readonly unknown[]) => events.map((e) => structuredClone(e)))(
          await inner.readStream(streamId, options),
        ) as never,
    };
    const handler = createCommandHandler({ store: copying, policy: hongchangPolicy });
    const [sequence] = fc.sample(arbitraries.lifecycle(hongchangPolicy), { numRuns: 1, seed: 7 });
    for (const command of sequence!.commands) {
      const result = await handler.handle(command);
      if (E.isLeft(result)) throw new Error(result.left._tag);
      expect(result.right.state).toEqual(await freshState(inner, command.complaintId));
    }
  });

  test('commands racing on one complaint through one handler: reads from before a sibling stored its event fold in full', async () => {
    await fc.assert(
      fc.asyncProperty(
        arbitraries.lifecycle(hongchangPolicy),
        fc.integer({ min: 2, max: 4 }),
        async ({ commands }, width) => {
          const store = createMemoryEventStore();
          const handler = createCommandHandler({ store, policy: hongchangPolicy });
          const complaintId = commands[0]!.complaintId;
          // Commands in groups started together: each group's reads all see the stream
          // before any of them appends, so all but one meet a version conflict and retry.
          for (let i = 0; i < commands.length; i += width) {
            const results = await Promise.all(
              commands.slice(i, i + width).map((c) => handler.handle(c)),
            );
            const fresh = await freshState(store, complaintId);
            const loaded = await handler.load(complaintId);
            if (E.isLeft(loaded)) throw new Error(loaded.left._tag);
            expect(loaded.right.state).toEqual(fresh);
            for (const r of results)
              if (E.isRight(r))
                expect(r.right.streamVersion).toBeLessThanOrEqual(loaded.right.version);
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  test('a read taken before a later event was stored is folded as it is, not from the newer state', async () => {
    const inner = createMemoryEventStore();
    // Reads take their events at once but answer only after the test lets them.
    const gates: (() => void)[] = [];
    const slow: EventStore = {
      ...inner,
      readStream: async (streamId, options) => {
        const read = await inner.readStream(streamId, options);
        await new Promise<void>((resolve) => gates.push(resolve));
        return read;
      },
    };
    const handler = createCommandHandler({ store: slow, policy: hongchangPolicy });
    const [sequence] = fc.sample(arbitraries.lifecycle(hongchangPolicy), { numRuns: 1, seed: 11 });
    const [first, second, ...rest] = sequence!.commands;
    const handled = async (command: (typeof rest)[number]) => {
      const result = handler.handle(command);
      while (gates.length === 0) await Promise.resolve();
      gates.shift()!();
      return result;
    };
    await handled(first!);
    // A load reads now, before the second command is stored, and folds only after it is.
    const stale = handler.load(first!.complaintId);
    while (gates.length === 0) await Promise.resolve();
    const staleGate = gates.shift()!;
    const stored = await handled(second!);
    if (E.isLeft(stored)) throw new Error(stored.left._tag);
    staleGate();
    const loaded = await stale;
    if (E.isLeft(loaded)) throw new Error(loaded.left._tag);
    expect(loaded.right.version).toBe(1);
    let state = initialState;
    for (const e of loaded.right.stored) {
      const decoded = fromStoredEvent(e);
      if (E.isLeft(decoded)) throw new Error(decoded.left.message);
      state = evolve(state, decoded.right);
    }
    expect(loaded.right.state).toEqual(state);
    // The handler carries on from the newer state for the next command.
    for (const command of rest) {
      const result = await handled(command);
      if (E.isLeft(result)) throw new Error(result.left._tag);
      expect(result.right.state).toEqual(await freshState(inner, command.complaintId));
    }
  });
});
