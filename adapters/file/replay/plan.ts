import type * as E from 'fp-ts/Either';
import type { StoredEvent } from '../../../src/store/envelope';
import type { ReadError } from '../../../src/store/errors';
import { type ReadableLog, type ReadableSegment, readAllEvents } from '../event-reader';
import type { LogIndex } from '../log-index';

/**
 * A run of consecutive events of one segment, as a thread of a replay is told of it: the
 * positions it holds, where its first frame starts and where its last one ends.
 */
export interface Span {
  readonly name: string;
  readonly path: string;
  readonly firstPosition: number;
  readonly lastPosition: number;
  readonly startOffset: number;
  /** Byte offset just past its last frame. */
  readonly end: number;
}

/** Bytes of frames a span holds at most, unless one frame alone is larger. */
export const SPAN_BYTES = 8 * 1024 * 1024;

/**
 * The events after `after` in spans of at most `events` events and `bytes` bytes each (a
 * span never crosses segments, and holds at least one event), as the index knows them
 * now: the whole appends a replay may read. A thread reads a span into memory whole.
 */
export const planSpans = (
  index: Pick<LogIndex, 'segments'>,
  after: number,
  events: number,
  bytes = SPAN_BYTES,
): Span[] => {
  const spans: Span[] = [];
  for (const segment of index.segments) {
    const last = segment.lastPosition;
    if (segment.count === 0 || last <= after) continue;
    const endOf = (position: number): number =>
      position === last ? segment.end : segment.offsetOf(position + 1);
    let first = Math.max(after + 1, segment.firstPosition);
    while (first <= last) {
      const startOffset = segment.offsetOf(first);
      let lastOfSpan = Math.min(first + events - 1, last);
      if (endOf(lastOfSpan) - startOffset > bytes) {
        // The last event that still ends within the bytes (the first, if none does).
        let low = first;
        let high = lastOfSpan - 1;
        while (low < high) {
          const middle = Math.ceil((low + high) / 2);
          if (endOf(middle) - startOffset <= bytes) low = middle;
          else high = middle - 1;
        }
        lastOfSpan = low;
      }
      spans.push({
        name: segment.name,
        path: segment.path,
        firstPosition: first,
        lastPosition: lastOfSpan,
        startOffset,
        end: endOf(lastOfSpan),
      });
      first = lastOfSpan + 1;
    }
  }
  return spans;
};

/**
 * Stream one span's events, every frame checked and every envelope decoded, as readAll
 * does (it is readAll's reader, over a log that holds only this span).
 */
export const streamSpan = (
  span: Span,
  batchSize: number,
  closedError: () => ReadError | undefined = () => undefined,
): AsyncGenerator<E.Either<ReadError, readonly StoredEvent[]>, void, undefined> => {
  const segment: ReadableSegment = {
    name: span.name,
    path: span.path,
    end: span.end,
    lastPosition: span.lastPosition,
    offsetOf: (position) => {
      if (position !== span.firstPosition)
        throw new Error(`replay plan: ${span.name} read from ${position}, not its span's start`);
      return span.startOffset;
    },
  };
  const log: ReadableLog = {
    lastPosition: span.lastPosition,
    segmentOf: (position) =>
      position >= span.firstPosition && position <= span.lastPosition ? segment : undefined,
  };
  return readAllEvents(
    { index: log, refresh: () => undefined, closedError },
    span.firstPosition - 1,
    batchSize,
  );
};
