import type { StoredEvent } from '../../src/store/envelope';
import type { CorruptStorage } from '../../src/store/errors';
import { corruptAt } from './corrupt';
import { readFrameHeader, verifyFrame } from './frame';
import * as fs from 'node:fs';
import { crc32 } from './crc32';
import {
  CHAIN_START,
  FRAME_HEADER_BYTES,
  FRAME_OVERHEAD,
  MAX_PAYLOAD_BYTES,
  SEGMENT_HEADER_BYTES,
} from './layout';
import { decodeRecord } from './record';
import { FileWindow } from './window';

/** One event found by a scan, with the offset of its frame. */
export interface ScannedEvent {
  readonly offset: number;
  readonly event: StoredEvent;
}

/** How a scan ended. */
export type ScanStop =
  /** Every byte up to `end` belongs to a whole append. */
  | { readonly kind: 'clean'; readonly end: number }
  /**
   * Bytes from `damageAt` are not a whole frame, or an append misses its last frame, in a
   * way a write cut short would leave: whether it is a torn tail or damage depends on
   * what follows (see `findDurableFrameAfter`). `end` is where whole appends stop.
   */
  | {
      readonly kind: 'incomplete';
      readonly end: number;
      readonly damageAt: number;
      readonly problem: string;
    }
  /** Bytes that passed their checksum but say something impossible: never a torn write. */
  | { readonly kind: 'corrupt'; readonly error: CorruptStorage };

export interface ScanInput {
  readonly fd: number;
  /** File name for errors. */
  readonly file: string;
  /** Bytes of the file to look at. */
  readonly size: number;
  /** Offset of the first frame to read (the chain checksum before it is read too). */
  readonly from: number;
  /** Global position due at `from`. */
  readonly position: number;
  /** Told of each whole append in order; returns a problem to stop the scan as corrupt. */
  readonly onAppend: (events: readonly ScannedEvent[]) => string | undefined;
}

const windowFor = (fd: number, size: number, from: number): FileWindow =>
  new FileWindow(fd, size, Math.min(1 << 20, Math.max(4096, size - from + 4)));

/**
 * Read frames from `from` until the end or the first frame that is not whole, checking
 * every checksum, every record's meaning and the sequence of positions, and handing each
 * whole append to `onAppend` (an append whose last frame is missing is never handed on).
 */
export const scanFrames = (input: ScanInput): ScanStop => {
  const { fd, file, size, onAppend } = input;
  const window = windowFor(fd, size, input.from);
  let offset = input.from;
  let position = input.position;
  let open: ScannedEvent[] = [];
  let openAt = offset;
  let left = 0;
  const incomplete = (problem: string): ScanStop => ({
    kind: 'incomplete',
    end: openAt,
    damageAt: offset,
    problem,
  });
  const corrupt = (at: number, message: string): ScanStop => ({
    kind: 'corrupt',
    error: corruptAt(file, at, message),
  });
  while (offset < size) {
    // From the checksum before the frame, which the frame's own checksum continues.
    let n = window.ensure(offset - 4, 4 + FRAME_HEADER_BYTES);
    let i = window.at(offset);
    const header = readFrameHeader(window.bytes, i, i - 4 + n);
    if (typeof header === 'string') return incomplete(header);
    n = window.ensure(offset - 4, 4 + FRAME_OVERHEAD + header.payloadBytes);
    i = window.at(offset);
    const problem = verifyFrame(window.bytes, i, i - 4 + n, header.payloadBytes);
    if (problem !== undefined) return incomplete(problem);
    const start = i + FRAME_HEADER_BYTES;
    const decoded = decodeRecord(window.bytes.toString('utf8', start, start + header.payloadBytes));
    if (typeof decoded === 'string') return corrupt(offset, decoded);
    if (decoded.globalPosition !== position)
      return corrupt(
        offset,
        `record has global position ${decoded.globalPosition} where ${position} was due`,
      );
    const previous = open[open.length - 1];
    if (previous !== undefined) {
      const p = previous.event;
      if (
        header.eventsLeft !== left - 1 ||
        decoded.streamId !== p.streamId ||
        decoded.streamVersion !== p.streamVersion + 1
      )
        return corrupt(offset, 'record does not continue the append it belongs to');
    }
    open.push({ offset, event: decoded });
    position++;
    offset += FRAME_OVERHEAD + header.payloadBytes;
    if (header.eventsLeft === 0) {
      const refused = onAppend(open);
      if (refused !== undefined) return corrupt(openAt, refused);
      open = [];
      openAt = offset;
    } else left = header.eventsLeft;
  }
  return open.length > 0
    ? incomplete("the append's last event is missing")
    : { kind: 'clean', end: offset };
};

/**
 * After a frame that is not whole at `damageAt`: the offset of a later whole frame written
 * when bytes past `end` were already on disk, if there is one. Such a frame proves the
 * damage hit bytes that had been made durable — corruption, not a write a crash cut
 * short. Frames are looked for at every offset, since a damaged length cannot be trusted;
 * each candidate is checked with the checksum before it, so it stands on its own.
 */
export const findDurableFrameAfter = (
  fd: number,
  size: number,
  damageAt: number,
  end: number,
): number | undefined => {
  const window = windowFor(fd, size, damageAt);
  let offset = damageAt + 1;
  while (offset + FRAME_OVERHEAD <= size) {
    const n = window.ensure(offset - 4, 4 + FRAME_HEADER_BYTES);
    const i = window.at(offset);
    // Cheap filter first: most offsets cannot hold a plausible length.
    const length = n < 4 + FRAME_HEADER_BYTES ? 0 : window.bytes.readUInt32LE(i);
    if (length < 2 || length > MAX_PAYLOAD_BYTES || offset + FRAME_OVERHEAD + length > size) {
      offset++;
      continue;
    }
    const whole = window.ensure(offset - 4, 4 + FRAME_OVERHEAD + length);
    const j = window.at(offset);
    if (verifyFrame(window.bytes, j, j - 4 + whole, length) !== undefined) {
      offset++;
      continue;
    }
    if (window.bytes.readUInt32LE(j + 4) > end) return offset;
    offset += FRAME_OVERHEAD + length;
  }
  return undefined;
};

/**
 * Check the frames of a segment from its first to `end` (a frame boundary the index vouches
 * for) without decoding them: the chain makes the checksum of the last frame the CRC of
 * every byte before it, so one streaming CRC over the file checks them all. Only when it
 * fails are the frames walked one by one, to name the first damaged one.
 */
export const verifySegment = (
  fd: number,
  file: string,
  end: number,
): CorruptStorage | undefined => {
  if (end <= SEGMENT_HEADER_BYTES) return undefined;
  const ends = Buffer.alloc(4);
  fs.readSync(fd, ends, 0, 4, CHAIN_START);
  let crc = ends.readUInt32LE(0);
  if (fs.readSync(fd, ends, 0, 4, end - 4) !== 4)
    return corruptAt(file, end - 4, 'segment shorter than its index says');
  const expected = ends.readUInt32LE(0);
  const chunk = Buffer.allocUnsafe(Math.min(1 << 20, end));
  for (let at = CHAIN_START; at < end - 4; ) {
    const n = fs.readSync(fd, chunk, 0, Math.min(chunk.length, end - 4 - at), at);
    if (n === 0) return corruptAt(file, at, 'segment shorter than its index says');
    crc = crc32(chunk.subarray(0, n), crc);
    at += n;
  }
  if (crc === expected) return undefined;
  const window = windowFor(fd, end, SEGMENT_HEADER_BYTES);
  for (let offset = SEGMENT_HEADER_BYTES; offset < end; ) {
    let n = window.ensure(offset - 4, 4 + FRAME_HEADER_BYTES);
    let i = window.at(offset);
    const header = readFrameHeader(window.bytes, i, i - 4 + n);
    if (typeof header === 'string') return corruptAt(file, offset, header);
    n = window.ensure(offset - 4, 4 + FRAME_OVERHEAD + header.payloadBytes);
    i = window.at(offset);
    const problem = verifyFrame(window.bytes, i, i - 4 + n, header.payloadBytes);
    if (problem !== undefined) return corruptAt(file, offset, problem);
    offset += FRAME_OVERHEAD + header.payloadBytes;
  }
  return corruptAt(file, end - 4, 'checksum mismatch');
};
