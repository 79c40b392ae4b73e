import * as fs from 'node:fs';
import * as E from 'fp-ts/Either';
import { decodeError } from '../../src/shared/decode';
import { instantFromMillis } from '../../src/shared/time';
import { type CheckedAppend, checkAppend } from '../../src/store/append-input';
import { EventId, type StoredEvent } from '../../src/store/envelope';
import {
  type AppendError,
  type DuplicateEventId,
  type ReadError,
  type StorageFailure,
  type StoreClosed,
  type StoreError,
  storageFailure,
} from '../../src/store/errors';
import { matchesExpected } from '../../src/store/expected-version';
import { newEventId as defaultNewEventId } from '../../src/store/new-event-id';
import type { AppendResult, EventStore } from '../../src/store/port';
import { createSubscribers } from '../../src/store/subscribers';
import { failedTo } from './corrupt';
import { DEFAULT_BATCH, PointReader, readAllEvents, SegmentFiles } from './event-reader';
import { frameBytes } from './frame';
import { FrameBuilder } from './frame-builder';
import { MAX_PAYLOAD_BYTES } from './layout';
import { acquireLock } from './lock';
import { LogIndex } from './log-index';
import { openLog, type Recovery } from './open-log';
import { type FileEventStoreOptions, resolveOptions } from './options';
import { checkReadAll, checkStreamId, readStreamEvents } from './read-api';
import { RecentEvents } from './recent';
import { registerReplaySource } from './replay/source';
import { GroupWriter, type PendingAppend } from './writer';

/** What the store had to do when it was opened. */
export interface OpenReport extends Recovery {
  /** The pid of a crashed process whose lock was taken over. */
  readonly tookOverLockFrom: number | undefined;
}

/** An event store in a directory: an append-only log in segment files, one writer. */
export interface FileEventStore extends EventStore {
  readonly directory: string;
  /** Torn tails cut back, index files rebuilt, a stale lock taken over, at open. */
  readonly openReport: OpenReport;
}

const CLOSED: StoreClosed = { _tag: 'StoreClosed' };

/** Where the frame of a one-event append starts in its bytes. */
const ONE_FRAME: readonly number[] = Object.freeze([0]);

/** Positions are kept as u32 in the index. */
const MAX_POSITION = 0xffff_ffff;

/** A stream's version counting appends accepted but not yet durable. */
interface Tentative {
  version: number;
  pending: number;
  /** The latest of those appends. */
  last: Promise<unknown>;
}

/** Try again once `settled` has. */
class WaitFor {
  constructor(readonly settled: Promise<unknown>) {}
}

/** An event id of an append not yet durable. */
interface PendingId {
  readonly append: PendingAppend;
  readonly at: number;
}

/**
 * Open (creating if needed) the event store in `directory` for writing. Only one process
 * may write a store at a time: another live writer makes this fail with StoreLocked, or
 * wait with `lock: 'wait'`. A crash is repaired here: a torn tail is cut back to the last
 * whole append, damage anywhere else is refused with CorruptStorage naming file and byte.
 */
export const openFileEventStore = async (
  directory: string,
  options?: FileEventStoreOptions,
): Promise<E.Either<StoreError, FileEventStore>> => {
  const resolved = resolveOptions(options);
  if (E.isLeft(resolved)) return resolved;
  const settings = resolved.right;
  try {
    fs.mkdirSync(directory, { recursive: true });
  } catch (error) {
    return E.left(failedTo(`create the store directory ${directory}`, error));
  }
  const locked = await acquireLock(directory, {
    mode: settings.lock,
    ...(settings.lockTimeoutMs === undefined ? {} : { timeoutMs: settings.lockTimeoutMs }),
  });
  if (E.isLeft(locked)) return locked;
  const lock = locked.right;
  const index = new LogIndex();
  const opened = openLog(directory, 'write', index, settings.verifyOnOpen);
  if (E.isLeft(opened)) {
    await lock.release();
    return opened;
  }

  const subscribers = createSubscribers(settings.onListenerError);
  const recent = new RecentEvents(settings.recentEvents);
  const files = new SegmentFiles();
  const pointReader = new PointReader(index, files);
  const tentative = new Map<string, Tentative>();
  const pendingIds = new Map<string, PendingId>();
  /**
   * The one append not yet durable while no other is: kept out of `tentative` and
   * `pendingIds` until a second append arrives (see `register`), so that a lone appender
   * adds to and deletes from neither map. Every other append not yet durable is in both.
   */
  let solo: PendingAppend | undefined;

  /** Make an accepted append's stream version and event ids known to the appends after it. */
  const register = (append: PendingAppend): void => {
    const { streamId, events, result } = append;
    const version = events[events.length - 1]!.streamVersion;
    const t = tentative.get(streamId);
    if (t === undefined) tentative.set(streamId, { version, pending: 1, last: result });
    else {
      t.version = version;
      t.pending++;
      t.last = result;
    }
    for (let k = 0; k < events.length; k++) pendingIds.set(events[k]!.eventId, { append, at: k });
  };
  const makeId = settings.newEventId ?? defaultNewEventId;
  // The default clock read without making a Date.
  const now = options?.clock === undefined ? Date.now : () => settings.clock().getTime();
  const frames = new FrameBuilder();
  let nextPosition = index.lastPosition + 1;
  let lastMillis = Number.NaN;
  let lastInstant = '';
  let closing: Promise<void> | undefined;

  const onDurable = (append: PendingAppend): void => {
    const { events, streamId } = append;
    for (let k = 0; k < events.length; k++) recent.put(events[k]!);
    if (append === solo) solo = undefined;
    else {
      for (let k = 0; k < events.length; k++) pendingIds.delete(events[k]!.eventId);
      const t = tentative.get(streamId);
      if (t !== undefined && --t.pending === 0) tentative.delete(streamId);
    }
    subscribers.publish(events);
    const last = events[events.length - 1]!;
    append.done(
      E.right({
        nextExpectedVersion: last.streamVersion,
        lastPosition: last.globalPosition,
        events,
      }),
    );
  };

  const writerOpened = GroupWriter.open(
    directory,
    index,
    settings.durability,
    settings.segmentBytes,
    onDurable,
  );
  if (E.isLeft(writerOpened)) {
    await lock.release();
    return writerOpened;
  }
  const writer = writerOpened.right;

  const cached = (position: number): StoredEvent | undefined => recent.get(position);

  /** The stored event with this id, if any (reading the candidates its fingerprint gives). */
  const storedWithId = (id: string): E.Either<ReadError, StoredEvent | undefined> => {
    for (const position of index.ids.candidates(id)) {
      const event = cached(position) ?? pointReader.read(position);
      if ('_tag' in event) return E.left(event);
      if (event.eventId === id) return E.right(event);
    }
    return E.right(undefined);
  };

  type Found = { readonly id: string; readonly streamId: string } & (
    | { readonly stored: StoredEvent }
    | { readonly pending: PendingId }
  );

  /** An append whose every id is stored in this stream is a retry: answer as the first time. */
  const retryOrDuplicate = async (
    streamId: string,
    found: readonly Found[],
    total: number,
  ): Promise<E.Either<AppendError, AppendResult>> => {
    if (found.length < total || found.some((f) => f.streamId !== streamId)) {
      const duplicate: DuplicateEventId = {
        _tag: 'DuplicateEventId',
        streamId,
        eventIds: found.map((f) => f.id),
      };
      return E.left(duplicate);
    }
    const events: StoredEvent[] = [];
    for (const f of found) {
      if ('stored' in f) events.push(f.stored);
      else {
        const first = await f.pending.append.result;
        if (E.isLeft(first)) return first;
        events.push(f.pending.append.events[f.pending.at]!);
      }
    }
    // As the first append answered: the stream's version and position after its last event.
    const last = events.reduce((a, b) => (b.globalPosition > a.globalPosition ? b : a));
    return E.right({
      nextExpectedVersion: last.streamVersion,
      lastPosition: last.globalPosition,
      events,
    });
  };

  const storageFailureOf = (error: ReadError): StorageFailure =>
    error._tag === 'StorageFailure'
      ? error
      : {
          _tag: 'StorageFailure',
          message: `could not check event ids: ${error._tag === 'CorruptStorage' ? `corrupt storage at ${error.location}: ${error.message}` : error._tag}`,
          cause: error,
        };

  /**
   * Not an async function: the common answer is the promise `tryAppend` returns, handed
   * back as it is rather than wrapped in another that takes two more turns of the
   * microtask queue to follow it.
   */
  const append: EventStore['append'] = (streamIdInput, eventsInput, optionsInput) => {
    try {
      if (closing !== undefined) return Promise.resolve(E.left(CLOSED));
      const checked = checkAppend(streamIdInput, eventsInput, optionsInput);
      if (E.isLeft(checked)) return Promise.resolve(checked);
      const attempt = tryAppend(checked.right);
      if (attempt instanceof Promise) return attempt;
      if (attempt instanceof WaitFor) return appendAfter(attempt, checked.right);
      return Promise.resolve(attempt);
    } catch (error) {
      // As an async function would: a throw (a getter in the input) rejects the promise.
      return Promise.reject(error);
    }
  };

  /** Try again each time the appends this one waited for have settled. */
  const appendAfter = async (
    wait: WaitFor,
    checked: CheckedAppend,
  ): Promise<E.Either<AppendError, AppendResult>> => {
    let attempt: ReturnType<typeof tryAppend> = wait;
    while (attempt instanceof WaitFor) {
      await attempt.settled;
      if (closing !== undefined) return E.left(CLOSED);
      attempt = tryAppend(checked);
    }
    return attempt;
  };

  /**
   * Check and enqueue an append, without waiting: the common path stays synchronous until
   * enqueued, so that every append of one turn of the event loop joins the same group.
   * When the stream's version differs only because of appends not yet durable, the answer
   * waits for them (WaitFor), so that a conflict's `actual` is a version the caller can read.
   */
  const tryAppend = (
    checked: CheckedAppend,
  ):
    | E.Either<AppendError, AppendResult>
    | Promise<E.Either<AppendError, AppendResult>>
    | WaitFor => {
    if (writer.failure !== undefined) return E.left(writer.failure);
    const { streamId, expectedVersion, events } = checked;
    if (solo !== undefined) {
      register(solo);
      solo = undefined;
    }

    let found: Found[] | undefined;
    for (let k = 0; k < events.length; k++) {
      const id = events[k]!.eventId;
      if (id === undefined) continue;
      let hit: Found | undefined;
      const pending = pendingIds.get(id);
      if (pending !== undefined) hit = { id, streamId: pending.append.streamId, pending };
      else {
        const stored = storedWithId(id);
        if (E.isLeft(stored)) return E.left(storageFailureOf(stored.left));
        if (stored.right !== undefined)
          hit = { id, streamId: stored.right.streamId, stored: stored.right };
      }
      if (hit === undefined) continue;
      if (found === undefined) found = [];
      found.push(hit);
    }
    if (found !== undefined) return retryOrDuplicate(streamId, found, events.length);

    const t = tentative.get(streamId);
    const current = t?.version ?? index.streamVersion(streamId);
    if (!matchesExpected(expectedVersion, current)) {
      if (t !== undefined) return new WaitFor(t.last);
      return E.left({
        _tag: 'WrongExpectedVersion',
        streamId,
        expected: expectedVersion,
        actual: current,
      });
    }
    if (nextPosition + events.length - 1 > MAX_POSITION)
      return E.left({
        _tag: 'StorageFailure',
        message: 'the store holds the most events it can index',
      });

    let millis: number;
    try {
      millis = now();
    } catch (error) {
      return E.left(storageFailure('append failed: the clock threw', error));
    }
    if (!Number.isFinite(millis))
      return E.left(
        decodeError('append', [
          {
            path: 'clock()',
            expected: 'a valid Date',
            actual: String(millis),
            message: "the store's clock gave an invalid date",
          },
        ]),
      );
    // Appends of one group mostly share a millisecond: format it once.
    if (millis !== lastMillis) {
      lastMillis = millis;
      lastInstant = instantFromMillis(millis);
    }
    const recordedAt = lastInstant;

    const stored: StoredEvent[] = new Array(events.length);
    const offsets = events.length === 1 ? undefined : new Array<number>(events.length);
    // Nothing else waits to be written (a lone appender's previous append is durable).
    if (tentative.size === 0) frames.rewind();
    frames.begin();
    let at = 0;
    for (let k = 0; k < events.length; k++) {
      const event = events[k]!;
      let eventId: string;
      try {
        eventId = event.eventId ?? makeId();
      } catch (error) {
        frames.abandon();
        return E.left(storageFailure('append failed: newEventId threw', error));
      }
      // The library's own ids are UUIDs (its tests hold them to it); an injected one is checked.
      if (event.eventId === undefined && makeId !== defaultNewEventId && !EventId.is(eventId)) {
        frames.abandon();
        return E.left(
          decodeError('append', [
            {
              path: `events[${k}].eventId`,
              expected: 'a UUID',
              actual: eventId,
              message: "the store's newEventId option made an id that is not a UUID",
            },
          ]),
        );
      }
      const envelope: StoredEvent = Object.freeze({
        eventId,
        streamId,
        streamVersion: current + k + 1,
        globalPosition: nextPosition + k,
        type: event.type,
        schemaVersion: event.schemaVersion,
        recordedAt,
        metadata: event.metadata,
        data: event.data,
      });
      const length = frames.frame(envelope, events.length - 1 - k);
      if (length > MAX_PAYLOAD_BYTES) {
        frames.abandon();
        return E.left(
          decodeError('append', [
            {
              path: `events[${k}].data`,
              expected: `at most ${MAX_PAYLOAD_BYTES} bytes of JSON`,
              actual: `${length} bytes`,
            },
          ]),
        );
      }
      stored[k] = envelope;
      if (offsets !== undefined) offsets[k] = at;
      at += frameBytes(length);
    }
    const bytes = frames.finish();
    const frameOffsets = offsets ?? ONE_FRAME;

    let done!: PendingAppend['done'];
    const result = new Promise<E.Either<AppendError, AppendResult>>((resolve) => {
      done = resolve;
    });
    const pending: PendingAppend = { streamId, events: stored, bytes, frameOffsets, result, done };
    nextPosition += events.length;
    // No other append is waiting to be durable (each is in `tentative`): this one may be solo.
    if (tentative.size === 0) solo = pending;
    else register(pending);
    writer.enqueue(pending);
    return result;
  };

  const closedError = (): ReadError | undefined => (closing === undefined ? undefined : CLOSED);

  const store: FileEventStore = {
    directory,
    openReport: { ...opened.right.recovery, tookOverLockFrom: lock.tookOverFrom },
    append,
    readStream: async (streamId, options) =>
      closing !== undefined
        ? E.left(CLOSED)
        : readStreamEvents(index, pointReader, cached, streamId, options),
    streamVersion: async (streamId) => {
      if (closing !== undefined) return E.left(CLOSED);
      return E.map(index.streamVersion.bind(index))(checkStreamId(streamId));
    },
    readAll: (options) => {
      const checked = checkReadAll(options);
      if (E.isLeft(checked)) return single(E.left(checked.left));
      return readAllEvents(
        { index, refresh: () => undefined, closedError },
        checked.right.after,
        checked.right.batchSize ?? DEFAULT_BATCH,
      );
    },
    subscribe: (listener) => subscribers.subscribe(listener),
    close: () => {
      closing ??= (async () => {
        await writer.close();
        files.closeAll();
        subscribers.clear();
        await lock.release();
      })();
      return closing;
    },
  };
  registerReplaySource(store, { index, refresh: () => undefined, closedError });
  return E.right(store);
};

async function* single<T>(value: T): AsyncGenerator<T, void, undefined> {
  yield value;
}
