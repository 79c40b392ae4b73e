import * as E from 'fp-ts/Either';
import EventEmitter from 'eventemitter3';
import type { StoredEvent } from '../store/envelope';
import { describeStoreError, type ReadError } from '../store/errors';
import type { EventStore, StoreSubscription } from '../store/port';

/** What a runner drives: a fold over stored events in global order. */
export interface Projection<Err> {
  /** Global position of the last event applied (0: none). */
  readonly position: number;
  /** Apply one event; an error stops the runner. */
  apply(event: StoredEvent): Err | undefined;
}

/** The projection refused an event: the runner stops there rather than skip it. */
export interface ProjectionFailed<Err> {
  readonly _tag: 'ProjectionFailed';
  readonly position: number;
  readonly error: Err;
}

export type RunnerError<Err> = ReadError | ProjectionFailed<Err>;

/** A runner's (or a replay's) failure in one line; `describe` words the projection's refusal. */
export const describeRunnerError = <Err>(
  error: RunnerError<Err>,
  describe: (refusal: Err) => string,
): string =>
  error._tag === 'ProjectionFailed' ? describe(error.error) : describeStoreError(error);

export type RunnerState = 'idle' | 'catchingUp' | 'live' | 'stopped' | 'failed';

export interface RunnerEvents<Err> {
  /** Events just applied, in order (catch-up batches and live batches alike). */
  applied: [events: readonly StoredEvent[]];
  /** Catch-up finished at this position; live following starts. */
  caughtUp: [position: number];
  /** The runner stopped on an error. */
  failed: [error: RunnerError<Err>];
}

export interface ProjectionRunnerOptions<Err> {
  readonly store: EventStore;
  readonly projection: Projection<Err>;
  /** Events per readAll batch while catching up. */
  readonly batchSize?: number;
}

export interface ProjectionRunner<Err> extends EventEmitter<RunnerEvents<Err>> {
  readonly state: RunnerState;
  /** Global position of the last event applied. */
  readonly position: number;
  /**
   * Catch up from the projection's position with readAll, then follow new events through the
   * store's subscription. Resolves once caught up (live following goes on), or with the error
   * that stopped it.
   */
  start(): Promise<E.Either<RunnerError<Err>, number>>;
  /** Resolves when the projection has applied everything up to `position`, or the runner stopped. */
  waitFor(position: number): Promise<void>;
  /** Stop following. Idempotent. */
  stop(): void;
}

class Runner<Err> extends EventEmitter<RunnerEvents<Err>> implements ProjectionRunner<Err> {
  private current: RunnerState = 'idle';
  private subscription: StoreSubscription | null = null;
  /** Live batches that arrived while catching up; applied (without repeats) after. */
  private buffered: (readonly StoredEvent[])[] = [];
  private waiters: { position: number; resolve: () => void }[] = [];

  constructor(private readonly options: ProjectionRunnerOptions<Err>) {
    super();
  }

  get state(): RunnerState {
    return this.current;
  }

  get position(): number {
    return this.options.projection.position;
  }

  private fail(error: RunnerError<Err>): E.Either<RunnerError<Err>, number> {
    this.current = 'failed';
    this.subscription?.unsubscribe();
    this.subscription = null;
    this.releaseAll();
    this.emit('failed', error);
    return E.left(error);
  }

  /** Apply the events not applied yet; an event at or before the position is a repeat. */
  private applyBatch(events: readonly StoredEvent[]): RunnerError<Err> | undefined {
    const { projection } = this.options;
    const applied: StoredEvent[] = [];
    let failure: RunnerError<Err> | undefined;
    for (const event of events) {
      if (event.globalPosition <= projection.position) continue;
      const error = projection.apply(event);
      if (error !== undefined) {
        failure = { _tag: 'ProjectionFailed', position: event.globalPosition, error };
        break;
      }
      applied.push(event);
    }
    if (applied.length > 0) {
      this.emit('applied', applied);
      this.release();
    }
    return failure;
  }

  /** Waiters learn of a stop or failure from `state`; they are not left hanging. */
  private releaseAll(): void {
    const all = this.waiters;
    this.waiters = [];
    for (const w of all) w.resolve();
  }

  private release(): void {
    const position = this.options.projection.position;
    if (!this.waiters.some((w) => w.position <= position)) return;
    const ready = this.waiters.filter((w) => w.position <= position);
    this.waiters = this.waiters.filter((w) => w.position > position);
    for (const w of ready) w.resolve();
  }

  async start(): Promise<E.Either<RunnerError<Err>, number>> {
    if (this.current !== 'idle') return E.right(this.position);
    this.current = 'catchingUp';
    const { store, projection, batchSize } = this.options;
    // Subscribe before reading, so that nothing appended meanwhile falls between the two.
    this.subscription = store.subscribe((events) => {
      if (this.current === 'catchingUp') this.buffered.push(events);
      else if (this.current === 'live') {
        const error = this.applyBatch(events);
        if (error !== undefined) this.fail(error);
      }
    });
    const read =
      batchSize === undefined
        ? { after: projection.position }
        : { after: projection.position, batchSize };
    for await (const batch of store.readAll(read)) {
      if (this.current !== 'catchingUp') return E.right(this.position);
      if (E.isLeft(batch)) return this.fail(batch.left);
      const error = this.applyBatch(batch.right);
      if (error !== undefined) return this.fail(error);
    }
    if (this.current !== 'catchingUp') return E.right(this.position);
    const pending = this.buffered;
    this.buffered = [];
    for (const events of pending) {
      const error = this.applyBatch(events);
      if (error !== undefined) return this.fail(error);
    }
    this.current = 'live';
    this.emit('caughtUp', this.position);
    return E.right(this.position);
  }

  waitFor(position: number): Promise<void> {
    if (this.options.projection.position >= position) return Promise.resolve();
    if (this.current === 'stopped' || this.current === 'failed') return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ position, resolve }));
  }

  stop(): void {
    if (this.current === 'stopped' || this.current === 'failed') return;
    this.current = 'stopped';
    this.subscription?.unsubscribe();
    this.subscription = null;
    this.buffered = [];
    this.releaseAll();
  }
}

/**
 * Run a projection over a store: catch up from where the projection stands, then follow live.
 * Its state once caught up, and after every live batch, equals a rebuild from the whole log.
 */
export const createProjectionRunner = <Err>(
  options: ProjectionRunnerOptions<Err>,
): ProjectionRunner<Err> => new Runner(options);
