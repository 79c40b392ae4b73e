import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { openFileEventStore } from '../../adapters/file';
import { LOCK_FILE } from '../../adapters/file/layout';
import { ev, left, openStore, removeTempDirs, right, tempDir } from './helpers';

afterAll(removeTempDirs);

/** The pid of a process that has come and gone. */
const deadPid = (): number => {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
};

const writeLock = (dir: string, owner: object | string, ageMs = 0): void => {
  const file = path.join(dir, LOCK_FILE);
  fs.writeFileSync(file, typeof owner === 'string' ? owner : JSON.stringify(owner));
  if (ageMs > 0) {
    const then = new Date(Date.now() - ageMs);
    fs.utimesSync(file, then, then);
  }
};

const owner = (pid: number, extra: object = {}) => ({
  pid,
  host: os.hostname(),
  startTime: null,
  token: 'someone-else',
  acquiredAt: '2026-01-01T00:00:00.000Z',
  ...extra,
});

describe('one writer at a time', () => {
  test('a second writer is refused with StoreLocked naming the holder, and the holder is untouched', async () => {
    const dir = tempDir('lock');
    const first = await openStore(dir);
    const refused = left(await openFileEventStore(dir));
    expect(refused).toMatchObject({ _tag: 'StoreLocked' });
    expect((refused as { message: string }).message).toContain(`running process ${process.pid}`);
    right(await first.append('s', [ev(1)], { expectedVersion: 0 }));
    await first.close();
    expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(false);
    const second = await openStore(dir);
    expect(right(await second.streamVersion('s'))).toBe(1);
    await second.close();
  });

  test("lock: 'wait' waits for the holder to close, or gives up after lockTimeoutMs", async () => {
    const dir = tempDir('wait');
    const first = await openStore(dir);
    const started = Date.now();
    const gaveUp = left(await openFileEventStore(dir, { lock: 'wait', lockTimeoutMs: 150 }));
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    expect((gaveUp as { message: string }).message).toContain('gave up waiting after 150 ms');
    const waiting = openFileEventStore(dir, { lock: 'wait' });
    setTimeout(() => void first.close(), 100);
    const second = right(await waiting);
    expect(second.openReport.tookOverLockFrom).toBeUndefined();
    await second.close();
  });
});

describe('a lock left by a process that is gone', () => {
  test('a dead pid on this host: taken over, and the report names it', async () => {
    const dir = tempDir('stale');
    const pid = deadPid();
    writeLock(dir, owner(pid));
    const store = await openStore(dir);
    expect(store.openReport.tookOverLockFrom).toBe(pid);
    await store.close();
  });

  test('a live pid with another start time (the pid was reused): taken over', async () => {
    const dir = tempDir('reused');
    writeLock(dir, owner(process.pid, { startTime: '1' }));
    const store = await openStore(dir);
    expect(store.openReport.tookOverLockFrom).toBe(process.pid);
    await store.close();
  });

  test('an unreadable lock file is taken over once it is old, never while it may be being written', async () => {
    const dir = tempDir('garbage');
    writeLock(dir, 'not json', 10_000);
    const store = await openStore(dir);
    await store.close();
    writeLock(dir, '{"pid":');
    const started = Date.now();
    const late = await openStore(dir);
    // It waited for the grace period before deciding the file was left behind.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1500);
    await late.close();
  });

  test('a lock from another host is never taken over: the message says how to clear it', async () => {
    const dir = tempDir('host');
    writeLock(dir, owner(deadPid(), { host: 'some-other-host' }));
    const refused = left(await openFileEventStore(dir));
    expect(refused).toMatchObject({ _tag: 'StoreLocked' });
    expect((refused as { message: string }).message).toMatch(
      /on host some-other-host.*delete the lock file/,
    );
    expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(true);
  });
});
