import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { isCommandOfType } from '../../src/complaint/command-check';
import { COMMAND_CODECS, type ComplaintCommandType } from '../../src/complaint/commands';
import { arbitraries } from '../../src/testing/arbitraries';
import { instant } from '../../src/testing/arbitraries/time';

const TYPES = Object.keys(COMMAND_CODECS) as ComplaintCommandType[];

/** Both answers for `input` under every command type: the codec's and the hand-written one. */
const agreesForEveryType = (input: unknown): boolean => {
  for (const type of TYPES) {
    const expected = COMMAND_CODECS[type].is(input);
    expect(isCommandOfType(type, input), `${type}: ${JSON.stringify(input)}`).toBe(expected);
  }
  return TYPES.some((type) => COMMAND_CODECS[type].is(input));
};

const valid = arbitraries.command({ at: instant({ offsets: true }) });

/** A valid command with fields set to undefined, extra keys, or its type swapped. */
const reshaped = fc
  .tuple(
    valid,
    fc.dictionary(
      fc.constantFrom(
        'reason',
        'remarks',
        'notes',
        'deadline',
        'reference',
        'repeatOf',
        'substantiated',
        'reportedTo',
        'responsiblePeople',
        'commandId',
        'actor',
        'extra',
      ),
      fc.constantFrom(undefined, 'x', ' ', '', 3, true, ['a'], [1], {}, '2026-03-02T01:00:00Z'),
    ),
    fc.option(fc.constantFrom(...TYPES)),
  )
  .map(([command, extra, type]) => ({ ...command, ...extra, ...(type ? { type } : {}) }));

describe('isCommandOfType', () => {
  test('valid commands: accepted exactly as the codecs accept them', () => {
    fc.assert(
      fc.property(valid, (command) => {
        expect(agreesForEveryType(command)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  test('commands with one field broken, at any depth: refused exactly as the codecs refuse them', () => {
    let refused = 0;
    fc.assert(
      fc.property(arbitraries.badCommand(), ({ input }) => {
        if (!agreesForEveryType(input)) refused++;
      }),
      { numRuns: 5000 },
    );
    expect(refused).toBeGreaterThan(4000);
  });

  test('reshaped commands and arbitrary values: the same answer as the codecs', () => {
    let accepted = 0;
    fc.assert(
      fc.property(
        fc.oneof({ weight: 3, arbitrary: reshaped }, { weight: 1, arbitrary: arbitraries.junk() }),
        (input) => {
          if (agreesForEveryType(input)) accepted++;
        },
      ),
      { numRuns: 5000 },
    );
    // Both answers must come up for the comparison to mean anything.
    expect(accepted).toBeGreaterThan(500);
  });
});
