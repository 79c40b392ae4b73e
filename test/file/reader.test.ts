import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { openFileEventStoreReader } from '../../adapters/file';
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

const openReader = async (dir: string, pollIntervalMs = 5) =>
  right(await openFileEventStoreReader(dir, { pollIntervalMs }));

const waitFor = async (check: () => boolean, what: string): Promise<void> => {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > 5000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

describe('the read-only store', () => {
  test('reads what the writer appended after it opened, across segment boundaries, and has no append', async () => {
    const dir = tempDir('reader');
    const writer = await openStore(dir, { segmentBytes: 1024 });
    right(await writer.append('s', [ev(0)], { expectedVersion: 0 }));
    const reader = await openReader(dir);
    expect('append' in reader).toBe(false);
    const stored: StoredEvent[] = [];
    for (let i = 1; i <= 30; i++)
      stored.push(...right(await writer.append('s', [ev(i)], { expectedVersion: i })).events);
    expect(segmentFiles(dir).length).toBeGreaterThan(3);
    expect(right(await reader.streamVersion('s'))).toBe(31);
    expect(right(await reader.readStream('s', { fromVersion: 2 }))).toEqual(stored);
    expect((await readEverything(reader)).slice(1)).toEqual(stored);
    await reader.close();
    await writer.close();
    expect(left(await reader.readStream('s'))).toEqual({ _tag: 'StoreClosed' });
  });

  test('a reader opened before the first segment exists sees the store once it is written', async () => {
    const dir = tempDir('empty');
    const reader = await openReader(dir);
    expect(await readEverything(reader)).toEqual([]);
    const writer = await openStore(dir);
    const appended = right(await writer.append('s', [ev(1)], { expectedVersion: 0 }));
    expect(right(await reader.readStream('s'))).toEqual(appended.events);
    await writer.close();
    await reader.close();
  });

  test('subscribers are told of new appends once each, in order, until they unsubscribe', async () => {
    const dir = tempDir('follow');
    const writer = await openStore(dir, { segmentBytes: 2048 });
    right(await writer.append('before', [ev(0)], { expectedVersion: 0 }));
    const reader = await openReader(dir);
    const seen: StoredEvent[] = [];
    const subscription = reader.subscribe((batch) => seen.push(...batch));
    const stored: StoredEvent[] = [];
    for (let i = 0; i < 25; i++)
      stored.push(
        ...right(
          await writer.append(`s-${i % 3}`, [ev(i), ev(i + 100)], { expectedVersion: 'any' }),
        ).events,
      );
    await waitFor(() => seen.length >= stored.length, 'the reader to catch up');
    expect(seen).toEqual(stored);
    subscription.unsubscribe();
    right(await writer.append('later', [ev(1)], { expectedVersion: 0 }));
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(seen).toEqual(stored);
    await writer.close();
    await reader.close();
  });

  test('bytes the writer is still writing are not read until the append they belong to is whole', async () => {
    const source = tempDir('source');
    const writer = await openStore(source);
    const first = right(await writer.append('s', [ev(1)], { expectedVersion: 0 })).events;
    const batch = right(
      await writer.append('s', [ev(2), ev(3), ev(4)], { expectedVersion: 1 }),
    ).events;
    await writer.close();
    const file = segmentFiles(source)[0]!;
    const bytes = fs.readFileSync(file);
    const start = framesOf(file)[1]!.offset;

    const dir = tempDir('partial');
    const target = path.join(dir, path.basename(file));
    fs.writeFileSync(target, bytes.subarray(0, start));
    const reader = await openReader(dir);
    // The append arrives a few bytes at a time, as a slow write would show it.
    for (let end = start + 1; end <= bytes.length; end += 13) {
      fs.appendFileSync(target, bytes.subarray(fs.statSync(target).size, end));
      expect(await readEverything(reader)).toEqual(first);
    }
    fs.appendFileSync(target, bytes.subarray(fs.statSync(target).size));
    expect(await readEverything(reader)).toEqual([...first, ...batch]);
    await reader.close();
  });

  test('a directory that does not exist is a StorageFailure', async () => {
    const result = await openFileEventStoreReader(path.join(tempDir('none'), 'missing'));
    expect(left(result)._tag).toBe('StorageFailure');
  });
});

describe('readAll', () => {
  test('a store closed between batches ends the read with StoreClosed after the batch in hand', async () => {
    const store = await openStore(tempDir('close-mid-read'));
    for (let i = 0; i < 10; i++) right(await store.append('s', [ev(i)], { expectedVersion: i }));
    const seen: unknown[] = [];
    for await (const batch of store.readAll({ batchSize: 3 })) {
      seen.push(batch);
      if (seen.length === 1) await store.close();
    }
    expect(right(seen[0] as never)).toHaveLength(3);
    expect(seen).toHaveLength(2);
    expect(left(seen[1] as never)).toEqual({ _tag: 'StoreClosed' });
  });
});
