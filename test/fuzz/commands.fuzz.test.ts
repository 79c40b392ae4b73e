import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCommand } from '../../src/complaint/codec';
import { arbitraries } from '../../src/testing/index';
import { BATCH, casesFor, expectDecodeError, FUZZ_BUDGET } from './budget';

describe('fuzzing decodeCommand', () => {
  it('a command with one broken field is refused with a DecodeError naming that field', () => {
    let seen = 0;
    fc.assert(
      fc.property(
        fc.array(arbitraries.badCommand(), { minLength: BATCH, maxLength: BATCH }),
        (bad) => {
          for (const { input, path, change } of bad) {
            seen++;
            expectDecodeError(decodeCommand(input), path, change);
          }
        },
      ),
      { numRuns: casesFor(FUZZ_BUDGET.commands * 0.75) },
    );
    expect(seen).toBeGreaterThanOrEqual(casesFor(FUZZ_BUDGET.commands * 0.75) * BATCH);
  });

  it('anything at all — any JSON, values JSON cannot hold — is refused without a throw', () => {
    let seen = 0;
    fc.assert(
      fc.property(
        fc.array(arbitraries.junk(), { minLength: BATCH, maxLength: BATCH }),
        (inputs) => {
          for (const input of inputs) {
            seen++;
            expectDecodeError(decodeCommand(input), undefined, fc.stringify(input));
          }
        },
      ),
      { numRuns: casesFor(FUZZ_BUDGET.commands * 0.25) },
    );
    expect(seen).toBeGreaterThanOrEqual(casesFor(FUZZ_BUDGET.commands * 0.25) * BATCH);
  });
});
