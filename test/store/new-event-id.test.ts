import fc from 'fast-check';
import { stringify } from 'uuid';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { EventId } from '../../src/store/envelope';
import { formatUuid, newEventId } from '../../src/store/new-event-id';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const millisOf = (id: string): number => Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16);

describe('newEventId', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  test('makes RFC 9562 version 7 UUIDs carrying the current millisecond', () => {
    const before = Date.now();
    const id = newEventId();
    const after = Date.now();
    expect(id).toMatch(V7);
    expect(EventId.is(id)).toBe(true);
    expect(millisOf(id)).toBeGreaterThanOrEqual(before);
    expect(millisOf(id)).toBeLessThanOrEqual(after + 1);
  });

  // The generator never goes back in time, so each test sets a clock later than the last.
  test('ids sort in the order they were made, within one millisecond and beyond its counter', () => {
    vi.useFakeTimers({ now: Date.parse('2030-03-02T01:30:00.000Z'), toFake: ['Date'] });
    // More than the 12-bit counter holds, all in one frozen millisecond.
    const ids = Array.from({ length: 10_000 }, () => newEventId());
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    for (const id of ids) expect(id).toMatch(V7);
    expect(millisOf(ids[0]!)).toBe(Date.parse('2030-03-02T01:30:00.000Z'));
  });

  test('ids keep increasing when the clock steps back', () => {
    vi.useFakeTimers({ now: Date.parse('2031-03-02T01:30:00.000Z'), toFake: ['Date'] });
    const first = newEventId();
    vi.setSystemTime(Date.parse('2031-03-02T01:29:00.000Z'));
    const second = newEventId();
    expect(second > first).toBe(true);
    vi.setSystemTime(Date.parse('2031-03-02T01:31:00.000Z'));
    const third = newEventId();
    expect(third > second).toBe(true);
    expect(millisOf(third)).toBe(Date.parse('2031-03-02T01:31:00.000Z'));
  });

  test('the random part varies', () => {
    const tails = new Set(Array.from({ length: 1000 }, () => newEventId().slice(19)));
    expect(tails.size).toBe(1000);
  });

  test('writes any 16 bytes as uuid’s own stringify does', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (bytes) => {
        const hex = Buffer.from(bytes).toString('hex');
        const text = formatUuid(bytes);
        expect(text).toBe(
          `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`,
        );
        // stringify refuses anything but a valid version and variant: make it one.
        const v7 = Uint8Array.from(bytes);
        v7[6] = 0x70 | (v7[6]! & 0x0f);
        v7[8] = 0x80 | (v7[8]! & 0x3f);
        expect(formatUuid(v7)).toBe(stringify(v7));
      }),
      { numRuns: 2000 },
    );
  });
});
