import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { isEventDataOfType } from '../../src/complaint/event-check';
import {
  type ComplaintEvent,
  type ComplaintEventType,
  EVENT_CODECS,
} from '../../src/complaint/events';
import { arbitraries } from '../../src/testing/arbitraries';
import { instant } from '../../src/testing/arbitraries/time';

const TYPES = Object.keys(EVENT_CODECS) as ComplaintEventType[];

/** Both answers for `data` under every event type: the codec's and the hand-written one. */
const agreesForEveryType = (data: unknown): boolean => {
  for (const type of TYPES) {
    const expected = EVENT_CODECS[type].is({ type, data });
    expect(isEventDataOfType(type, data), `${type}: ${JSON.stringify(data)}`).toBe(expected);
  }
  return TYPES.some((type) => EVENT_CODECS[type].is({ type, data }));
};

const valid = arbitraries.event({ at: instant({ offsets: true }) });

/** A valid event's data with fields set to undefined, to other values, or added. */
const reshaped = fc
  .tuple(
    valid,
    fc.dictionary(
      fc.constantFrom(
        'at',
        'reason',
        'remarks',
        'notes',
        'deadline',
        'reference',
        'repeatOf',
        'substantiated',
        'reportedTo',
        'responsiblePeople',
        'reopened',
        'customer',
        'extra',
      ),
      fc.constantFrom(
        undefined,
        'x',
        ' ',
        '',
        3,
        true,
        ['a'],
        ['verify'],
        [1],
        {},
        { id: 'C1' },
        '2026-03-02T01:00:00Z',
        '2026-02-30T01:00:00.000Z',
      ),
    ),
  )
  .map(([event, extra]) => ({ ...event.data, ...extra }));

/** A valid event with one field of its data broken, at any depth. */
const broken = arbitraries
  .corrupt<ComplaintEvent>((e) => EVENT_CODECS[e.type] as never, valid, ['type'])
  .map(({ input }) => input as { type: ComplaintEventType; data: unknown });

describe('isEventDataOfType', () => {
  test('valid events: accepted exactly as the codecs accept them', () => {
    fc.assert(
      fc.property(valid, (event) => {
        expect(agreesForEveryType(event.data)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  test('events with one field broken: refused exactly as the codecs refuse them', () => {
    let refused = 0;
    fc.assert(
      fc.property(broken, ({ type, data }) => {
        agreesForEveryType(data);
        if (!isEventDataOfType(type, data)) refused++;
      }),
      { numRuns: 5000 },
    );
    // Nearly every break is one its own type refuses (the rest break what `is` ignores).
    expect(refused).toBeGreaterThan(4000);
  });

  test('reshaped data and arbitrary values: the same answer as the codecs', () => {
    let accepted = 0;
    fc.assert(
      fc.property(
        fc.oneof({ weight: 3, arbitrary: reshaped }, { weight: 1, arbitrary: arbitraries.junk() }),
        (data) => {
          if (agreesForEveryType(data)) accepted++;
        },
      ),
      { numRuns: 5000 },
    );
    expect(accepted).toBeGreaterThan(500);
  });
});
