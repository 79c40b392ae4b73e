import * as fs from 'node:fs';
import * as E from 'fp-ts/Either';
import type { StoredEvent } from '../../src/store/envelope';
import type { ReadError, StoreClosed, StoreError } from '../../src/store/errors';
import { describeStoreError } from '../../src/store/errors';
import type { EventStore, StoreSubscription } from '../../src/store/port';
import { createSubscribers } from '../../src/store/subscribers';
import { corruptAt, failedTo } from './corrupt';
import {
  DEFAULT_BATCH,
  PointReader,
  readAllEvents,
  readPositions,
  SegmentFiles,
} from './event-reader';
import { segmentPath } from './layout';
import { LogIndex, type Segment } from './log-index';
import { loadActive, openLog, type Recovery, scanTail } from './open-log';
import { type FileEventStoreReaderOptions, resolveReaderOptions } from './options';
import { checkReadAll, checkStreamId, readStreamEvents } from './read-api';
import { registerReplaySource } from './replay/source';

/**
 * A store opened for reading only, by any number of processes beside the one writer. It
 * sees whole appends only: bytes the writer is still writing are left for a later look.
 * It has no `append`, so it cannot be handed where a writer is wanted.
 */
export interface FileEventStoreReader extends Omit<EventStore, 'append'> {
  readonly directory: string;
}

const CLOSED: StoreClosed = { _tag: 'StoreClosed' };

const exists = (file: string): boolean => {
  try {
    fs.accessSync(file);
    return true;
  } catch {
    return false;
  }
};

/**
 * Open the store in `directory` for reading, without taking the writer lock. Reads look
 * for new appends first; subscribers are told of new appends by polling every
 * `pollIntervalMs`.
 */
export const openFileEventStoreReader = async (
  directory: string,
  options?: FileEventStoreReaderOptions,
): Promise<E.Either<StoreError, FileEventStoreReader>> => {
  const resolved = resolveReaderOptions(options);
  if (E.isLeft(resolved)) return resolved;
  const settings = resolved.right;
  try {
    if (!fs.statSync(directory).isDirectory())
      return E.left(failedTo(`open the store ${directory}`, 'not a directory'));
  } catch (error) {
    return E.left(failedTo(`open the store ${directory}`, error));
  }
  const index = new LogIndex();
  const opened = openLog(directory, 'read', index, settings.verifyOnOpen);
  if (E.isLeft(opened)) return opened;
  const recovery: Recovery = opened.right.recovery;
  const files = new SegmentFiles();
  const pointReader = new PointReader(index, files);
  const subscribers = createSubscribers(settings.onListenerError);
  let closed = false;

  /** Read what the writer has appended since the last look. */
  const catchUp = (segment: Segment, sealed: boolean): ReadError | undefined => {
    const fd = files.fdOf(segment);
    const size = fs.fstatSync(fd).size;
    if (size <= segment.end) return undefined;
    const tail = scanTail(index, segment, fd, size, segment.end);
    if (E.isLeft(tail)) return tail.left;
    segment.end = tail.right.end;
    if (sealed && tail.right.kind === 'torn')
      return corruptAt(segment.name, tail.right.end, `${tail.right.problem} (in a sealed segment)`);
    return undefined;
  };

  const refresh = (): ReadError | undefined => {
    try {
      for (;;) {
        const active = index.activeSegment;
        if (active !== undefined) {
          const problem = catchUp(active, false);
          if (problem !== undefined) return problem;
        }
        // The writer starts a segment only once the one before is whole and durable.
        const next = index.lastPosition + 1;
        if (active?.firstPosition === next || !exists(segmentPath(directory, next)))
          return undefined;
        if (active !== undefined) {
          const problem = catchUp(active, true);
          if (problem !== undefined) return problem;
          if (index.lastPosition + 1 !== next) continue;
        }
        const loaded = loadActive(directory, index, next, 'read', recovery, 'tail');
        if (E.isLeft(loaded)) return loaded.left;
        if (loaded.right === undefined) return undefined;
      }
    } catch (error) {
      return failedTo(`read the event log in ${directory}`, error);
    }
  };

  const noCache = (): StoredEvent | undefined => undefined;

  let timer: NodeJS.Timeout | undefined;
  let following = 0;
  let lastProblem: string | undefined;
  // Subscribers have been told of everything up to here. Reads move the index on too, so
  // what is new is counted from this mark, not from the last poll.
  let published = index.lastPosition;

  const warn = (problem: ReadError): void => {
    const text = describeStoreError(problem);
    // Said once, not every poll: the reader keeps looking (the writer may repair it).
    if (text !== lastProblem)
      process.emitWarning(`file store reader: ${text}`, 'EventStoreReaderError');
    lastProblem = text;
  };

  /** Publish what was appended since subscribers were last told, in batches. */
  const poll = (): void => {
    const problem = refresh();
    if (problem !== undefined) {
      warn(problem);
      return;
    }
    lastProblem = undefined;
    if (following === 0) {
      published = index.lastPosition;
      return;
    }
    while (published < index.lastPosition) {
      const from = published + 1;
      const to = Math.min(index.lastPosition, published + DEFAULT_BATCH);
      const positions = Array.from({ length: to - from + 1 }, (_, k) => from + k);
      const events = readPositions(pointReader, positions, noCache);
      if (E.isLeft(events)) {
        warn(events.left);
        return;
      }
      published = to;
      subscribers.publish(events.right);
    }
  };

  const reader: FileEventStoreReader = {
    directory,
    readStream: async (streamId, options) => {
      if (closed) return E.left(CLOSED);
      const problem = refresh();
      if (problem !== undefined) return E.left(problem);
      return readStreamEvents(index, pointReader, noCache, streamId, options);
    },
    streamVersion: async (streamId) => {
      if (closed) return E.left(CLOSED);
      const problem = refresh();
      if (problem !== undefined) return E.left(problem);
      return E.map(index.streamVersion.bind(index))(checkStreamId(streamId));
    },
    readAll: (options) => {
      const checked = checkReadAll(options);
      if (E.isLeft(checked)) return once(E.left(checked.left));
      return readAllEvents(
        { index, refresh, closedError: () => (closed ? CLOSED : undefined) },
        checked.right.after,
        checked.right.batchSize ?? DEFAULT_BATCH,
      );
    },
    subscribe: (listener): StoreSubscription => {
      if (closed) return { unsubscribe: () => undefined };
      // Catch up first, for the subscribers before this one: this one hears of later appends.
      poll();
      const subscription = subscribers.subscribe(listener);
      following++;
      timer ??= setInterval(poll, settings.pollIntervalMs);
      let active = true;
      return {
        unsubscribe: () => {
          if (!active) return;
          active = false;
          subscription.unsubscribe();
          if (--following === 0 && timer !== undefined) {
            clearInterval(timer);
            timer = undefined;
          }
        },
      };
    },
    close: async () => {
      if (closed) return;
      closed = true;
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
      subscribers.clear();
      files.closeAll();
    },
  };
  registerReplaySource(reader, {
    index,
    refresh,
    closedError: () => (closed ? CLOSED : undefined),
  });
  return E.right(reader);
};

async function* once<T>(value: T): AsyncGenerator<T, void, undefined> {
  yield value;
}
