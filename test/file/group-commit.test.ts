import * as E from 'fp-ts/Either';
import { afterAll, describe, expect, test } from 'vitest';
import { openFileEventStore } from '../../adapters/file';
import type { StoredEvent } from '../../src/store/envelope';
import {
  ev,
  framesOf,
  left,
  openStore,
  readEverything,
  removeTempDirs,
  right,
  segmentFiles,
  tempDir,
} from './helpers';

afterAll(removeTempDirs);

/** Frames written by one write share the durable-before their write started from. */
const writesOf = (dir: string): number => {
  const frames = segmentFiles(dir).flatMap((file) =>
    framesOf(file).map((f) => `${file}:${f.durableBefore}`),
  );
  return new Set(frames).size;
};

describe('group commit', () => {
  test('256 concurrent appends to different streams share one write and one sync', async () => {
    const dir = tempDir('group');
    const store = await openStore(dir);
    const results = await Promise.all(
      Array.from({ length: 256 }, (_, i) =>
        store.append(`stream-${i}`, [ev(i)], { expectedVersion: 'no_stream' }),
      ),
    );
    // In call order, positions 1..256.
    expect(results.map((r) => right(r).lastPosition)).toEqual(
      Array.from({ length: 256 }, (_, i) => i + 1),
    );
    await store.close();
    expect(writesOf(dir)).toBe(1);
  });

  test('appends that arrive while a write is under way share the next one', async () => {
    const dir = tempDir('waves');
    const store = await openStore(dir);
    const appender = async (n: number): Promise<void> => {
      let version = 0;
      for (let k = 0; k < 20; k++)
        version = right(
          await store.append(`a-${n}`, [ev(k)], { expectedVersion: version }),
        ).nextExpectedVersion;
    };
    await Promise.all(Array.from({ length: 32 }, (_, n) => appender(n)));
    await store.close();
    // 640 appends from 32 appenders waiting on each other's writes: about 20 writes.
    expect(writesOf(dir)).toBeLessThanOrEqual(40);
  });

  test('within one group, expected versions are checked in order and the order is kept', async () => {
    const dir = tempDir('pipelined');
    const store = await openStore(dir);
    // Fifty appends to one stream issued at once, each expecting the one before it.
    const pipelined = Array.from({ length: 50 }, (_, v) =>
      store.append('one', [ev(v)], { expectedVersion: v }),
    );
    // Two appends racing for the same version of another stream.
    const racers = [
      store.append('race', [ev(1)], { expectedVersion: 0 }),
      store.append('race', [ev(2)], { expectedVersion: 0 }),
    ];
    const done = await Promise.all(pipelined);
    expect(done.map((r) => right(r).nextExpectedVersion)).toEqual(
      Array.from({ length: 50 }, (_, v) => v + 1),
    );
    const [won, lost] = await Promise.all(racers);
    expect(right(won!).nextExpectedVersion).toBe(1);
    // The loser is told a version it can read: the winner's, once durable.
    expect(left(lost!)).toEqual({
      _tag: 'WrongExpectedVersion',
      streamId: 'race',
      expected: 0,
      actual: 1,
    });
    expect(right(await store.readStream('race'))).toHaveLength(1);
    const one = right(await store.readStream('one'));
    expect(one.map((e) => e.data.n)).toEqual(Array.from({ length: 50 }, (_, v) => v));
    await store.close();
  });

  test('an append is not visible to readers or subscribers before it is durable, and each is published once, in order', async () => {
    const dir = tempDir('visible');
    const store = await openStore(dir);
    const seen: StoredEvent[] = [];
    store.subscribe((batch) => seen.push(...batch));
    const pending = store.append('s', [ev(1), ev(2)], { expectedVersion: 0 });
    // Asked before the write (in the same synchronous code): accepted, not yet visible.
    const versionBefore = store.streamVersion('s');
    const readBefore = store.readStream('s');
    expect(seen).toEqual([]);
    expect(right(await versionBefore)).toBe(0);
    expect(right(await readBefore)).toEqual([]);
    const appended = right(await pending);
    expect(seen).toEqual(appended.events);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        store.append(`t-${i % 4}`, [ev(i)], { expectedVersion: 'any' }),
      ),
    );
    expect(seen.map((e) => e.globalPosition)).toEqual(Array.from({ length: 22 }, (_, i) => i + 1));
    expect(await readEverything(store)).toEqual(seen);
    await store.close();
  });

  test('the same event id retried while its first append is still being written answers as the first', async () => {
    const dir = tempDir('retry-pending');
    const store = await openStore(dir);
    const eventId = '0190a5d4-3c2b-7a00-8000-000000000001';
    const [first, retry] = await Promise.all([
      store.append('s', [ev(1, { eventId })], { expectedVersion: 0 }),
      store.append('s', [ev(1, { eventId })], { expectedVersion: 0 }),
    ]);
    expect(right(retry!)).toEqual(right(first!));
    expect(right(await store.streamVersion('s'))).toBe(1);
    await store.close();
  });

  test("durability 'os' keeps the same order and survives a reopen", async () => {
    const dir = tempDir('os');
    const store = await openStore(dir, { durability: 'os' });
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        store.append(`s-${i % 5}`, [ev(i)], { expectedVersion: 'any' }),
      ),
    );
    const stored = results.flatMap((r) => right(r).events);
    await store.close();
    const again = await openStore(dir);
    expect(await readEverything(again)).toEqual(stored);
    await again.close();
  });
});

describe('options', () => {
  test('bad options are a DecodeError naming the option', async () => {
    const dir = tempDir('options');
    const paths = async (options: object) => {
      const result = await openFileEventStore(dir, options as never);
      const error = left(result);
      return error._tag === 'DecodeError' ? error.problems.map((p) => p.path) : [error._tag];
    };
    expect(await paths({ segmentBytes: 10 })).toEqual(['segmentBytes']);
    expect(await paths({ durability: 'fsync' })).toEqual(['durability']);
    expect(await paths({ lock: 'steal' })).toEqual(['lock']);
    expect(await paths({ clock: 'now' })).toEqual(['clock']);
  });

  test('recordedAt comes from the injected clock and ids from the injected generator; a bad one is refused', async () => {
    const dir = tempDir('clock');
    let n = 0;
    const store = await openStore(dir, {
      clock: () => new Date('2026-03-02T01:30:00.000Z'),
      newEventId: () =>
        ++n === 3 ? 'not-a-uuid' : `00000000-0000-7000-8000-${String(n).padStart(12, '0')}`,
    });
    const first = right(await store.append('s', [ev(1), ev(2)], { expectedVersion: 0 }));
    expect(first.events.map((e) => [e.eventId, e.recordedAt])).toEqual([
      ['00000000-0000-7000-8000-000000000001', '2026-03-02T01:30:00.000Z'],
      ['00000000-0000-7000-8000-000000000002', '2026-03-02T01:30:00.000Z'],
    ]);
    const refused = left(await store.append('s', [ev(3)], { expectedVersion: 2 }));
    expect(refused._tag === 'DecodeError' && refused.problems[0]!.path).toBe('events[0].eventId');
    expect(right(await store.streamVersion('s'))).toBe(2);
    await store.close();
    const reopened = await openStore(dir);
    expect(E.isRight(await reopened.readStream('s'))).toBe(true);
    await reopened.close();
  });
});
