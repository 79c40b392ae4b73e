import * as fs from 'node:fs';
import * as E from 'fp-ts/Either';
import type { StoredEvent } from '../../src/store/envelope';
import type { CorruptStorage, ReadError } from '../../src/store/errors';
import { corruptAt, failedTo } from './corrupt';
import { checkPayload, readFrameHeader } from './frame';
import { FRAME_HEADER_BYTES } from './layout';
import type { LogIndex, Segment } from './log-index';
import { decodeRecord } from './record';
import { AsyncFileWindow } from './window';

/** Decode the frame at index `i` of `bytes` (valid to `end`), file offset `offset`. */
export const decodeFrame = (
  bytes: Buffer,
  i: number,
  end: number,
  segment: Segment,
  offset: number,
  position: number,
): StoredEvent | CorruptStorage => {
  const header = readFrameHeader(bytes, i, end);
  if (typeof header === 'string') return corruptAt(segment.name, offset, header);
  const problem = checkPayload(bytes, i, end, header);
  if (problem !== undefined) return corruptAt(segment.name, offset, problem);
  const decoded = decodeRecord(
    bytes.toString('utf8', i + FRAME_HEADER_BYTES, i + FRAME_HEADER_BYTES + header.payloadBytes),
  );
  if (typeof decoded === 'string') return corruptAt(segment.name, offset, decoded);
  if (decoded.globalPosition !== position)
    return corruptAt(
      segment.name,
      offset,
      `record has global position ${decoded.globalPosition} where the index expects ${position}`,
    );
  return decoded;
};

const isCorrupt = (u: StoredEvent | CorruptStorage): u is CorruptStorage =>
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
    if (!this.holds(segment, offset, FRAME_HEADER_BYTES))
      this.fill(segment, offset, FRAME_HEADER_BYTES);
    const payloadBytes = this.buffer.readUInt32LE(offset - this.start);
    const total = FRAME_HEADER_BYTES + Math.min(payloadBytes, segment.end - offset);
    if (!this.holds(segment, offset, total)) this.fill(segment, offset, total);
    const i = offset - this.start;
    return decodeFrame(this.buffer, i, this.length, segment, offset, position);
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
  readonly index: LogIndex;
  /** Called before each look at the end of the log (a reader process catches up here). */
  readonly refresh: () => ReadError | undefined;
  readonly closedError: () => ReadError | undefined;
}

export const DEFAULT_BATCH = 1000;
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
    try {
      const window = new AsyncFileWindow(handle, limit, READ_CHUNK);
      let offset = segment.offsetOf(next);
      while (next <= lastPosition) {
        let n =
          window.ensureNow(offset, FRAME_HEADER_BYTES) ??
          (await window.ensure(offset, FRAME_HEADER_BYTES));
        let i = window.at(offset);
        const payloadBytes = n < FRAME_HEADER_BYTES ? 0 : window.bytes.readUInt32LE(i);
        const total = FRAME_HEADER_BYTES + Math.min(payloadBytes, limit - offset);
        n = window.ensureNow(offset, total) ?? (await window.ensure(offset, total));
        i = window.at(offset);
        const event = decodeFrame(window.bytes, i, i + n, segment, offset, next);
        if (isCorrupt(event)) {
          yield E.left(event);
          return;
        }
        batch.push(event);
        next++;
        offset += total;
        if (batch.length >= batchSize) {
          const full = batch;
          batch = [];
          yield E.right(full);
          const closed = source.closedError();
          if (closed !== undefined) {
            yield E.left(closed);
            return;
          }
        }
      }
    } catch (error) {
      yield E.left(failedTo(`read ${segment.name}`, error));
      return;
    } finally {
      await handle.close();
    }
  }
  if (batch.length > 0) yield E.right(batch);
}
