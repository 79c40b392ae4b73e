import * as fs from 'node:fs';
import * as E from 'fp-ts/Either';
import type { StoredEvent } from '../../src/store/envelope';
import type { CorruptStorage, ReadError } from '../../src/store/errors';
import { corruptAt, failedTo } from './corrupt';
import { readFrameHeader, verifyFrame, verifyRun } from './frame';
import { FRAME_HEADER_BYTES, FRAME_OVERHEAD } from './layout';
import type { LogIndex, Segment } from './log-index';

/** What streaming a segment needs of it (a segment of the index, or of a replay's plan). */
export interface ReadableSegment {
  readonly name: string;
  readonly path: string;
  /** Bytes that hold whole appends. */
  readonly end: number;
  readonly lastPosition: number;
  /** Byte offset of the frame of `position` (the first one a read of it starts at). */
  offsetOf(position: number): number;
}

/** What streaming the log needs of its index. */
export interface ReadableLog {
  readonly lastPosition: number;
  /** The segment holding `position` (a replay's span is a log of one segment). */
  segmentOf(position: number): ReadableSegment | undefined;
}
import { decodeRecord } from './record';
import { AsyncFileWindow } from './window';

/** Decode the payload of a frame already checked, at index `i` of `bytes`. */
export const decodePayload = (
  bytes: Buffer,
  i: number,
  payloadBytes: number,
  segment: { readonly name: string },
  offset: number,
  position: number,
): StoredEvent | CorruptStorage => {
  const start = i + FRAME_HEADER_BYTES;
  const decoded = decodeRecord(bytes.toString('utf8', start, start + payloadBytes));
  if (typeof decoded === 'string') return corruptAt(segment.name, offset, decoded);
  if (decoded.globalPosition !== position)
    return corruptAt(
      segment.name,
      offset,
      `record has global position ${decoded.globalPosition} where the index expects ${position}`,
    );
  return decoded;
};

/**
 * Check and decode the frame at index `i` of `bytes` (valid to `end`, with the checksum
 * before the frame at `i - 4`), file offset `offset`.
 */
export const decodeFrame = (
  bytes: Buffer,
  i: number,
  end: number,
  segment: { readonly name: string },
  offset: number,
  position: number,
): StoredEvent | CorruptStorage => {
  const header = readFrameHeader(bytes, i, end);
  if (typeof header === 'string') return corruptAt(segment.name, offset, header);
  const problem = verifyFrame(bytes, i, end, header.payloadBytes);
  if (problem !== undefined) return corruptAt(segment.name, offset, problem);
  return decodePayload(bytes, i, header.payloadBytes, segment, offset, position);
};

export const isCorrupt = (u: StoredEvent | CorruptStorage): u is CorruptStorage =>
  (u as CorruptStorage)._tag === 'CorruptStorage';

const MAX_OPEN_SEGMENTS = 64;

/** Read-only descriptors of segment files, opened on first use, at most 64 at a time. */
export class SegmentFiles {
  private readonly fds = new Map<Segment, number>();

  fdOf(segment: Segment): number {
    const open = this.fds.get(segment);
    if (open !== undefined) return open;
    if (this.fds.size >= MAX_OPEN_SEGMENTS) {
      const [oldest, fd] = this.fds.entries().next().value as [Segment, number];
      this.fds.delete(oldest);
      fs.closeSync(fd);
    }
    const fd = fs.openSync(segment.path, 'r');
    this.fds.set(segment, fd);
    return fd;
  }

  closeAll(): void {
    for (const fd of this.fds.values()) fs.closeSync(fd);
    this.fds.clear();
  }
}

const WINDOW_BYTES = 64 * 1024;

/**
 * Reads single events by position: one pread fetches the frame and its neighbours, so the
 * events of a stream written close together cost one read. Only bytes below a segment's
 * `end` are ever read, and those never change, so the window can be kept between calls.
 */
export class PointReader {
  private buffer = Buffer.allocUnsafe(WINDOW_BYTES);
  private segment: Segment | undefined;
  private start = 0;
  private length = 0;

  constructor(
    private readonly index: LogIndex,
    private readonly files: SegmentFiles,
  ) {}

  read(position: number): StoredEvent | CorruptStorage {
    const segment = this.index.segmentOf(position);
    if (segment === undefined)
      return {
        _tag: 'CorruptStorage',
        location: `global position ${position}`,
        message: 'not in any segment',
      };
    const offset = segment.offsetOf(position);
    // From the checksum before the frame, which the frame's own checksum continues.
    const from = offset - 4;
    if (!this.holds(segment, from, 4 + FRAME_HEADER_BYTES))
      this.fill(segment, from, 4 + FRAME_HEADER_BYTES);
    const payloadBytes = this.buffer.readUInt32LE(offset - this.start);
    const total = 4 + FRAME_OVERHEAD + Math.min(payloadBytes, segment.end - offset);
    if (!this.holds(segment, from, total)) this.fill(segment, from, total);
    return decodeFrame(this.buffer, offset - this.start, this.length, segment, offset, position);
  }

  private holds(segment: Segment, offset: number, count: number): boolean {
    return (
      this.segment === segment && offset >= this.start && offset + count <= this.start + this.length
    );
  }

  private fill(segment: Segment, offset: number, count: number): void {
    if (this.buffer.length < count) this.buffer = Buffer.allocUnsafe(count);
    const fd = this.files.fdOf(segment);
    const want = Math.min(this.buffer.length, segment.end - offset);
    let got = 0;
    while (got < want) {
      const n = fs.readSync(fd, this.buffer, got, want - got, offset + got);
      if (n === 0) break;
      got += n;
    }
    this.segment = segment;
    this.start = offset;
    this.length = got;
  }
}

/** Read the events at `positions` (any order), each checked. */
export const readPositions = (
  reader: PointReader,
  positions: readonly number[],
  cached: (position: number) => StoredEvent | undefined,
): E.Either<ReadError, StoredEvent[]> => {
  const out: StoredEvent[] = new Array(positions.length);
  try {
    for (let k = 0; k < positions.length; k++) {
      const position = positions[k]!;
      const event = cached(position) ?? reader.read(position);
      if (isCorrupt(event)) return E.left(event);
      out[k] = event;
    }
  } catch (error) {
    return E.left(failedTo('read the event log', error));
  }
  return E.right(out);
};

export interface ReadAllSource {
  readonly index: ReadableLog;
  /** Called before each look at the end of the log (a reader process catches up here). */
  readonly refresh: () => ReadError | undefined;
  readonly closedError: () => ReadError | undefined;
}

/**
 * Events per batch when the caller does not say. Small on purpose: a batch lives until its
 * consumer is done with it, so every young-generation collection during a batch copies the
 * events read so far; measured on a replay of a million events, 2,000 per batch spent about
 * twice the collection time of 256, and the per-batch cost of the generator is small.
 */
export const DEFAULT_BATCH = 256;

/**
 * Hand a full batch to the reader; false when the store was closed meanwhile (its error
 * is then handed over too, and reading stops).
 */
async function* handOver(
  batch: readonly StoredEvent[],
  source: ReadAllSource,
): AsyncGenerator<E.Either<ReadError, readonly StoredEvent[]>, boolean, undefined> {
  yield E.right(batch);
  const closed = source.closedError();
  if (closed === undefined) return true;
  yield E.left(closed);
  return false;
}
const READ_CHUNK = 1 << 20;

/**
 * Every event after `after`, in batches of `batchSize`, streaming the segment files in
 * 1 MiB reads: memory stays at one chunk and one batch however long the log. Events
 * appended while it runs are read too; it ends when it has caught up.
 */
export async function* readAllEvents(
  source: ReadAllSource,
  after: number,
  batchSize: number,
): AsyncGenerator<E.Either<ReadError, readonly StoredEvent[]>, void, undefined> {
  const { index } = source;
  let next = after + 1;
  const runLengths: number[] = [];
  let batch: StoredEvent[] = [];
  for (;;) {
    const stop = source.closedError() ?? source.refresh();
    if (stop !== undefined) {
      yield E.left(stop);
      return;
    }
    if (next > index.lastPosition) break;
    const segment = index.segmentOf(next);
    if (segment === undefined) break;
    // What is whole now; appends after this are picked up by the next turn of the loop.
    const limit = segment.end;
    const lastPosition = segment.lastPosition;
    let handle: fs.promises.FileHandle;
    try {
      handle = await fs.promises.open(segment.path, 'r');
    } catch (error) {
      yield E.left(failedTo(`open ${segment.name}`, error));
      return;
    }
    const window = new AsyncFileWindow(handle, limit, READ_CHUNK);
    try {
      let offset = segment.offsetOf(next);
      // Below this offset, frames are checked one by one (a run there failed its check).
      let singleUntil = 0;
      while (next <= lastPosition) {
        // A run: the whole frames now in the window (at least one), checked with one CRC.
        const from = offset - 4;
        const n =
          window.ensureNow(from, 4 + FRAME_HEADER_BYTES) ??
          (await window.ensure(from, 4 + FRAME_HEADER_BYTES));
        const first = n < 4 + FRAME_HEADER_BYTES ? 0 : window.bytes.readUInt32LE(window.at(offset));
        const firstTotal = 4 + FRAME_OVERHEAD + Math.min(first, limit - offset);
        if (window.ensureNow(from, firstTotal) === undefined) await window.ensure(from, firstTotal);
        const bytes = window.bytes;
        const base = window.at(offset);
        const end = window.available;
        runLengths.length = 0;
        let i = base;
        let count = 0;
        while (
          offset >= singleUntil &&
          next + count <= lastPosition &&
          i + FRAME_HEADER_BYTES <= end
        ) {
          const length = bytes.readUInt32LE(i);
          if (i + FRAME_OVERHEAD + length > end) break;
          runLengths.push(length);
          i += FRAME_OVERHEAD + length;
          count++;
        }
        if (count === 0 || !verifyRun(bytes, base, i - 4)) {
          // Damage in the run (or a frame too big for the window): frame by frame to the
          // run's end, to name the damaged frame.
          if (count > 0) singleUntil = offset + (i - base);
          const event = decodeFrame(bytes, base, end, segment, offset, next);
          if (isCorrupt(event)) {
            if (batch.length > 0) yield E.right(batch);
            yield E.left(event);
            return;
          }
          batch.push(event);
          next++;
          offset += FRAME_OVERHEAD + bytes.readUInt32LE(base);
        } else {
          let at = base;
          for (let k = 0; k < count; k++) {
            const length = runLengths[k]!;
            const event = decodePayload(bytes, at, length, segment, offset, next);
            if (isCorrupt(event)) {
              if (batch.length > 0) yield E.right(batch);
              yield E.left(event);
              return;
            }
            batch.push(event);
            next++;
            at += FRAME_OVERHEAD + length;
            offset += FRAME_OVERHEAD + length;
            if (batch.length >= batchSize) {
              const full = batch;
              batch = [];
              // The window is not touched until this run is done, so yielding is safe.
              if (!(yield* handOver(full, source))) return;
            }
          }
          continue;
        }
        if (batch.length >= batchSize) {
          const full = batch;
          batch = [];
          if (!(yield* handOver(full, source))) return;
        }
      }
    } catch (error) {
      yield E.left(failedTo(`read ${segment.name}`, error));
      return;
    } finally {
      // A read ahead may still be under way into the window's spare buffer.
      await window.release();
      await handle.close();
    }
  }
  if (batch.length > 0) yield E.right(batch);
}
