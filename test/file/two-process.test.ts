import { afterAll, describe, expect, test } from 'vitest';
import { openFileEventStore, openFileEventStoreReader } from '../../adapters/file';
import type { StoredEvent } from '../../src/store/envelope';
import { startWriter } from './fixtures/child';
import { ev, left, openStore, readEverything, removeTempDirs, right, tempDir } from './helpers';

afterAll(removeTempDirs);

/** The checks a reader's view must pass at any moment: whole, in order, no gaps. */
const expectWholeLog = (events: readonly StoredEvent[]): void => {
  const versions = new Map<string, number>();
  events.forEach((e, i) => {
    expect(e.globalPosition).toBe(i + 1);
    const version = (versions.get(e.streamId) ?? 0) + 1;
    expect(e.streamVersion).toBe(version);
    versions.set(e.streamId, version);
  });
};

describe('two processes on one store', () => {
  test('while another process writes: a second writer is refused, a reader sees only whole appends and, in the end, all of them', async () => {
    const dir = tempDir('two');
    const writer = await startWriter(dir, { count: 15_000 });
    const pid = await writer.ready;

    const refused = left(await openFileEventStore(dir));
    expect(refused).toMatchObject({ _tag: 'StoreLocked' });
    expect((refused as { message: string }).message).toContain(`process ${pid}`);

    const reader = right(await openFileEventStoreReader(dir, { pollIntervalMs: 2 }));
    const heard: StoredEvent[] = [];
    reader.subscribe((batch) => heard.push(...batch));
    let looks = 0;
    let sawGrowth = false;
    let previous = 0;
    const exit = writer.exited;
    let running = true;
    void exit.then(() => {
      running = false;
    });
    while (running) {
      const view = await readEverything(reader);
      expectWholeLog(view);
      // Each append of the writer is 1-3 events of one stream: never seen in part.
      if (view.length > previous && previous > 0) sawGrowth = true;
      previous = view.length;
      looks++;
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
    expect((await exit).code).toBe(0);
    expect(looks).toBeGreaterThan(1);
    expect(sawGrowth).toBe(true);

    const final = await readEverything(reader);
    expectWholeLog(final);
    expect(final.map((e) => e.eventId)).toEqual(
      [...writer.acks].sort((a, b) => a.globalPosition - b.globalPosition).map((a) => a.eventId),
    );
    // Subscribed while the writer ran: told of every later event once, in order.
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(heard.length).toBeGreaterThan(0);
    expect(heard).toEqual(final.slice(final.length - heard.length));
    await reader.close();

    // The writer closed cleanly: its lock is gone, and this process may write.
    const store = await openStore(dir);
    expect(store.openReport).toEqual({
      truncatedTails: [],
      rebuiltIndexes: [],
      tookOverLockFrom: undefined,
    });
    right(await store.append('parent', [ev(1)], { expectedVersion: 0 }));
    await store.close();
  }, 60_000);

  test('while this process writes, a writer in another process is refused with StoreLocked', async () => {
    const dir = tempDir('held');
    const store = await openStore(dir);
    const child = await startWriter(dir, { count: 10, lock: 'fail' });
    const exit = await child.exited;
    expect(exit.code).toBe(1);
    expect(child.stderr()).toContain(`is held by running process ${process.pid}`);
    expect(child.acks).toEqual([]);
    await store.close();
  });
});
