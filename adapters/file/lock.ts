import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import type { StorageFailure, StoreLocked } from '../../src/store/errors';
import { failedTo } from './corrupt';
import { LOCK_FILE } from './layout';

/** What a lock file says about the process holding the store. */
const LockOwner = t.type({
  pid: t.number,
  host: t.string,
  /** The process's start time as the kernel tells it (Linux), to see through pid reuse. */
  startTime: t.union([t.string, t.null]),
  token: t.string,
  acquiredAt: t.string,
});
type LockOwner = t.TypeOf<typeof LockOwner>;

export interface LockOptions {
  /** `fail`: refuse at once when another live process holds the store; `wait`: wait for it. */
  readonly mode: 'fail' | 'wait';
  /** With `wait`: give up after this long (default: never). */
  readonly timeoutMs?: number;
  /** With `wait`: how often to look again. */
  readonly pollMs?: number;
}

export interface HeldLock {
  /** Set when the lock of a process that died was taken over: its pid. */
  readonly tookOverFrom: number | undefined;
  release(): Promise<void>;
}

/** A lock file whose content cannot be read yet may be one being written: give it this long. */
const UNREADABLE_GRACE_MS = 2_000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Field 22 of /proc/<pid>/stat: when the process started, in clock ticks since boot. */
const processStartTime = (pid: number): string | null => {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'latin1');
    // The command name (field 2) is in parentheses and may hold spaces: split after it.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? null;
  } catch {
    return null;
  }
};

type Liveness = 'alive' | 'dead' | 'unknown host';

const liveness = (owner: LockOwner): Liveness => {
  if (owner.host !== os.hostname()) return 'unknown host';
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'ESRCH' ? 'dead' : 'alive';
  }
  if (owner.startTime === null) return 'alive';
  const now = processStartTime(owner.pid);
  // Same pid, other start time: the holder died and its pid went to a new process.
  return now === null || now === owner.startTime ? 'alive' : 'dead';
};

type ReadOwner =
  | { readonly kind: 'gone' }
  | { readonly kind: 'owner'; readonly owner: LockOwner; readonly bytes: Buffer }
  | { readonly kind: 'unreadable'; readonly ageMs: number; readonly bytes: Buffer };

const readOwner = (file: string): ReadOwner => {
  let bytes: Buffer;
  let mtimeMs: number;
  try {
    bytes = fs.readFileSync(file);
    mtimeMs = fs.statSync(file).mtimeMs;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'gone' };
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch {
    return { kind: 'unreadable', ageMs: Date.now() - mtimeMs, bytes };
  }
  const decoded = LockOwner.decode(parsed);
  return E.isRight(decoded)
    ? { kind: 'owner', owner: decoded.right, bytes }
    : { kind: 'unreadable', ageMs: Date.now() - mtimeMs, bytes };
};

const lockedMessage = (file: string, owner: LockOwner, state: Liveness): string =>
  state === 'unknown host'
    ? `${file} is held by process ${owner.pid} on host ${owner.host} (since ${owner.acquiredAt}); ` +
      'this host cannot tell whether it is still running — if it is not, delete the lock file'
    : `${file} is held by running process ${owner.pid} (since ${owner.acquiredAt})`;

/**
 * Remove a stale lock file, but only if it still holds `staleBytes`: takeovers go through a
 * second file created exclusively, so that two processes taking over the same stale lock
 * cannot remove the lock the faster of them has just made.
 */
const takeOver = (file: string, staleBytes: Buffer): void => {
  const guard = `${file}.takeover`;
  let fd: number;
  try {
    fd = fs.openSync(guard, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    // Another process is taking over; if it died doing so, its guard is old: clear it.
    try {
      if (Date.now() - fs.statSync(guard).mtimeMs > UNREADABLE_GRACE_MS) fs.unlinkSync(guard);
    } catch {
      // Gone meanwhile: fine.
    }
    return;
  }
  try {
    fs.writeSync(fd, String(process.pid));
    fs.closeSync(fd);
    let current: Buffer | undefined;
    try {
      current = fs.readFileSync(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (current?.equals(staleBytes)) fs.unlinkSync(file);
  } finally {
    fs.unlinkSync(guard);
  }
};

/**
 * Take the store's writer lock: a file created exclusively, holding this process's pid,
 * host and start time. A lock whose process is gone (no such pid on this host, or the pid
 * now belongs to a process started later) is taken over.
 */
export const acquireLock = async (
  directory: string,
  options: LockOptions,
): Promise<E.Either<StoreLocked | StorageFailure, HeldLock>> => {
  const file = path.join(directory, LOCK_FILE);
  const token = randomUUID();
  const started = Date.now();
  const pollMs = options.pollMs ?? 50;
  let tookOverFrom: number | undefined;
  for (;;) {
    try {
      const owner: LockOwner = {
        pid: process.pid,
        host: os.hostname(),
        startTime: processStartTime(process.pid),
        token,
        acquiredAt: new Date().toISOString(),
      };
      const fd = fs.openSync(file, 'wx');
      try {
        fs.writeSync(fd, JSON.stringify(owner));
      } finally {
        fs.closeSync(fd);
      }
      return E.right({ tookOverFrom, release: () => releaseLock(file, token) });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST')
        return E.left(failedTo(`create the lock file ${file}`, error));
    }
    let current: ReadOwner;
    try {
      current = readOwner(file);
    } catch (error) {
      return E.left(failedTo(`read the lock file ${file}`, error));
    }
    if (current.kind === 'gone') continue;
    if (current.kind === 'unreadable' && current.ageMs < UNREADABLE_GRACE_MS) {
      await sleep(20);
      continue;
    }
    const state = current.kind === 'owner' ? liveness(current.owner) : 'dead';
    if (state === 'dead') {
      try {
        takeOver(file, current.bytes);
      } catch (error) {
        return E.left(failedTo(`take over the stale lock file ${file}`, error));
      }
      if (current.kind === 'owner') tookOverFrom = current.owner.pid;
      continue;
    }
    const owner = (current as { owner: LockOwner }).owner;
    const message = lockedMessage(file, owner, state);
    const timedOut =
      options.timeoutMs !== undefined && Date.now() - started + pollMs > options.timeoutMs;
    if (options.mode === 'fail' || timedOut)
      return E.left({
        _tag: 'StoreLocked',
        message:
          options.mode === 'fail'
            ? message
            : `${message}; gave up waiting after ${options.timeoutMs} ms`,
      });
    await sleep(pollMs);
  }
};

const releaseLock = async (file: string, token: string): Promise<void> => {
  try {
    const current = readOwner(file);
    // Only our own lock: never remove one a process took over after ours was judged stale.
    if (current.kind === 'owner' && current.owner.token === token) fs.unlinkSync(file);
  } catch {
    // Releasing is best effort: a lock left behind is taken over once this process is gone.
  }
};
