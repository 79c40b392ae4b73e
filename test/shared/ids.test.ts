import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Code, ComplaintId } from '../../src/complaint/vocabulary';
import { EventId, StreamId } from '../../src/store/envelope';

/** The ids' definitions as regular expressions: the hand-written checks must agree. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PRINTABLE = /^[\x21-\x7e]+$/;

/** A UUID with one character replaced by any code unit. */
const nearUuid = fc
  .tuple(fc.uuid(), fc.nat(35), fc.integer({ min: 0, max: 0xffff }))
  .map(([u, i, c]) => u.slice(0, i) + String.fromCharCode(c) + u.slice(i + 1));

describe('envelope ids', () => {
  it('EventId accepts exactly the 8-4-4-4-12 hex UUIDs, either case', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uuid(),
          fc.uuid().map((u) => u.toUpperCase()),
          nearUuid,
          fc.string({ minLength: 34, maxLength: 38 }),
        ),
        (s) => {
          expect(EventId.is(s), s).toBe(UUID.test(s));
        },
      ),
      { numRuns: 20_000 },
    );
  });

  it('StreamId accepts exactly 1–200 printable ASCII characters without spaces', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 210 }), fc.nat(220), (s, n) => {
        for (const id of [s, 'a'.repeat(n)])
          expect(StreamId.is(id), id).toBe(id.length <= 200 && PRINTABLE.test(id));
      }),
      { numRuns: 5_000 },
    );
  });
});

describe('complaint ids and codes', () => {
  it('accept exactly a letter or digit, then up to 127 of letters, digits and ._:-', () => {
    const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
    const idLike = fc.stringMatching(/^[A-Za-z0-9._:\- é]{0,130}$/);
    fc.assert(
      fc.property(fc.oneof(idLike, fc.string({ maxLength: 140 }), fc.nat(140)), (s) => {
        const id = typeof s === 'number' ? `C${'-'.repeat(s)}` : s;
        expect(ComplaintId.is(id), id).toBe(ID.test(id));
        expect(Code.is(id), id).toBe(ID.test(id));
      }),
      { numRuns: 20_000 },
    );
  });
});
