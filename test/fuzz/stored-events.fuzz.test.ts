import * as E from 'fp-ts/Either';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromStoredEvent } from '../../src/complaint/codec';
import { decodeWith } from '../../src/shared/decode';
import { SlaProjection } from '../../src/sla/projection';
import { StoredEvent } from '../../src/store/envelope';
import { arbitraries } from '../../src/testing/index';
import { BATCH, casesFor, expectDecodeError, FUZZ_BUDGET } from './budget';

/**
 * The fields SLA clocks are computed from. The projection reads only these (for speed), so
 * only their breakage must stop it; a malformed note or name it leaves to the decoders.
 */
const CLOCK_FIELDS = [
  'type',
  'schemaVersion',
  'data.at',
  'data.deadline',
  'data.complaintClass',
  'data.to',
  'data.reopened',
];
const isClockField = (type: unknown, path: string): boolean =>
  CLOCK_FIELDS.some((f) => path === f || path.startsWith(`${f}[`)) ||
  (type === 'RectificationInspected' && path === 'data.result');

/** What an adapter does with a row it read: check the envelope, then read the event. */
const readRow = (row: unknown) =>
  E.chain(fromStoredEvent)(decodeWith(StoredEvent, 'stored event')(row));

describe('fuzzing stored event rows', () => {
  it('a row with a broken envelope or broken event data is a DecodeError naming the field', () => {
    let seen = 0;
    fc.assert(
      fc.property(
        fc.array(arbitraries.badStoredEvent(), { minLength: BATCH, maxLength: BATCH }),
        (bad) => {
          for (const { input, path, change } of bad) {
            seen++;
            expectDecodeError(readRow(input), path, change);
          }
        },
      ),
      { numRuns: casesFor(FUZZ_BUDGET.storedEvents * 0.7) },
    );
    expect(seen).toBeGreaterThanOrEqual(casesFor(FUZZ_BUDGET.storedEvents * 0.7) * BATCH);
  });

  it('the SLA projection never throws on such a row, nor reads one with a broken clock field as a fact', () => {
    let seen = 0;
    let clockFields = 0;
    fc.assert(
      fc.property(
        fc.array(arbitraries.badStoredEvent(), { minLength: BATCH, maxLength: BATCH }),
        (bad) => {
          for (const { input, path, change } of bad) {
            // The projection reads rows whose envelope a store already checked.
            if (!StoredEvent.is(input)) continue;
            seen++;
            const projection = new SlaProjection();
            const error = projection.apply(input);
            if (!isClockField(input.type, path)) continue;
            clockFields++;
            const facts = projection.stream(input.streamId)?.count ?? 0;
            if (facts > 0) expect.fail(`${change}: the SLA projection read a bad row as a fact`);
            // No error: an event no clock depends on, skipped unread (the projection's choice).
            if (error !== undefined) expect(error._tag, change).toBe('SlaEventError');
          }
        },
      ),
      { numRuns: casesFor(FUZZ_BUDGET.storedEvents * 0.3) },
    );
    expect(seen).toBeGreaterThan(0);
    expect(clockFields).toBeGreaterThan(seen / 10);
  });

  it('well-formed rows of every event type read back as the event they hold', () => {
    fc.assert(
      fc.property(arbitraries.storedEventRow(), (row) => {
        const read = readRow(JSON.parse(JSON.stringify(row)));
        expect(E.isRight(read) && read.right.type).toBe(row.type);
      }),
      { numRuns: 300 },
    );
  });
});
