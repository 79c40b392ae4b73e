import type { Either } from 'fp-ts/Either';
import type { EventMetadata, NewEvent, StoredEvent } from './envelope';
import type { AppendError, ReadError } from './errors';
import type { ExpectedVersion } from './expected-version';

export interface AppendOptions {
  readonly expectedVersion: ExpectedVersion;
  /** Merged under each event's own metadata. */
  readonly metadata?: EventMetadata;
}

export interface AppendResult {
  /** The stream's version after the append: pass it as the next expected version. */
  readonly nextExpectedVersion: number;
  /** The global position of the last event of the batch. */
  readonly lastPosition: number;
  /** The stored envelopes, in order. On an idempotent retry, the ones stored the first time. */
  readonly events: readonly StoredEvent[];
}

export interface ReadStreamOptions {
  /** First stream version to read (1-based, inclusive). Default 1. */
  readonly fromVersion?: number;
  /** At most this many events. */
  readonly maxCount?: number;
}

export interface ReadAllOptions {
  /** Read events whose global position is strictly greater than this. Default 0 (everything). */
  readonly after?: number;
  /** Events per yielded batch. Default chosen by the adapter. */
  readonly batchSize?: number;
}

export interface StoreSubscription {
  /** Stop receiving batches. Idempotent. */
  readonly unsubscribe: () => void;
}

export type AppendedListener = (events: readonly StoredEvent[]) => void;

/**
 * The port every storage adapter implements (memory, file, PostgreSQL, yours).
 * Failures are values: every operation resolves to an Either and never rejects for an
 * expected condition (conflict, corruption, closed store, bad input).
 */
export interface EventStore {
  /**
   * Append events to one stream atomically: all are stored or none.
   * Fails with WrongExpectedVersion when the stream is not at `expectedVersion`.
   * Idempotent by event id: when every event id of the batch is already stored in this
   * stream, the call succeeds and returns the stored envelopes without writing again.
   */
  append(
    streamId: string,
    events: readonly NewEvent[],
    options: AppendOptions,
  ): Promise<Either<AppendError, AppendResult>>;

  /** Events of one stream in version order; an unknown stream reads as empty. */
  readStream(
    streamId: string,
    options?: ReadStreamOptions,
  ): Promise<Either<ReadError, readonly StoredEvent[]>>;

  /** The stream's current version (0 when it does not exist). */
  streamVersion(streamId: string): Promise<Either<ReadError, number>>;

  /**
   * Every event in global order, in batches. Each batch is an Either so that a corrupt
   * record stops the iteration with a typed error instead of a throw.
   */
  readAll(options?: ReadAllOptions): AsyncIterable<Either<ReadError, readonly StoredEvent[]>>;

  /**
   * Be told of events appended after this call, in global order, once each.
   * Used by projection runners to follow live after catching up with readAll.
   */
  subscribe(listener: AppendedListener): StoreSubscription;

  /** Release files, connections and locks. Further calls fail with StoreClosed. */
  close(): Promise<void>;
}
