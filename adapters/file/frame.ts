import { crc32 } from './crc32';
import {
  FORMAT_VERSION,
  FRAME_HEADER_BYTES,
  FRAME_OVERHEAD,
  MAX_PAYLOAD_BYTES,
  SEGMENT_HEADER_BYTES,
  SEGMENT_MAGIC,
} from './layout';

export interface FrameHeader {
  readonly payloadBytes: number;
  readonly durableBefore: number;
  readonly eventsLeft: number;
}

/** Why bytes at an offset are not a whole frame. */
export type FrameProblem = 'frame cut short' | 'payload length out of range' | 'checksum mismatch';

/**
 * The header fields of the frame at index `i` of `bytes` (valid up to index `end`). The
 * header has no checksum of its own: `verifyFrame` checks it with the payload.
 */
export const readFrameHeader = (
  bytes: Buffer,
  i: number,
  end: number,
): FrameHeader | FrameProblem => {
  if (end - i < FRAME_HEADER_BYTES) return 'frame cut short';
  const payloadBytes = bytes.readUInt32LE(i);
  if (payloadBytes < 2 || payloadBytes > MAX_PAYLOAD_BYTES) return 'payload length out of range';
  return {
    payloadBytes,
    durableBefore: bytes.readUInt32LE(i + 4),
    eventsLeft: bytes.readUInt32LE(i + 8),
  };
};

/**
 * Check the frame at index `i`, whose header says `payloadBytes`, against the checksum of
 * the frame before it (the four bytes before `i`, which must be in `bytes`).
 */
export const verifyFrame = (
  bytes: Buffer,
  i: number,
  end: number,
  payloadBytes: number,
): FrameProblem | undefined => {
  const trailer = i + FRAME_HEADER_BYTES + payloadBytes;
  if (trailer + 4 > end) return 'frame cut short';
  return crc32Seeded(bytes.subarray(i - 4, trailer), bytes.readUInt32LE(i - 4)) ===
    bytes.readUInt32LE(trailer)
    ? undefined
    : 'checksum mismatch';
};

/**
 * Check a run of whole frames with one CRC: from the checksum before the first frame (at
 * index `from - 4`) to the checksum of the last one (at index `lastTrailer`).
 */
export const verifyRun = (bytes: Buffer, from: number, lastTrailer: number): boolean =>
  crc32Seeded(bytes.subarray(from - 4, lastTrailer), bytes.readUInt32LE(from - 4)) ===
  bytes.readUInt32LE(lastTrailer);

/** CRC-32 of `data` continuing from `seed`, the CRC of the bytes before it. */
export const crc32Seeded = (data: Uint8Array, seed: number): number => crc32(data, seed);

/** Bytes of a frame holding `payloadBytes` bytes of payload. */
export const frameBytes = (payloadBytes: number): number => FRAME_OVERHEAD + payloadBytes;

/** Write the frame's payload length and events-left; the writer seals the rest. */
export const writeFrameHeader = (
  target: Buffer,
  i: number,
  payloadBytes: number,
  eventsLeft: number,
): void => {
  target.writeUInt32LE(payloadBytes, i);
  target.writeUInt32LE(0, i + 4);
  target.writeUInt32LE(eventsLeft, i + 8);
};

/**
 * Fill in durable-before and the chain checksum of the frame at index `i` of `target`,
 * continuing the chain from `previous` (the checksum of the frame written before it, or
 * the segment header's); returns this frame's checksum.
 */
export const sealFrame = (
  target: Buffer,
  i: number,
  durableBefore: number,
  previous: number,
): number => {
  target.writeUInt32LE(durableBefore, i + 4);
  const trailer = i + FRAME_HEADER_BYTES + target.readUInt32LE(i);
  // The chain covers the previous checksum's four bytes, then this frame. Within an
  // append those four bytes are just before the frame; the first frame takes a copy.
  let sum: number;
  if (i >= 4) sum = crc32Seeded(target.subarray(i - 4, trailer), previous);
  else {
    previousBytes.writeUInt32LE(previous, 0);
    sum = crc32Seeded(target.subarray(i, trailer), crc32Seeded(previousBytes, previous));
  }
  target.writeUInt32LE(sum, trailer);
  return sum;
};

const previousBytes = Buffer.alloc(4);

export const encodeSegmentHeader = (firstPosition: number): Buffer => {
  const header = Buffer.alloc(SEGMENT_HEADER_BYTES);
  header.write(SEGMENT_MAGIC, 0, 'latin1');
  header.writeUInt32LE(FORMAT_VERSION, 8);
  header.writeUInt32LE(firstPosition % 0x1_0000_0000, 16);
  header.writeUInt32LE(Math.floor(firstPosition / 0x1_0000_0000), 20);
  header.writeUInt32LE(crc32(header.subarray(0, 28)), 28);
  return header;
};

export type SegmentHeaderProblem =
  | 'header cut short'
  | 'not a segment'
  | 'unknown format'
  | 'header checksum mismatch'
  | 'first position differs from the file name';

/** Check a segment's first bytes against the position its file name gives. */
export const checkSegmentHeader = (
  bytes: Buffer,
  available: number,
  firstPosition: number,
): SegmentHeaderProblem | undefined => {
  if (available < SEGMENT_HEADER_BYTES) return 'header cut short';
  if (crc32(bytes.subarray(0, 28)) !== bytes.readUInt32LE(28)) {
    return bytes.toString('latin1', 0, 8) === SEGMENT_MAGIC
      ? 'header checksum mismatch'
      : 'not a segment';
  }
  if (bytes.toString('latin1', 0, 8) !== SEGMENT_MAGIC) return 'not a segment';
  if (bytes.readUInt32LE(8) !== FORMAT_VERSION) return 'unknown format';
  const stored = bytes.readUInt32LE(16) + bytes.readUInt32LE(20) * 0x1_0000_0000;
  return stored === firstPosition ? undefined : 'first position differs from the file name';
};
