import * as E from 'fp-ts/Either';
import type { StoredEvent } from '../../src/store/envelope';
import { describeStoreError, type ReadError } from '../../src/store/errors';
import type { AppendedListener, StoreSubscription } from '../../src/store/port';
import type { ListenerErrorHandler } from '../../src/store/subscribers';
import { POSITION_SHIFT } from './schema';
import type { StopListening } from './sql-client';

export interface Batch {
  /** The horizon the batch was read below. */
  readonly bound: number;
  readonly events: readonly StoredEvent[];
}

/** The positions of one append, first to last. */
export interface Range {
  readonly first: number;
  readonly last: number;
}

export interface FollowerDeps {
  /** Events after `after` and below this moment's horizon, at most `limit`. */
  readonly read: (after: number, limit: number) => Promise<E.Either<ReadError, Batch>>;
  /** Start LISTEN; undefined when the store does not listen. */
  readonly listen:
    | ((
        onWake: (payload: string) => void,
        onLost: (error: unknown) => void,
      ) => Promise<StopListening>)
    | undefined;
  /** The highest horizon the store has seen: where a new subscriber starts. */
  readonly horizon: () => number;
  /**
   * This store's appends acknowledged so far that may lie above the horizon, by position:
   * committed before the subscriber came, so not for it.
   */
  readonly acknowledged: () => readonly Range[];
  readonly observe: (bound: number) => void;
  readonly pollIntervalMs: number;
  readonly batchSize: number;
  readonly onListenerError: ListenerErrorHandler;
  /** Told when reading fails; the follower keeps trying, it never skips. */
  readonly onReadError: (error: ReadError) => void;
}

interface Entry {
  readonly listener: AppendedListener;
  /** The position this subscriber has been given everything up to. */
  after: number;
  /** This store's appends made before the subscriber came, sorted; dropped once passed. */
  exclude: Range[];
  active: boolean;
}

const FIRST_RETRY_MS = 5;

/** The events of one append share their transaction, the high part of their positions. */
const transactionOf = (e: StoredEvent): number => Math.floor(e.globalPosition / POSITION_SHIFT);

/**
 * Where the last transaction of a batch begins (0 when the batch is all one): the batch
 * limit may have cut it, so it is read again whole.
 */
const startOfLastTransaction = (events: readonly StoredEvent[]): number => {
  const tx = transactionOf(events[events.length - 1]!);
  let cut = events.length;
  while (cut > 0 && transactionOf(events[cut - 1]!) === tx) cut--;
  return cut;
};

/**
 * Follows the log for this store's subscribers: one reader for all of them, woken by
 * NOTIFY from any process, by this process's own appends, and by a timer as the fallback.
 *
 * It reads only below the horizon (see README.md), so it delivers every event in global
 * order, once each, and never passes an event whose transaction is still open. A new
 * subscriber starts at the highest horizon the store has observed, which is at or below
 * the horizon of the moment it subscribed, less this store's own appends acknowledged
 * before it came: it gets every event committed after it subscribed, and possibly events
 * other processes committed just before, which were not yet below the horizon. Together
 * with readAll (every event committed before its call), "subscribe, then catch up with
 * readAll, skipping positions already seen" leaves no gap.
 */
export class Follower {
  private readonly entries = new Set<Entry>();
  /** The highest position known to exist (from wake-ups): poll soon while it is unread. */
  private target = 0;
  private woken = false;
  private wakeUp: (() => void) | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private stopListening: StopListening | undefined;
  private listening = false;

  constructor(private readonly deps: FollowerDeps) {}

  subscribe(listener: AppendedListener): StoreSubscription {
    if (this.stopped) return { unsubscribe: () => {} };
    const after = Math.max(0, this.deps.horizon() - 1);
    const exclude = this.deps
      .acknowledged()
      .filter((r) => r.last > after)
      .sort((a, b) => a.first - b.first);
    const entry: Entry = { listener, after, exclude, active: true };
    this.entries.add(entry);
    if (this.running === undefined) this.running = this.loop();
    return {
      unsubscribe: () => {
        if (!entry.active) return;
        entry.active = false;
        this.entries.delete(entry);
        this.wake();
      },
    };
  }

  /** Something was appended, up to `position` when known. */
  wake(position?: number): void {
    if (position !== undefined && position > this.target) this.target = position;
    this.woken = true;
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const entry of this.entries) entry.active = false;
    this.entries.clear();
    this.wake();
    await this.running;
  }

  private async loop(): Promise<void> {
    let retryMs = FIRST_RETRY_MS;
    let limit = this.deps.batchSize;
    try {
      while (!this.stopped && this.entries.size > 0) {
        if (!this.listening) await this.startListening();
        this.woken = false;
        let from = Number.POSITIVE_INFINITY;
        for (const entry of this.entries) from = Math.min(from, entry.after);
        const read = await this.deps.read(from, limit);
        if (E.isLeft(read)) {
          if (read.left._tag === 'StoreClosed') return;
          this.deps.onReadError(read.left);
          await this.sleep(this.deps.pollIntervalMs);
          continue;
        }
        const { bound, events } = read.right;
        this.deps.observe(bound);
        const full = events.length === limit;
        if (full) {
          // Subscribers get whole appends: keep the last transaction back, it may go on.
          const cut = startOfLastTransaction(events);
          if (cut === 0) {
            // One transaction larger than a batch: read it whole.
            limit = POSITION_SHIFT;
            continue;
          }
          this.deliver(events.slice(0, cut));
        } else this.deliver(events);
        limit = this.deps.batchSize;
        if (full) continue;
        // Everything below the bound has been read: no subscriber needs it again.
        for (const entry of this.entries) {
          entry.after = Math.max(entry.after, bound - 1);
          while (entry.exclude.length > 0 && entry.exclude[0]!.last <= entry.after)
            entry.exclude.shift();
        }
        if (this.woken) continue;
        if (this.target >= bound) {
          // A known event is still above the horizon: an older transaction is open.
          await this.sleep(Math.min(retryMs, this.deps.pollIntervalMs));
          retryMs *= 2;
        } else {
          retryMs = FIRST_RETRY_MS;
          await this.sleep(this.deps.pollIntervalMs);
        }
      }
    } finally {
      await this.quitListening();
      this.running = undefined;
      // A subscriber that arrived while the loop was ending still needs one.
      if (!this.stopped && this.entries.size > 0) this.running = this.loop();
    }
  }

  /**
   * Each append as one batch, to each subscriber. An append is the events of one
   * transaction and one stream: a group commit puts several appends in one transaction,
   * each to its own stream, at consecutive positions.
   */
  private deliver(events: readonly StoredEvent[]): void {
    let start = 0;
    while (start < events.length) {
      const tx = transactionOf(events[start]!);
      const stream = events[start]!.streamId;
      let end = start + 1;
      while (
        end < events.length &&
        transactionOf(events[end]!) === tx &&
        events[end]!.streamId === stream
      )
        end++;
      this.deliverAppend(start === 0 && end === events.length ? events : events.slice(start, end));
      start = end;
    }
  }

  private deliverAppend(events: readonly StoredEvent[]): void {
    const last = events[events.length - 1]!.globalPosition;
    for (const entry of [...this.entries]) {
      if (!entry.active || entry.after >= last) continue;
      const fresh = this.freshFor(entry, events);
      entry.after = last;
      if (fresh.length === 0) continue;
      try {
        entry.listener(fresh);
      } catch (error) {
        try {
          this.deps.onListenerError(error, fresh);
        } catch {
          // A failing error handler must not stop delivery to the others.
        }
      }
    }
  }

  /** The events of the batch this subscriber has not had and did not precede. */
  private freshFor(entry: Entry, events: readonly StoredEvent[]): readonly StoredEvent[] {
    const { after, exclude } = entry;
    if (exclude.length === 0 && after < events[0]!.globalPosition) return events;
    const fresh: StoredEvent[] = [];
    for (const e of events) {
      const p = e.globalPosition;
      if (p <= after) continue;
      while (exclude.length > 0 && exclude[0]!.last < p) exclude.shift();
      if (exclude.length > 0 && exclude[0]!.first <= p) continue;
      fresh.push(e);
    }
    return fresh;
  }

  private sleep(ms: number): Promise<void> {
    if (this.woken || this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      timer.unref?.();
      this.wakeUp = done;
    });
  }

  private async startListening(): Promise<void> {
    const listen = this.deps.listen;
    if (listen === undefined) return;
    this.listening = true;
    // The read that follows covers what was committed while LISTEN was being set up.
    try {
      this.stopListening = await listen(
        (payload) => {
          const position = Number(payload);
          this.wake(Number.isSafeInteger(position) ? position : undefined);
        },
        () => {
          // Polling carries on; the next round listens again.
          this.listening = false;
          this.stopListening = undefined;
          this.wake();
        },
      );
    } catch {
      this.listening = false;
    }
  }

  private async quitListening(): Promise<void> {
    const stop = this.stopListening;
    this.stopListening = undefined;
    this.listening = false;
    if (stop !== undefined) await stop().catch(() => {});
  }
}

/** The default for read failures while following: a process warning, once per failure. */
export const warnReadError = (error: ReadError): void => {
  process.emitWarning(
    `an event store subscription could not read: ${describeStoreError(error)}`,
    'EventStoreSubscriptionError',
  );
};
