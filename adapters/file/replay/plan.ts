import type { ReadableLog, ReadableSegment } from '../event-reader';
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

/**
 * The events after `after` in spans of at most `events` each (a span never crosses
 * segments), as the index knows them now: the whole appends a replay may read.
 */
export const planSpans = (index: LogIndex, after: number, events: number): Span[] => {
  const spans: Span[] = [];
  for (const segment of index.segments) {
    const last = segment.lastPosition;
    if (segment.count === 0 || last <= after) continue;
    for (let first = Math.max(after + 1, segment.firstPosition); first <= last; first += events) {
      const lastOfSpan = Math.min(first + events - 1, last);
      spans.push({
        name: segment.name,
        path: segment.path,
        firstPosition: first,
        lastPosition: lastOfSpan,
        startOffset: segment.offsetOf(first),
        end: lastOfSpan === last ? segment.end : segment.offsetOf(lastOfSpan + 1),
      });
    }
  }
  return spans;
};

/**
 * Spans, in order, as a log to stream: from any position it gives the next span, so that
 * one readAll over it reads those spans and skips what lies between them.
 */
export const spanLog = (spans: readonly Span[]): ReadableLog => {
  const segments: ReadableSegment[] = spans.map((span) => ({
    firstPosition: span.firstPosition,
    name: span.name,
    path: span.path,
    end: span.end,
    lastPosition: span.lastPosition,
    offsetOf: (position: number): number => {
      if (position !== span.firstPosition)
        throw new Error(`replay plan: ${span.name} read from ${position}, not its span's start`);
      return span.startOffset;
    },
  }));
  let k = 0;
  return {
    lastPosition: spans.length === 0 ? 0 : spans[spans.length - 1]!.lastPosition,
    segmentOf: (position) => {
      // Asked in increasing order: the search goes on from the span found last.
      if (k >= spans.length || spans[k]!.firstPosition > position) k = 0;
      while (k < spans.length && spans[k]!.lastPosition < position) k++;
      return segments[k];
    },
  };
};
