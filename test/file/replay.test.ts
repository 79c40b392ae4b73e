import * as fs from 'node:fs';
import * as path from 'node:path';
import * as fc from 'fast-check';
import * as E from 'fp-ts/Either';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { replayFileStore } from '../../adapters/file';
import { createMemoryEventStore } from '../../adapters/memory';
import { centreEventToNew } from '../../src/centre/codec';
import { centreStreamId } from '../../src/centre/events';
import type { NoteFold } from '../../src/projection/note-fold';
import { describeRunnerError } from '../../src/projection/runner';
import { ScoringProjection } from '../../src/scoring/projection';
import { SlaProjection } from '../../src/sla/projection';
import type { StoredEvent } from '../../src/store/envelope';
import { scaledRuns } from '../../src/testing/index';
import { projected, projectedSla } from '../replay/projections';
import { historyArb } from '../sla/arbitraries';
import {
  framesOf,
  openStore,
  readEverything,
  removeTempDirs,
  right,
  segmentFiles,
  tempDir,
} from './helpers';

afterAll(removeTempDirs);

type Fold = SlaProjection | ScoringProjection;

/** Store `events` as given: same ids, streams, types and recorded times, one append each. */
const storeOf = async (events: readonly StoredEvent[], segmentBytes: number) => {
  let now = 0;
  const store = await openStore(tempDir('replay'), {
    durability: 'os',
    segmentBytes,
    clock: () => new Date(now),
  });
  for (const e of events) {
    now = Date.parse(e.recordedAt);
    right(
      await store.append(
        e.streamId,
        [
          {
            eventId: e.eventId,
            type: e.type,
            data: e.data,
            schemaVersion: e.schemaVersion,
            metadata: e.metadata,
          },
        ],
        { expectedVersion: e.streamVersion - 1 },
      ),
    );
  }
  return store;
};

/** What a fold holds, in terms a test can compare. */
const snapshot = (fold: Fold) => {
  const sla = fold instanceof ScoringProjection ? fold.sla : fold;
  const records = [...sla.complaints()].map((r) => ({
    complaintId: r.complaintId,
    centre: r.centre,
    complaintClass: r.complaintClass,
    channel: r.channel,
    summary: r.summary,
    repeatOf: r.repeatOf,
    responsibleDepartment: r.responsibleDepartment,
    facts: r.facts,
  }));
  return {
    position: fold.position,
    eventCount: fold.eventCount,
    records,
    projected: fold instanceof ScoringProjection ? projected(fold.sla, fold) : projectedSla(fold),
  };
};

/** Apply events one by one, as a runner does; the first refusal stops it. */
const applyInline = (fold: NoteFold<unknown>, events: readonly StoredEvent[]) => {
  for (const e of events) {
    const error = fold.apply(e);
    if (error !== undefined) return { position: e.globalPosition, error };
  }
  return undefined;
};

/** Events of other streams a complaint log may hold: a centre's, and a stranger's. */
const withOthers = (events: readonly StoredEvent[], every: number): StoredEvent[] => {
  const out: StoredEvent[] = [];
  let centreVersion = 0;
  let strangerVersion = 0;
  events.forEach((e, i) => {
    out.push(e);
    if (i % every !== every - 1) return;
    const centre = i % 2 === 0;
    const data = centre
      ? centreEventToNew({
          type: 'CentreRegistered',
          data: { centre: 'centre-1', at: e.recordedAt, name: `Centre ${i}` },
        }).data
      : { note: `n${i}` };
    out.push({
      ...e,
      eventId: `00000000-0000-7000-9000-${String(i + 1).padStart(12, '0')}`,
      streamId: centre ? centreStreamId('centre-1') : 'stranger-1',
      streamVersion: centre ? ++centreVersion : ++strangerVersion,
      type: centre ? 'CentreRegistered' : 'StrangerNoted',
      schemaVersion: 1,
      data,
    });
  });
  return out;
};

/** The same events with one complaint event's time made unreadable. */
const damaged = (events: readonly StoredEvent[], pick: number): StoredEvent[] => {
  const complaints = events.flatMap((e, i) => (e.streamId.startsWith('complaint-') ? [i] : []));
  const at = complaints[pick % complaints.length]!;
  return events.map((e, i) => (i === at ? { ...e, data: { ...e.data, at: 'not a time' } } : e));
};

describe('replayFileStore', () => {
  it(
    'gives the projection, and the refusal, of applying the same events one by one',
    { timeout: 120_000 },
    async () => {
      await fc.assert(
        fc.asyncProperty(
          historyArb(),
          fc.record({
            scoring: fc.boolean(),
            spanEvents: fc.integer({ min: 1, max: 9 }),
            readers: fc.integer({ min: 1, max: 3 }),
            segmentBytes: fc.integer({ min: 1500, max: 6000 }),
            othersEvery: fc.integer({ min: 2, max: 12 }),
            applied: fc.nat(),
            damage: fc.option(fc.nat(), { nil: undefined }),
          }),
          async (history, o) => {
            let events = withOthers(history.events, o.othersEvery).map((e, i) => ({
              ...e,
              globalPosition: i + 1,
            }));
            if (o.damage !== undefined) events = damaged(events, o.damage);
            const store = await storeOf(events, o.segmentBytes);
            try {
              const stored = await readEverything(store);
              const make = (): Fold => (o.scoring ? new ScoringProjection() : new SlaProjection());
              const expected = make();
              const refusal = applyInline(expected, stored);

              const actual = make();
              // Part of the log applied already: the replay starts after it, mid-segment.
              const before = stored.slice(0, o.applied % (stored.length + 1));
              const early = applyInline(actual, before);
              const replayed =
                early === undefined
                  ? await replayFileStore(store, actual, { ...o, turns: 'from-start' })
                  : undefined;
              if (refusal === undefined) {
                expect(replayed !== undefined && E.isRight(replayed)).toBe(true);
                if (replayed !== undefined && E.isRight(replayed)) {
                  expect(replayed.right.position).toBe(stored.length);
                  // More than a span to read: the worker read the second.
                  if (stored.length - before.length > o.spanEvents)
                    expect(replayed.right.readOnWorker).toBeGreaterThan(0);
                }
              } else if (early === undefined)
                expect(replayed).toEqual(E.left({ _tag: 'ProjectionFailed', ...refusal }));
              else expect(early).toEqual(refusal);
              expect(snapshot(actual)).toEqual(snapshot(expected));
            } finally {
              await store.close();
            }
          },
        ),
        // Each run starts a worker: shrinking a failure is given a minute, then reported.
        { numRuns: scaledRuns(12), interruptAfterTimeLimit: 60_000, markInterruptAsFailure: true },
      );
    },
  );
});

describe('replayFileStore, examples', () => {
  const notes = (n: number): StoredEvent[] =>
    Array.from({ length: n }, (_, i) => ({
      eventId: `00000000-0000-7000-8000-${String(i + 1).padStart(12, '0')}`,
      streamId: `stranger-${i % 3}`,
      streamVersion: Math.floor(i / 3) + 1,
      globalPosition: i + 1,
      type: 'StrangerNoted',
      schemaVersion: 1,
      recordedAt: '2026-03-02T01:30:00.000Z',
      metadata: {},
      data: { n: i },
    }));

  // Spans of 4 events: event 3 lies in the first span, which this thread reads; event 31 in
  // span 8, which with two readers a worker reads (they read every span after the first).
  // A flipped payload byte fails the span's CRC; a flipped length byte makes its frames
  // not add up: either way the span is read again frame by frame, as readAll reads it.
  it.each([
    { victim: 2, readers: 1, at: 'payload', reader: 'this thread' },
    { victim: 2, readers: 1, at: 'length', reader: 'this thread' },
    { victim: 30, readers: 2, at: 'payload', reader: 'a worker' },
    { victim: 30, readers: 2, at: 'length', reader: 'a worker' },
  ] as const)('names damage to a frame $at that $reader reads, as readAll does, after folding what came before', async ({
    victim: n,
    readers,
    at,
  }) => {
    const store = await storeOf(notes(40), 100_000);
    const dir = store.directory;
    await store.close();
    const file = segmentFiles(dir)[0]!;
    const victim = framesOf(file)[n]!;
    const bytes = fs.readFileSync(file);
    bytes[at === 'payload' ? victim.offset + victim.length - 10 : victim.offset + 1]! ^= 0xff;
    fs.writeFileSync(file, bytes);
    const reopened = await openStore(dir, { verifyOnOpen: 'tail' });
    try {
      let readAllError: unknown;
      for await (const batch of reopened.readAll()) if (E.isLeft(batch)) readAllError = batch.left;
      const projection = new SlaProjection();
      const replayed = await replayFileStore(reopened, projection, {
        spanEvents: 4,
        turns: 'from-start',
        readers,
      });
      expect(replayed).toEqual(E.left(readAllError));
      expect(readAllError).toMatchObject({
        _tag: 'CorruptStorage',
        location: `${path.basename(file)} at byte ${victim.offset}`,
      });
      expect(projection.position).toBe(n);
      if (E.isLeft(replayed))
        expect(describeRunnerError(replayed.left, () => 'refused')).toContain(
          `${path.basename(file)} at byte ${victim.offset}`,
        );
    } finally {
      await reopened.close();
    }
  });

  // A worker is stopped in place of being handed the `killAt`-th span given out: every span
  // it was given after what it sent is read on this thread, and the fold ends as the
  // one-by-one. A lone worker is given the second and fourth spans before any is folded;
  // with two, the workers are given every span after the first.
  it.each([
    { killAt: 1, readers: 1 },
    { killAt: 2, readers: 1 },
    { killAt: 4, readers: 2 },
  ])('reads here what a worker that died was given ($readers reader(s), killed at span $killAt given)', async ({
    killAt,
    readers,
  }) => {
    // A history long enough for the worker to be given several spans.
    const history = fc
      .sample(historyArb(), { numRuns: 50, seed: 11 + killAt })
      .find((h) => h.events.length >= 30)!;
    const events = withOthers(history.events, 5).map((e, i) => ({ ...e, globalPosition: i + 1 }));
    const store = await storeOf(events, 4000);
    const post = Worker.prototype.postMessage;
    let given = 0;
    const spy = vi.spyOn(Worker.prototype, 'postMessage').mockImplementation(function (
      this: Worker,
      message: unknown,
      transfer?: Parameters<Worker['postMessage']>[1],
    ) {
      if (++given === killAt) void this.terminate();
      else post.call(this, message, transfer);
    });
    try {
      const stored = await readEverything(store);
      const expected = new ScoringProjection();
      expect(applyInline(expected, stored)).toBeUndefined();
      const actual = new ScoringProjection();
      const replayed = await replayFileStore(store, actual, {
        spanEvents: 3,
        turns: 'from-start',
        readers,
      });
      expect(given).toBeGreaterThanOrEqual(killAt);
      expect(replayed).toMatchObject(E.right({ events: stored.length, position: stored.length }));
      // A lone worker read at most the spans it was given before it was stopped.
      if (readers === 1)
        expect(E.isRight(replayed) && replayed.right.readOnWorker).toBeLessThanOrEqual(
          3 * (killAt - 1),
        );
      expect(snapshot(actual)).toEqual(snapshot(expected));
    } finally {
      spy.mockRestore();
      await store.close();
    }
  });

  it("words a projection's refusal as the caller words it", () => {
    const refusal = { _tag: 'ProjectionFailed', position: 3, error: 'no' } as const;
    expect(describeRunnerError(refusal, (e) => `refused: ${e}`)).toBe('refused: no');
  });

  it('refuses options it does not know, naming the field', async () => {
    const store = await storeOf(notes(3), 100_000);
    try {
      const replayed = await replayFileStore(store, new SlaProjection(), {
        spanEvents: 0,
      });
      expect(E.isLeft(replayed) && replayed.left).toMatchObject({
        _tag: 'DecodeError',
        problems: expect.arrayContaining([
          { path: 'spanEvents', expected: 'an integer from 1 to 1,048,576', actual: 0 },
        ]),
      });
    } finally {
      await store.close();
    }
  });

  it('reads any store inline; the worker reader wants a file store', async () => {
    const memory = createMemoryEventStore();
    for (const e of notes(5))
      right(
        await memory.append(e.streamId, [{ type: e.type, data: e.data }], {
          expectedVersion: e.streamVersion - 1,
        }),
      );
    const projection = new ScoringProjection();
    expect(await replayFileStore(memory, projection, { reader: 'inline' })).toEqual(
      E.right({ events: 5, readOnWorker: 0, position: 5 }),
    );
    const refused = await replayFileStore(memory, new ScoringProjection());
    expect(E.isLeft(refused) && refused.left).toMatchObject({ _tag: 'StorageFailure' });
  });

  it('goes on from where the projection stands, and reads what was appended since', async () => {
    const store = await storeOf(notes(30), 1500);
    try {
      const projection = new SlaProjection();
      const told: number[] = [];
      const first = await replayFileStore(store, projection, {
        spanEvents: 3,
        turns: 'from-start',
        onProgress: (position) => told.push(position),
      });
      expect(first).toMatchObject(E.right({ events: 30, position: 30 }));
      // The first span is this thread's; of the rest, the worker read its turns.
      const onWorker = E.isRight(first) ? first.right.readOnWorker : 0;
      expect(onWorker).toBeGreaterThan(0);
      expect(onWorker).toBeLessThanOrEqual(27);
      // Told after every span at least, in order, up to the end.
      expect(told.length).toBeGreaterThanOrEqual(10);
      expect([...told].sort((a, b) => a - b)).toEqual(told);
      expect(told[told.length - 1]).toBe(30);
      for (let i = 0; i < 7; i++)
        right(await store.append('stranger-9', [{ type: 'X', data: {} }], { expectedVersion: i }));
      const second = await replayFileStore(store, projection, {
        spanEvents: 3,
        turns: 'from-start',
      });
      expect(second).toMatchObject(E.right({ events: 7, position: 37 }));
      expect(E.isRight(second) && second.right.readOnWorker).toBeGreaterThan(0);
      expect(projection.eventCount).toBe(37);
    } finally {
      await store.close();
    }
  });
});
