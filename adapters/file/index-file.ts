import { crc32 } from './crc32';
import type { SegmentEntries } from './log-index';

/**
 * The index file of a segment: derived data, so any doubt about it (missing, a checksum
 * that fails, a size that no longer matches the segment) means "rebuild it from the log",
 * never an error.
 *
 *   magic "CLEDGIDX", format u32, first position u64, event count u32, covered bytes u32,
 *   stream count u32, then per stream: byte length u16 + UTF-8 id,
 *   then per event: offset u32, stream ordinal u32, stream version u32, id fingerprint u32,
 *   then crc32 of everything before it.
 */
const MAGIC = 'CLEDGIDX';
const FORMAT = 1;
const HEADER_BYTES = 32;
const ENTRY_BYTES = 16;

export interface IndexFileContent {
  readonly firstPosition: number;
  /** The segment's size when the index was written: the bytes its entries describe. */
  readonly coveredBytes: number;
  readonly streamNames: readonly string[];
  readonly offsets: Uint32Array;
  readonly streamOrdinals: Uint32Array;
  readonly versions: Uint32Array;
  readonly fingerprints: Uint32Array;
}

export const encodeIndexFile = (
  firstPosition: number,
  coveredBytes: number,
  offsets: Uint32Array,
  entries: SegmentEntries,
): Buffer => {
  const count = entries.versions.length;
  const names = entries.streamNames.map((name) => Buffer.from(name, 'utf8'));
  const namesBytes = names.reduce((sum, name) => sum + 2 + name.length, 0);
  const out = Buffer.alloc(HEADER_BYTES + namesBytes + count * ENTRY_BYTES + 4);
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(FORMAT, 8);
  out.writeUInt32LE(firstPosition % 0x1_0000_0000, 12);
  out.writeUInt32LE(Math.floor(firstPosition / 0x1_0000_0000), 16);
  out.writeUInt32LE(count, 20);
  out.writeUInt32LE(coveredBytes, 24);
  out.writeUInt32LE(names.length, 28);
  let at = HEADER_BYTES;
  for (const name of names) {
    out.writeUInt16LE(name.length, at);
    name.copy(out, at + 2);
    at += 2 + name.length;
  }
  for (let i = 0; i < count; i++) {
    out.writeUInt32LE(offsets[i]!, at);
    out.writeUInt32LE(entries.streamOrdinals[i]!, at + 4);
    out.writeUInt32LE(entries.versions[i]!, at + 8);
    out.writeUInt32LE(entries.fingerprints[i]!, at + 12);
    at += ENTRY_BYTES;
  }
  out.writeUInt32LE(crc32(out.subarray(0, at)), at);
  return out;
};

/** The content of an index file, or why it cannot be used. */
export const decodeIndexFile = (bytes: Buffer): IndexFileContent | string => {
  if (bytes.length < HEADER_BYTES + 4) return 'too short';
  const body = bytes.length - 4;
  if (crc32(bytes.subarray(0, body)) !== bytes.readUInt32LE(body)) return 'checksum mismatch';
  if (bytes.toString('latin1', 0, 8) !== MAGIC) return 'not an index file';
  if (bytes.readUInt32LE(8) !== FORMAT) return 'unknown format';
  const firstPosition = bytes.readUInt32LE(12) + bytes.readUInt32LE(16) * 0x1_0000_0000;
  const count = bytes.readUInt32LE(20);
  const coveredBytes = bytes.readUInt32LE(24);
  const streamCount = bytes.readUInt32LE(28);
  const streamNames: string[] = [];
  let at = HEADER_BYTES;
  for (let i = 0; i < streamCount; i++) {
    if (at + 2 > body) return 'stream table cut short';
    const length = bytes.readUInt16LE(at);
    if (at + 2 + length > body) return 'stream table cut short';
    streamNames.push(bytes.toString('utf8', at + 2, at + 2 + length));
    at += 2 + length;
  }
  if (at + count * ENTRY_BYTES !== body) return 'entry table has the wrong size';
  const offsets = new Uint32Array(count);
  const streamOrdinals = new Uint32Array(count);
  const versions = new Uint32Array(count);
  const fingerprints = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    offsets[i] = bytes.readUInt32LE(at);
    const ordinal = bytes.readUInt32LE(at + 4);
    if (ordinal >= streamCount) return 'stream ordinal out of range';
    streamOrdinals[i] = ordinal;
    versions[i] = bytes.readUInt32LE(at + 8);
    fingerprints[i] = bytes.readUInt32LE(at + 12);
    at += ENTRY_BYTES;
  }
  return {
    firstPosition,
    coveredBytes,
    streamNames,
    offsets,
    streamOrdinals,
    versions,
    fingerprints,
  };
};
