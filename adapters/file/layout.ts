import * as path from 'node:path';

/**
 * The on-disk layout of a store directory:
 *
 *   writer.lock                      who holds the store for writing (pid, host, start time)
 *   segment-0000000000000001.log     the log, in segments named by their first global position
 *   segment-0000000000000001.idx     the index of a segment, derived from it (rebuilt at will)
 *
 * A segment starts with a header, then holds one frame per event:
 *
 *   segment header (32 bytes): magic "CLEDGSEG", format u32, reserved u32,
 *                              first position u64, reserved u32, crc32 of bytes 0..28
 *   frame:                     payload length u32, durable-before u32,
 *                              events left in the append u32, payload, chain checksum u32
 *   payload:                   the StoredEvent as UTF-8 JSON
 *
 * All integers are little-endian. The chain checksum of a frame is the CRC-32 of every
 * byte of the segment from its header's checksum (offset 28) up to this checksum: each
 * frame's checksum continues the one before it (crc32(bytes, previous checksum)). One frame
 * is checked from the four bytes before it to its end, and a run of frames with a single
 * CRC over the run, which is what makes reading fast.
 *
 * "Durable before" is the offset below which the segment was on disk when the frame was
 * written: a damaged frame followed by a whole frame whose durable-before lies past it
 * cannot be a write that a crash cut short, so it is corruption. "Events left in the
 * append" makes multi-event appends atomic: a torn tail is cut back to the start of an
 * append whose last frame is missing.
 */
export const SEGMENT_MAGIC = 'CLEDGSEG';
export const FORMAT_VERSION = 1;
export const SEGMENT_HEADER_BYTES = 32;
export const FRAME_HEADER_BYTES = 12;
export const FRAME_TRAILER_BYTES = 4;
/** Bytes a frame adds to its payload. */
export const FRAME_OVERHEAD = FRAME_HEADER_BYTES + FRAME_TRAILER_BYTES;
/** Where a segment's chain starts: its header's checksum. */
export const CHAIN_START = SEGMENT_HEADER_BYTES - 4;

/** No payload may be larger: a length above it can only be damage. */
export const MAX_PAYLOAD_BYTES = 64 * 1024 * 1024;

/** Offsets are u32 in frames and in the index. */
export const MAX_SEGMENT_BYTES = 0xffff_ffff;

export const LOCK_FILE = 'writer.lock';

const SEGMENT_NAME = /^segment-(\d{16})\.log$/;
const DIGITS = 16;

export const segmentFileName = (firstPosition: number): string =>
  `segment-${String(firstPosition).padStart(DIGITS, '0')}.log`;

export const indexFileName = (firstPosition: number): string =>
  `segment-${String(firstPosition).padStart(DIGITS, '0')}.idx`;

/** The first position a segment file is named after, or undefined for any other file. */
export const parseSegmentFileName = (name: string): number | undefined => {
  const match = SEGMENT_NAME.exec(name);
  if (match === null) return undefined;
  const position = Number(match[1]);
  return Number.isSafeInteger(position) && position >= 1 ? position : undefined;
};

export const segmentPath = (directory: string, firstPosition: number): string =>
  path.join(directory, segmentFileName(firstPosition));

export const indexPath = (directory: string, firstPosition: number): string =>
  path.join(directory, indexFileName(firstPosition));
