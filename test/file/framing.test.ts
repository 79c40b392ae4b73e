import { crc32 as zlibCrc32 } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { crc32, crc32Portable } from '../../adapters/file/crc32';
import {
  encodeSegmentHeader,
  frameBytes,
  readFrameHeader,
  sealFrame,
  verifyFrame,
  verifyRun,
  writeFrameHeader,
} from '../../adapters/file/frame';
import { CHAIN_START, FRAME_HEADER_BYTES, SEGMENT_HEADER_BYTES } from '../../adapters/file/layout';
import { decodeRecord, encodeRecord } from '../../adapters/file/record';
import type { StoredEvent } from '../../src/store/envelope';

describe('CRC-32', () => {
  test('the portable CRC agrees with zlib for any bytes and any starting value', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        fc.nat({ max: 0xffff_ffff }),
        (bytes, seed) => {
          expect(crc32Portable(bytes, seed)).toBe(zlibCrc32(bytes, seed) >>> 0);
          expect(crc32(bytes, seed)).toBe(zlibCrc32(bytes, seed) >>> 0);
        },
      ),
    );
    // The check value of the standard: CRC-32 of "123456789".
    expect(crc32Portable(Buffer.from('123456789'))).toBe(0xcbf43926);
  });
});

/** A segment of frames holding `payloads`, sealed as the writer seals them. */
const segmentOf = (payloads: readonly string[]): { bytes: Buffer; offsets: number[] } => {
  const header = encodeSegmentHeader(1);
  const frames = payloads.map((p) => {
    const text = Buffer.from(p);
    const frame = Buffer.alloc(frameBytes(text.length));
    writeFrameHeader(frame, 0, text.length, 0);
    text.copy(frame, FRAME_HEADER_BYTES);
    return frame;
  });
  let chain = header.readUInt32LE(CHAIN_START);
  const offsets: number[] = [];
  let at = SEGMENT_HEADER_BYTES;
  for (const frame of frames) {
    chain = sealFrame(frame, 0, at, chain);
    offsets.push(at);
    at += frame.length;
  }
  return { bytes: Buffer.concat([header, ...frames]), offsets };
};

describe('chained frames', () => {
  const payloads = fc.array(fc.string({ minLength: 2, maxLength: 60 }), {
    minLength: 1,
    maxLength: 8,
  });

  test('each frame checks on its own and a run checks with one CRC', () => {
    fc.assert(
      fc.property(payloads, (texts) => {
        const { bytes, offsets } = segmentOf(texts);
        for (const offset of offsets) {
          const header = readFrameHeader(bytes, offset, bytes.length);
          if (typeof header === 'string') throw new Error(header);
          expect(verifyFrame(bytes, offset, bytes.length, header.payloadBytes)).toBeUndefined();
          expect(header.durableBefore).toBe(offset);
        }
        expect(verifyRun(bytes, offsets[0]!, bytes.length - 4)).toBe(true);
      }),
    );
  });

  test('changing any byte after the segment header fails the run and the frame that holds it (or the next, for its checksum)', () => {
    fc.assert(
      fc.property(payloads, fc.nat(), fc.integer({ min: 1, max: 255 }), (texts, at, mask) => {
        const { bytes, offsets } = segmentOf(texts);
        const where = SEGMENT_HEADER_BYTES + (at % (bytes.length - SEGMENT_HEADER_BYTES));
        bytes.writeUInt8(bytes.readUInt8(where) ^ mask, where);
        expect(verifyRun(bytes, offsets[0]!, bytes.length - 4)).toBe(false);
        const failing = offsets.filter((offset) => {
          const header = readFrameHeader(bytes, offset, bytes.length);
          return (
            typeof header === 'string' ||
            verifyFrame(bytes, offset, bytes.length, header.payloadBytes) !== undefined
          );
        });
        expect(failing.length).toBeGreaterThan(0);
      }),
    );
  });
});

describe('records', () => {
  const event: StoredEvent = {
    eventId: '0190a5d4-3c2b-7a00-8000-000000000001',
    streamId: 'complaint-C-1',
    streamVersion: 2,
    globalPosition: 7,
    type: 'ComplaintClassified',
    schemaVersion: 1,
    recordedAt: '2026-03-02T01:30:00.000Z',
    metadata: { actor: 'agent-7' },
    data: { complaintClass: 'general', at: '2026-03-02T01:30:00.000Z' },
  };

  test('round-trips an envelope', () => {
    expect(decodeRecord(encodeRecord(event))).toEqual(event);
  });

  test('a record that is not an envelope is refused naming the field', () => {
    const bad = (change: object) => decodeRecord(JSON.stringify({ ...event, ...change }));
    expect(bad({ globalPosition: 0 })).toMatch(/globalPosition/);
    expect(bad({ eventId: 'x' })).toMatch(/eventId/);
    expect(bad({ recordedAt: '2026-13-40T00:00:00Z' })).toMatch(/recordedAt/);
    expect(bad({ metadata: { actor: 1 } })).toMatch(/metadata\.actor/);
    expect(bad({ data: [1] })).toMatch(/data/);
    expect(decodeRecord('{"eventId":')).toMatch(/not JSON/);
  });
});
