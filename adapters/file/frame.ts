import { crc32 } from './crc32';
import {
  FORMAT_VERSION,
  FRAME_HEADER_BYTES,
  MAX_PAYLOAD_BYTES,
  SEGMENT_HEADER_BYTES,
  SEGMENT_MAGIC,
} from './layout';

export interface FrameHeader {
  readonly payloadBytes: number;
  readonly payloadCrc: number;
  readonly durableBefore: number;
  readonly eventsLeft: number;
}

/** Why bytes at an offset are not a frame. */
export type FrameProblem =
  | 'header cut short'
  | 'header checksum mismatch'
  | 'payload length out of range'
  | 'payload cut short'
  | 'payload checksum mismatch';

/**
 * Write the frame header for `payloadBytes` bytes of payload at `offset` of `target`.
 * Everything but `durableBefore` is known when the append is encoded; the writer patches
 * durable-before (and so the header checksum) just before the write, with `sealFrameHeader`.
 */
export const writeFrameHeader = (
  target: Buffer,
  offset: number,
  payloadBytes: number,
  payloadCrc: number,
  eventsLeft: number,
): void => {
  target.writeUInt32LE(payloadBytes, offset);
  target.writeUInt32LE(payloadCrc, offset + 4);
  target.writeUInt32LE(0, offset + 8);
  target.writeUInt32LE(eventsLeft, offset + 12);
};

export const sealFrameHeader = (target: Buffer, offset: number, durableBefore: number): void => {
  target.writeUInt32LE(durableBefore, offset + 8);
  target.writeUInt32LE(crc32(target.subarray(offset, offset + 16)), offset + 16);
};

/**
 * The header at `offset` of `bytes` (valid up to index `end`), when its checksum
 * holds and its length is possible; else the problem. It does not look at the payload.
 */
export const readFrameHeader = (
  bytes: Buffer,
  offset: number,
  end: number,
): FrameHeader | FrameProblem => {
  if (end - offset < FRAME_HEADER_BYTES) return 'header cut short';
  const headerCrc = bytes.readUInt32LE(offset + 16);
  if (crc32(bytes.subarray(offset, offset + 16)) !== headerCrc) return 'header checksum mismatch';
  const payloadBytes = bytes.readUInt32LE(offset);
  if (payloadBytes < 2 || payloadBytes > MAX_PAYLOAD_BYTES) return 'payload length out of range';
  return {
    payloadBytes,
    payloadCrc: bytes.readUInt32LE(offset + 4),
    durableBefore: bytes.readUInt32LE(offset + 8),
    eventsLeft: bytes.readUInt32LE(offset + 12),
  };
};

/** Check the payload of a frame whose header was read at `offset`. */
export const checkPayload = (
  bytes: Buffer,
  offset: number,
  end: number,
  header: FrameHeader,
): FrameProblem | undefined => {
  const start = offset + FRAME_HEADER_BYTES;
  const payloadEnd = start + header.payloadBytes;
  if (payloadEnd > end) return 'payload cut short';
  return crc32(bytes.subarray(start, payloadEnd)) === header.payloadCrc
    ? undefined
    : 'payload checksum mismatch';
};

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
