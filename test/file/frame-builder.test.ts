import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { FrameBuilder } from '../../adapters/file/frame-builder';
import { FRAME_HEADER_BYTES, FRAME_TRAILER_BYTES } from '../../adapters/file/layout';
import { encodeRecord } from '../../adapters/file/record';
import { checkAppend } from '../../src/store/append-input';
import type { JsonValue, StoredEvent } from '../../src/store/envelope';

/** Strings JSON.stringify must escape or that UTF-8 spreads over several bytes. */
const awkwardString = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'grapheme' }),
  fc.string({
    unit: fc.constantFrom(
      '"',
      '\\',
      '\b',
      '\f',
      '\n',
      '\r',
      '\t',
      '\u0000',
      '\u001f',
      '\u007f',
      '\u0080',
      '\u07ff',
      '\u0800',
      '\u2028',
      '\u2029',
      '\ud800',
      '\udbff',
      '\udc00',
      '\udfff',
      '\uffff',
      '😀',
      '快',
      'a',
      '__proto__',
    ),
  }),
);

/** Integer-like keys come first in JSON.stringify's order, whatever order they were set in. */
const awkwardKey = fc.oneof(
  awkwardString,
  fc.constantFrom('0', '1', '10', '4294967294', '4294967295', '-1', '01', '__proto__', 'toJSON'),
);

const json: fc.Arbitrary<JsonValue> = fc.letrec<{ value: JsonValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    awkwardString,
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer(),
    fc.constantFrom(0, -0, 1e21, 1e-7, 5e-324, Number.MAX_VALUE, Number.MAX_SAFE_INTEGER + 2),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(awkwardKey, tie('value'), { maxKeys: 5 }),
  ),
})).value;

/** Events as they reach the encoder: through checkAppend's copy, then into an envelope. */
const storedEvent: fc.Arbitrary<StoredEvent> = fc
  .record({
    data: fc.dictionary(awkwardKey, json, { maxKeys: 6 }),
    type: awkwardString,
    streamId: fc.string({
      unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)),
      minLength: 1,
      maxLength: 40,
    }),
    eventId: fc.uuid(),
    streamVersion: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
    globalPosition: fc.integer({ min: 1, max: 0xffff_ffff }),
    schemaVersion: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
    recordedAt: fc
      .date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true })
      .map((d) => d.toISOString()),
    metadata: fc.record(
      { correlationId: awkwardString, causationId: awkwardString, actor: awkwardString },
      { requiredKeys: [] },
    ),
  })
  .map((e) => {
    const checked = checkAppend(
      e.streamId,
      [{ type: e.type, data: e.data, eventId: e.eventId, metadata: e.metadata }],
      { expectedVersion: 'any' },
    );
    if (checked._tag === 'Left') throw new Error(checked.left.message);
    const c = checked.right.events[0]!;
    return Object.freeze({
      eventId: e.eventId,
      streamId: e.streamId,
      streamVersion: e.streamVersion,
      globalPosition: e.globalPosition,
      type: c.type,
      schemaVersion: e.schemaVersion,
      recordedAt: e.recordedAt,
      metadata: c.metadata,
      data: c.data,
    });
  });

/** The payloads of the frames in `bytes`, by their headers. */
const payloadsOf = (bytes: Buffer): { payload: Buffer; eventsLeft: number }[] => {
  const out: { payload: Buffer; eventsLeft: number }[] = [];
  for (let at = 0; at < bytes.length; ) {
    const length = bytes.readUInt32LE(at);
    out.push({
      payload: bytes.subarray(at + FRAME_HEADER_BYTES, at + FRAME_HEADER_BYTES + length),
      eventsLeft: bytes.readUInt32LE(at + 8),
    });
    at += FRAME_HEADER_BYTES + length + FRAME_TRAILER_BYTES;
  }
  return out;
};

describe('FrameBuilder', () => {
  test('writes each payload byte for byte as the UTF-8 of encodeRecord (JSON.stringify)', () => {
    const builder = new FrameBuilder();
    fc.assert(
      fc.property(fc.array(storedEvent, { minLength: 1, maxLength: 4 }), (events) => {
        builder.begin();
        const lengths = events.map((e, k) => builder.frame(e, events.length - 1 - k));
        const frames = payloadsOf(builder.finish());
        expect(frames.map((f) => f.eventsLeft)).toEqual(
          events.map((_, k) => events.length - 1 - k),
        );
        events.forEach((e, k) => {
          const expected = Buffer.from(encodeRecord(e), 'utf8');
          expect(frames[k]!.payload.equals(expected)).toBe(true);
          expect(lengths[k]).toBe(expected.length);
        });
      }),
      { numRuns: 3000 },
    );
  });

  test('long strings, with a surrogate pair or a lone surrogate where they are cut into chunks', () => {
    const builder = new FrameBuilder();
    const texts = [
      `a${'😀'.repeat(3000)}`,
      `${'😀'.repeat(3000)}`,
      `${'x'.repeat(4095)}\ud800y`,
      `${'x'.repeat(4095)}\udc00\ud800`,
      `${'"'.repeat(9000)}${'\u0001'.repeat(9000)}`,
    ];
    for (const text of texts) {
      const event: StoredEvent = Object.freeze({
        eventId: '0190a5d4-3c2b-7a00-8000-000000000001',
        streamId: 's',
        streamVersion: 1,
        globalPosition: 1,
        type: text,
        schemaVersion: 1,
        recordedAt: '2026-03-02T01:00:00.000Z',
        metadata: {},
        data: { [text]: text },
      });
      builder.begin();
      builder.frame(event, 0);
      const [frame] = payloadsOf(builder.finish());
      expect(frame!.payload.equals(Buffer.from(encodeRecord(event), 'utf8'))).toBe(true);
    }
  });

  test('appends built one after another keep their bytes, across a buffer that fills up, and an abandoned one leaves none', () => {
    const builder = new FrameBuilder();
    const event = (n: number, text: string): StoredEvent =>
      Object.freeze({
        eventId: '0190a5d4-3c2b-7a00-8000-000000000001',
        streamId: 's',
        streamVersion: n,
        globalPosition: n,
        type: 'T',
        schemaVersion: 1,
        recordedAt: '2026-03-02T01:00:00.000Z',
        metadata: {},
        data: { text },
      });
    const built: { bytes: Buffer; copy: Buffer }[] = [];
    // Sizes from tiny to several times the buffer, so that appends both share one buffer
    // and are moved to a larger one in the middle of a frame.
    for (let n = 1; n <= 60; n++) {
      builder.begin();
      builder.frame(event(n, '快'.repeat((n * 7919) % 50_000)), 1);
      builder.frame(event(n, 'x'.repeat(n)), 0);
      if (n % 7 === 0) {
        builder.abandon();
        continue;
      }
      const bytes = builder.finish();
      built.push({ bytes, copy: Buffer.from(bytes) });
    }
    for (const { bytes, copy } of built) expect(bytes.equals(copy)).toBe(true);
    const first = payloadsOf(built[0]!.bytes);
    expect(first.map((f) => JSON.parse(f.payload.toString()).data.text)).toEqual([
      '快'.repeat(7919),
      'x',
    ]);
  });
});
