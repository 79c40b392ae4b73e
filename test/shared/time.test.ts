import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { Instant, toMillis } from '../../src/shared/time';

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** The canonical shape with any digits in each field, in range or not. */
const canonicalShaped = fc
  .record({
    year: fc.integer({ min: 0, max: 9999 }),
    month: fc.integer({ min: 0, max: 99 }),
    day: fc.integer({ min: 0, max: 99 }),
    hour: fc.integer({ min: 0, max: 99 }),
    minute: fc.integer({ min: 0, max: 99 }),
    second: fc.integer({ min: 0, max: 99 }),
    ms: fc.integer({ min: 0, max: 999 }),
  })
  .map(
    (f) =>
      `${pad(f.year, 4)}-${pad(f.month, 2)}-${pad(f.day, 2)}T${pad(f.hour, 2)}:${pad(f.minute, 2)}:${pad(f.second, 2)}.${pad(f.ms, 3)}Z`,
  );

/** A canonical instant with one character replaced: separators, digits, the zone letter. */
const oneCharOff = fc
  .tuple(
    fc.date({ min: new Date(-62_000_000_000_000), max: new Date(250_000_000_000_000) }),
    fc.nat({ max: 23 }),
    fc.constantFrom('0', '9', '/', ':', '-', 'T', 'Z', 'z', ' ', '+', 'a', '.'),
  )
  .filter(([d]) => !Number.isNaN(d.getTime()))
  .map(([d, at, c]) => {
    const s = d.toISOString();
    return s.slice(0, at) + c + s.slice(at + 1);
  });

describe('toMillis', () => {
  test('agrees with Date.parse on every string of the canonical shape', () => {
    fc.assert(
      fc.property(fc.oneof(canonicalShaped, oneCharOff), (s) => {
        expect(Object.is(toMillis(s), Date.parse(s))).toBe(true);
      }),
      { numRuns: 20_000 },
    );
  });

  test('agrees with Date.parse on real instants, their edges and other accepted forms', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date(-62_000_000_000_000), max: new Date(250_000_000_000_000) }),
        (d) => {
          fc.pre(!Number.isNaN(d.getTime()));
          const s = d.toISOString();
          expect(toMillis(s)).toBe(d.getTime());
        },
      ),
      { numRuns: 5000 },
    );
    for (const s of [
      '0000-01-01T00:00:00.000Z',
      '0000-03-01T00:00:00.000Z',
      '1970-01-01T00:00:00.000Z',
      '1969-12-31T23:59:59.999Z',
      '2000-02-28T23:59:59.999Z',
      '2024-02-29T12:00:00.000Z',
      '2026-02-30T00:00:00.000Z',
      '2026-01-01T24:00:00.000Z',
      '2026-03-02T09:30:00+08:00',
      '2026-03-02T01:30Z',
      '2026-03-02T01:30:00.123456Z',
      'yesterday',
    ])
      expect(Object.is(toMillis(s), Date.parse(s)), s).toBe(true);
  });
});

describe('Instant', () => {
  test('accepts exactly the ISO-8601 forms with an offset that name a real time', () => {
    const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
    fc.assert(
      fc.property(fc.oneof(canonicalShaped, oneCharOff, fc.string()), (s) => {
        expect(Instant.is(s), s).toBe(ISO.test(s) && !Number.isNaN(Date.parse(s)));
      }),
      { numRuns: 20_000 },
    );
  });
});
