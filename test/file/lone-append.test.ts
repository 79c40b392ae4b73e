import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { afterAll, afterEach, describe, expect, test, vi } from 'vitest';
import { ev, left, openStore, readEverything, removeTempDirs, right, tempDir } from './helpers';

afterAll(removeTempDirs);
afterEach(() => {
  vi.restoreAllMocks();
  syncBuiltinESMExports();
});

/** Make every fdatasyncSync and fdatasync fail from now on, as a dying disk would. */
const failSyncs = (): void => {
  const error = Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' });
  vi.spyOn(fs, 'fdatasyncSync').mockImplementation(() => {
    throw error;
  });
  vi.spyOn(fs, 'fdatasync').mockImplementation(((_fd: number, callback: (e: unknown) => void) =>
    callback(error)) as typeof fs.fdatasync);
  // The store imports node:fs as an ES module: copy the mocks into its named exports.
  syncBuiltinESMExports();
};

describe('a lone append (written synchronously) and a group, when the disk fails', () => {
  test('a lone append whose sync fails is refused, nothing after it is taken, and what was acknowledged stays', async () => {
    const dir = tempDir('lone-fail');
    const store = await openStore(dir);
    right(await store.append('s', [ev(0)], { expectedVersion: 'no_stream' }));
    const published: number[] = [];
    store.subscribe((events) => published.push(...events.map((e) => e.globalPosition)));
    failSyncs();
    const failed = left(await store.append('s', [ev(1)], { expectedVersion: 1 }));
    expect(failed._tag).toBe('StorageFailure');
    // Never durable, so never indexed, read or published.
    expect(right(await store.streamVersion('s'))).toBe(1);
    expect(published).toEqual([]);
    expect(left(await store.append('t', [ev(2)], { expectedVersion: 'no_stream' }))._tag).toBe(
      'StorageFailure',
    );
    vi.restoreAllMocks();
    syncBuiltinESMExports();
    await store.close();
    // The refused event may or may not have reached the disk; the acknowledged one did.
    const reopened = await openStore(dir);
    const kept = (await readEverything(reopened)).map((e) => e.data.n);
    expect(kept[0]).toBe(0);
    expect(kept.length).toBeLessThanOrEqual(2);
    await reopened.close();
  });

  test('a group whose sync fails refuses every append in it', async () => {
    const dir = tempDir('group-fail');
    const store = await openStore(dir);
    failSyncs();
    const results = await Promise.all(
      [0, 1, 2].map((i) => store.append(`s-${i}`, [ev(i)], { expectedVersion: 'no_stream' })),
    );
    expect(results.map((r) => left(r)._tag)).toEqual([
      'StorageFailure',
      'StorageFailure',
      'StorageFailure',
    ]);
    vi.restoreAllMocks();
    syncBuiltinESMExports();
    await store.close();
  });
});

test('input whose getter throws rejects the returned promise, as an async function would', async () => {
  const store = await openStore(tempDir('getter'));
  const event = {
    type: 'T',
    get data(): never {
      throw new Error('getter');
    },
  };
  const appended = store.append('s', [event as never], { expectedVersion: 'any' });
  await expect(appended).rejects.toThrow('getter');
  await store.close();
});

test('appends made while a lone append is being written see it: its stream version, its event ids, a conflict with it', async () => {
  const store = await openStore(tempDir('after-lone'));
  const eventId = '0190a5d4-3c2b-7a00-8000-0000000000aa';
  const first = store.append('s', [ev(1, { eventId })], { expectedVersion: 'no_stream' });
  // Issued before the first is durable: they must still be judged after it.
  const next = store.append('s', [ev(2)], { expectedVersion: 1 });
  const conflict = store.append('s', [ev(3)], { expectedVersion: 'no_stream' });
  const retry = store.append('s', [ev(1, { eventId })], { expectedVersion: 'no_stream' });
  const elsewhere = store.append('t', [ev(1, { eventId })], { expectedVersion: 'no_stream' });
  expect(right(await first).nextExpectedVersion).toBe(1);
  expect(right(await next).nextExpectedVersion).toBe(2);
  expect(left(await conflict)).toEqual({
    _tag: 'WrongExpectedVersion',
    streamId: 's',
    expected: 'no_stream',
    actual: 2,
  });
  expect(right(await retry)).toEqual(right(await first));
  expect(left(await elsewhere)).toEqual({
    _tag: 'DuplicateEventId',
    streamId: 't',
    eventIds: [eventId],
  });
  expect(right(await store.readStream('s')).map((e) => e.data.n)).toEqual([1, 2]);
  await store.close();
});

test('an append refused after some of its frames were built leaves nothing behind: the next append and a reopen read clean', async () => {
  const dir = tempDir('refused-midway');
  let n = 0;
  const store = await openStore(dir, {
    // The fifth id is refused: the second event of the second append.
    newEventId: () =>
      ++n === 5 ? 'not-a-uuid' : `00000000-0000-7000-8000-${String(n).padStart(12, '0')}`,
  });
  right(await store.append('s', [ev(1), ev(2), ev(3)], { expectedVersion: 'no_stream' }));
  const refused = left(await store.append('s', [ev(4), ev(5), ev(6)], { expectedVersion: 3 }));
  expect(refused._tag === 'DecodeError' && refused.problems[0]!.path).toBe('events[1].eventId');
  right(await store.append('s', [ev(7)], { expectedVersion: 3 }));
  const expected = [1, 2, 3, 7];
  expect(right(await store.readStream('s')).map((e) => e.data.n)).toEqual(expected);
  await store.close();
  const reopened = await openStore(dir);
  expect((await readEverything(reopened)).map((e) => e.data.n)).toEqual(expected);
  expect(reopened.openReport.truncatedTails).toEqual([]);
  await reopened.close();
});
