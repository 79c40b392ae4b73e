import * as E from 'fp-ts/Either';
import { decodeError } from '../../src/shared/decode';
import { checkAppend } from '../../src/store/append-input';
import { StreamId, type StoredEvent } from '../../src/store/envelope';
import {
  type AppendError,
  type ReadError,
  type StoreClosed,
  storageFailure,
} from '../../src/store/errors';
import { matchesExpected } from '../../src/store/expected-version';
import { newEventId as uuidV7 } from '../../src/store/new-event-id';
import type {
  AppendResult,
  EventStore,
  ReadAllOptions,
  ReadStreamOptions,
} from '../../src/store/port';
import { createSubscribers, type ListenerErrorHandler } from '../../src/store/subscribers';

export interface MemoryEventStoreOptions {
  /** The store's clock for `recordedAt`. Default: the system clock. */
  readonly clock?: () => Date;
  /** Ids for events appended without one. Default: UUID v7. */
  readonly newEventId?: () => string;
  /** Told when a subscriber throws. Default: a process warning. */
  readonly onListenerError?: ListenerErrorHandler;
}

/**
 * A stream's events, index i holding stream version i + 1: the map holds the array itself,
 * so that reading a stream follows one pointer fewer. Never empty once in the map; its
 * first envelope carries the stream id as first appended, which later envelopes share.
 */
type Stream = StoredEvent[];

/**
 * Up to this many events, a stream finds an event id by scanning: cheaper than keeping a
 * map per stream (most streams are one complaint's dozen events), and still a bounded cost
 * per event. Longer streams get a map.
 */
const SCAN_LIMIT = 32;

const CLOSED: StoreClosed = Object.freeze({ _tag: 'StoreClosed' });
const DEFAULT_BATCH_SIZE = 1000;

const isPositiveInt = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 1;
const isNonNegativeInt = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 0;

const badOption = (what: string, path: string, expected: string, actual: unknown) =>
  E.left(decodeError(what, [{ path, expected, actual }]));

/**
 * An event store in this process's memory: for tests, examples, and services that rebuild
 * their state at start. Every operation costs the same however many streams there are:
 * each stream is an array in a map (its version is its length), the global log is one
 * array (a position is its index + 1), and each stream finds its event ids for
 * idempotent retries at a bounded cost. Stored envelopes are deep-frozen copies, so no caller can change
 * history by mutating its input or what it read.
 */
export const createMemoryEventStore = (options: MemoryEventStoreOptions = {}): EventStore => {
  const clock = options.clock;
  const nowMs = clock === undefined ? Date.now : () => clock().getTime();
  // Appends within one millisecond share the formatted time; formatting costs more than the rest.
  let formattedMs = Number.NaN;
  let formatted = '';
  const recordedAtNow = (): string => {
    const ms = nowMs();
    if (ms !== formattedMs) {
      formatted = new Date(ms).toISOString();
      formattedMs = ms;
    }
    return formatted;
  };
  const makeId = options.newEventId ?? uuidV7;
  const streams = new Map<string, Stream>();
  /** Event ids of the streams longer than SCAN_LIMIT. */
  const longStreamIds = new WeakMap<Stream, Map<string, StoredEvent>>();

  const findEvent = (stream: Stream, eventId: string): StoredEvent | undefined => {
    const byId = longStreamIds.get(stream);
    if (byId !== undefined) return byId.get(eventId);
    for (const e of stream) if (e.eventId === eventId) return e;
    return undefined;
  };

  const addEvent = (stream: Stream, e: StoredEvent): void => {
    stream.push(e);
    if (stream.length <= SCAN_LIMIT) return;
    const byId = longStreamIds.get(stream);
    if (byId !== undefined) byId.set(e.eventId, e);
    else longStreamIds.set(stream, new Map(stream.map((stored) => [stored.eventId, stored])));
  };
  const log: StoredEvent[] = [];
  const subscribers = createSubscribers(options.onListenerError);
  let closed = false;

  /** A retry of a stored batch returns what the first append returned. */
  const replay = (stored: readonly StoredEvent[]): AppendResult => {
    let nextExpectedVersion = 0;
    let lastPosition = 0;
    for (const e of stored) {
      if (e.streamVersion > nextExpectedVersion) nextExpectedVersion = e.streamVersion;
      if (e.globalPosition > lastPosition) lastPosition = e.globalPosition;
    }
    return { nextExpectedVersion, lastPosition, events: Object.freeze(stored) };
  };

  const appendNow = (
    streamId: unknown,
    events: unknown,
    appendOptions: unknown,
  ): E.Either<AppendError, AppendResult> => {
    if (closed) return E.left(CLOSED);
    const checked = checkAppend(streamId, events, appendOptions);
    if (E.isLeft(checked)) return checked;
    const input = checked.right;
    const stream = streams.get(input.streamId);
    const version = stream === undefined ? 0 : stream.length;

    // Idempotency comes before the version check: a retry carries the stale version.
    if (stream !== undefined) {
      let seen: StoredEvent[] | undefined;
      for (const e of input.events) {
        const earlier = e.eventId === undefined ? undefined : findEvent(stream, e.eventId);
        if (earlier === undefined) continue;
        if (seen === undefined) seen = [];
        seen.push(earlier);
      }
      if (seen !== undefined) {
        if (seen.length === input.events.length) return E.right(replay(seen));
        return E.left({
          _tag: 'DuplicateEventId',
          streamId: input.streamId,
          eventIds: seen.map((e) => e.eventId),
        });
      }
    }
    if (!matchesExpected(input.expectedVersion, version))
      return E.left({
        _tag: 'WrongExpectedVersion',
        streamId: input.streamId,
        expected: input.expectedVersion,
        actual: version,
      });

    // Build every envelope before touching the store, so that a throwing clock or id
    // generator leaves it unchanged: the batch is stored whole or not at all.
    const recordedAt = recordedAtNow();
    const stored: StoredEvent[] = new Array(input.events.length);
    for (let i = 0; i < input.events.length; i++) {
      const e = input.events[i]!;
      stored[i] = Object.freeze({
        eventId: e.eventId ?? makeId(),
        streamId: stream?.[0]?.streamId ?? input.streamId,
        streamVersion: version + i + 1,
        globalPosition: log.length + i + 1,
        type: e.type,
        schemaVersion: e.schemaVersion,
        recordedAt,
        metadata: e.metadata,
        data: e.data,
      });
    }
    const target: Stream = stream ?? [];
    if (stream === undefined) streams.set(input.streamId, target);
    for (const e of stored) {
      addEvent(target, e);
      log.push(e);
    }
    const batch = Object.freeze(stored);
    subscribers.publish(batch);
    return E.right({
      nextExpectedVersion: target.length,
      lastPosition: log.length,
      events: batch,
    });
  };

  const readStreamNow = (
    streamId: unknown,
    readOptions: ReadStreamOptions | undefined,
  ): E.Either<ReadError, readonly StoredEvent[]> => {
    if (closed) return E.left(CLOSED);
    // Only valid ids are ever stored, so a stream found needs no check of its id.
    const events = streams.get(streamId as string);
    if (events === undefined && !StreamId.is(streamId))
      return badOption('readStream', 'streamId', 'StreamId', streamId);
    const from = readOptions?.fromVersion ?? 1;
    const max = readOptions?.maxCount;
    if (!isPositiveInt(from)) return badOption('readStream', 'fromVersion', 'an integer ≥ 1', from);
    if (max !== undefined && !isNonNegativeInt(max))
      return badOption('readStream', 'maxCount', 'an integer ≥ 0', max);
    if (events === undefined) return E.right([]);
    return E.right(events.slice(from - 1, max === undefined ? undefined : from - 1 + max));
  };

  async function* readAll(
    readOptions?: ReadAllOptions,
  ): AsyncGenerator<E.Either<ReadError, readonly StoredEvent[]>> {
    if (closed) {
      yield E.left(CLOSED);
      return;
    }
    const after = readOptions?.after ?? 0;
    const size = readOptions?.batchSize ?? DEFAULT_BATCH_SIZE;
    if (!isNonNegativeInt(after)) {
      yield badOption('readAll', 'after', 'a position (an integer ≥ 0)', after);
      return;
    }
    if (!isPositiveInt(size)) {
      yield badOption('readAll', 'batchSize', 'an integer ≥ 1', size);
      return;
    }
    // Position p is log[p - 1], so the events after `after` start at index `after`.
    let next = after;
    for (;;) {
      // Checked before the end: close() empties the log, which must not read as the end.
      if (closed) {
        yield E.left(CLOSED);
        return;
      }
      if (next >= log.length) return;
      const batch = log.slice(next, next + size);
      next += batch.length;
      yield E.right(batch);
    }
  }

  return {
    append: (streamId, events, appendOptions) => {
      try {
        return Promise.resolve(appendNow(streamId, events, appendOptions));
      } catch (error) {
        // Only an injected clock or id generator can throw here.
        return Promise.resolve(E.left(storageFailure('append failed', error)));
      }
    },
    readStream: (streamId, readOptions) => Promise.resolve(readStreamNow(streamId, readOptions)),
    streamVersion: (streamId) => {
      if (closed) return Promise.resolve(E.left(CLOSED));
      if (!StreamId.is(streamId))
        return Promise.resolve(badOption('streamVersion', 'streamId', 'StreamId', streamId));
      return Promise.resolve(E.right(streams.get(streamId)?.length ?? 0));
    },
    readAll,
    subscribe: (listener) => {
      // A closed store publishes nothing more; the subscription is inert.
      if (closed) return { unsubscribe: () => {} };
      return subscribers.subscribe(listener);
    },
    close: () => {
      closed = true;
      subscribers.clear();
      streams.clear();
      log.length = 0;
      return Promise.resolve();
    },
  };
};
