import EventEmitter from 'eventemitter3';
import { produce } from 'immer';
import type { StoredEvent } from '../store/envelope';
import type { SlaClock } from './clock';
import type { SlaContext } from './context';
import { evaluateComplaint } from './evaluate';
import type { ComplaintRecord, SlaProjection } from './projection';

/** The transitions a workflow escalates on (催办). */
export type SlaTransition = 'atRisk' | 'breached' | 'met';

export interface SlaNotification {
  /** `<clock id>#<transition>`: fired at most once, ever. */
  readonly key: string;
  readonly transition: SlaTransition;
  /** When the transition happened (at-risk instant, missed due time, stop). */
  readonly at: number;
  /** When the notifier noticed it; later than `at` after a restart or a late event. */
  readonly firedAt: number;
  readonly clock: SlaClock;
}

/** The notifier's sense of time: inject a fake one in tests. */
export interface NotifierClock {
  now(): number;
}

/** How the notifier waits for the next transition: inject a fake one in tests. */
export interface NotifierTimer {
  set(callback: () => void, delayMs: number): unknown;
  clear(handle: unknown): void;
}

/**
 * Where the notifier keeps what it fired, so that a restart neither repeats nor forgets a
 * transition. Keys are recorded before the notifications are emitted: a crash between the
 * two loses those notifications rather than repeating them.
 */
export interface NotifierCheckpoint {
  load(): Promise<readonly string[]>;
  record(keys: readonly string[]): Promise<void>;
}

/** A checkpoint in memory; share one between notifier instances to model a restart. */
export const memoryCheckpoint = (): NotifierCheckpoint & { readonly keys: readonly string[] } => {
  const keys: string[] = [];
  return {
    keys,
    load: () => Promise.resolve([...keys]),
    record: (more) => {
      keys.push(...more);
      return Promise.resolve();
    },
  };
};

export const systemClock: NotifierClock = { now: () => Date.now() };

/** setTimeout, capped at the longest delay Node accepts and not keeping the process alive. */
export const systemTimer: NotifierTimer = {
  set: (callback, delayMs) => {
    const handle = setTimeout(callback, Math.min(Math.max(0, delayMs), 2_147_483_647));
    handle.unref?.();
    return handle;
  },
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface NotifierEvents {
  atRisk: [notification: SlaNotification];
  breached: [notification: SlaNotification];
  met: [notification: SlaNotification];
  /** Every notification, whatever its transition. */
  notification: [notification: SlaNotification];
  /** The checkpoint failed; the notifications were not emitted and will be retried. */
  error: [error: unknown];
}

export interface SlaNotifierOptions {
  readonly projection: SlaProjection;
  readonly context: SlaContext;
  readonly clock?: NotifierClock;
  readonly timer?: NotifierTimer;
  readonly checkpoint?: NotifierCheckpoint;
}

/** What the notifier has fired and when it next wakes; updated with immer. */
interface NotifierState {
  readonly fired: Readonly<Record<string, number>>;
  readonly wakeAt: number | null;
}

/** The transitions a clock has gone through by `now`. */
const transitionsOf = (clock: SlaClock, now: number): [SlaTransition, number][] => {
  const out: [SlaTransition, number][] = [];
  if (clock.startedAt === null) return out;
  const runningUntil = Math.min(
    clock.stoppedAt ?? now,
    clock.cancelled?.at ?? Number.POSITIVE_INFINITY,
    now,
  );
  const stillRunning = clock.stoppedAt === null && clock.cancelled === null;
  if (
    clock.atRiskAt !== null &&
    (clock.atRiskAt < runningUntil || (stillRunning && clock.atRiskAt <= now))
  )
    out.push(['atRisk', clock.atRiskAt]);
  if (clock.breached && clock.breachedAt !== null) out.push(['breached', clock.breachedAt]);
  if (clock.state === 'met' && clock.stoppedAt !== null) out.push(['met', clock.stoppedAt]);
  return out;
};

/** The next instant a running clock changes by time alone (becomes at risk, or breaches). */
const nextChange = (clock: SlaClock, now: number): number | null => {
  // A paused clock's due moves with time: only the end of the wait (an event) changes it.
  if (clock.state !== 'running' || clock.dueAt === null || clock.paused) return null;
  if (clock.atRiskAt !== null && clock.atRiskAt > now) return clock.atRiskAt;
  return clock.dueAt + 1;
};

export interface SlaNotifier extends EventEmitter<NotifierEvents> {
  /**
   * Load the checkpoint, fire every transition that happened while no notifier ran (once),
   * and start waiting for the next one.
   */
  start(): Promise<void>;
  /** Re-evaluate the complaints these events touched (wire to a runner's `applied`). */
  eventsApplied(events: readonly StoredEvent[]): Promise<void>;
  /** Re-evaluate every watched complaint now (the timer calls this). */
  tick(): Promise<void>;
  stop(): void;
  /** Keys fired so far (this run and before). */
  readonly fired: ReadonlySet<string>;
  /** When the notifier next wakes by itself (null: only an event can change anything). */
  readonly wakeAt: number | null;
}

class Notifier extends EventEmitter<NotifierEvents> implements SlaNotifier {
  private state: NotifierState = { fired: {}, wakeAt: null };
  private handle: unknown = null;
  private running = false;
  /**
   * Complaints with a running clock (only they change as time passes), with the next
   * instant one of their clocks changes by time alone (null: only an event can change it).
   */
  private readonly watched = new Map<ComplaintRecord, number | null>();
  /** One evaluation at a time: checkpoint writes are awaited in order. */
  private queue: Promise<void> = Promise.resolve();
  private readonly clock: NotifierClock;
  private readonly timer: NotifierTimer;
  private readonly checkpoint: NotifierCheckpoint;

  constructor(private readonly options: SlaNotifierOptions) {
    super();
    this.clock = options.clock ?? systemClock;
    this.timer = options.timer ?? systemTimer;
    this.checkpoint = options.checkpoint ?? memoryCheckpoint();
  }

  get fired(): ReadonlySet<string> {
    return new Set(Object.keys(this.state.fired));
  }

  private serial(work: () => Promise<void>): Promise<void> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => {});
    return next;
  }

  async start(): Promise<void> {
    if (this.running) return;
    const keys = await this.checkpoint.load();
    this.state = produce(this.state, (draft) => {
      for (const key of keys) draft.fired[key] ??= 0;
    });
    this.running = true;
    await this.serial(() => this.evaluate(this.options.projection.complaints()));
  }

  eventsApplied(events: readonly StoredEvent[]): Promise<void> {
    if (!this.running) return Promise.resolve();
    const records = new Set<ComplaintRecord>();
    for (const e of events) {
      const record = this.options.projection.stream(e.streamId);
      if (record !== undefined) records.add(record);
    }
    return this.serial(() => this.evaluate(records));
  }

  tick(): Promise<void> {
    if (!this.running) return Promise.resolve();
    return this.serial(() => this.evaluate([...this.watched.keys()]));
  }

  stop(): void {
    this.running = false;
    if (this.handle !== null) this.timer.clear(this.handle);
    this.handle = null;
  }

  private async evaluate(records: Iterable<ComplaintRecord>): Promise<void> {
    if (!this.running) return;
    const now = this.clock.now();
    const { context } = this.options;
    const fresh: SlaNotification[] = [];
    const seen = new Set<string>();
    for (const record of records) {
      const sla = evaluateComplaint(context, record, now);
      if (sla === null) continue;
      let running = false;
      let next: number | null = null;
      for (const clock of sla.clocks) {
        if (clock.state === 'running') running = true;
        const change = nextChange(clock, now);
        if (change !== null && (next === null || change < next)) next = change;
        for (const [transition, at] of transitionsOf(clock, now)) {
          const key = `${clock.id}#${transition}`;
          if (Object.hasOwn(this.state.fired, key) || seen.has(key)) continue;
          seen.add(key);
          fresh.push({ key, transition, at, firedAt: now, clock });
        }
      }
      if (running) this.watched.set(record, next);
      else this.watched.delete(record);
    }
    if (fresh.length > 0) {
      fresh.sort((a, b) => a.at - b.at || a.key.localeCompare(b.key));
      try {
        await this.checkpoint.record(fresh.map((n) => n.key));
      } catch (error) {
        this.emit('error', error);
        this.schedule(now, now + 1_000);
        return;
      }
      this.state = produce(this.state, (draft) => {
        for (const n of fresh) draft.fired[n.key] = n.firedAt;
      });
      for (const n of fresh) {
        this.emit(n.transition, n);
        this.emit('notification', n);
      }
    }
    this.schedule(now);
  }

  /** Wake at the next time-driven change of any watched complaint. */
  private schedule(now: number, retryAt?: number): void {
    if (!this.running) return;
    let wakeAt = retryAt ?? null;
    for (const at of this.watched.values())
      if (at !== null && (wakeAt === null || at < wakeAt)) wakeAt = at;
    if (this.handle !== null) this.timer.clear(this.handle);
    this.handle = null;
    this.state = produce(this.state, (draft) => {
      draft.wakeAt = wakeAt;
    });
    if (wakeAt !== null)
      this.handle = this.timer.set(
        () => {
          this.handle = null;
          void this.tick();
        },
        Math.max(0, wakeAt - now),
      );
  }

  /** When the notifier next wakes by itself (null: only an event can change anything). */
  get wakeAt(): number | null {
    return this.state.wakeAt;
  }
}

/**
 * Notify workflows when a clock becomes at risk, is breached or is met — as time passes
 * (an injectable clock and timer) and as events arrive (`eventsApplied`). Each transition
 * fires once; after a restart with the same checkpoint, the transitions that happened while
 * it was down fire once, with their original `at`.
 */
export const createSlaNotifier = (options: SlaNotifierOptions): SlaNotifier =>
  new Notifier(options);
