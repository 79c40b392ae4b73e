import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StoredEvent } from '../../src/store/envelope';
import { looksStored } from '../../src/store/parsed-envelope';
import { Instant } from '../../src/shared/time';
import { arbitraries } from '../../src/testing/index';

/** As an adapter reads it back: plain JSON. */
const parsed = (u: unknown): unknown => JSON.parse(JSON.stringify(u) ?? 'null');

describe('looksStored, the readers’ hand-written StoredEvent.is', () => {
  it('agrees with the codec on any sequence of rows, good and bad, sharing stream ids', () => {
    // Rows of one stream come together: a bad stream id right after a good one of the same
    // stream, or a good one after a bad, must not be vouched for by the id checked last.
    const row = fc.oneof(
      arbitraries.badStoredEvent().map(({ input }) => parsed(input)),
      arbitraries.badStoredEvent().map(({ input }) => {
        const u = parsed(input);
        return typeof u === 'object' && u !== null ? { ...u, streamId: 'complaint-C-1' } : u;
      }),
      arbitraries.badStoredEvent().map(({ input }) => {
        const u = parsed(input);
        return typeof u === 'object' && u !== null ? { ...u, streamId: 'complaint C-1' } : u;
      }),
    );
    fc.assert(
      fc.property(fc.array(row, { maxLength: 12 }), (rows) => {
        for (const u of rows) expect(looksStored(u, Instant.is)).toBe(StoredEvent.is(u));
      }),
      { numRuns: 300 },
    );
  });
});
