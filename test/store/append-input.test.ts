import * as E from 'fp-ts/Either';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { AppendInput, checkAppend } from '../../src/store/append-input';

const uuid = fc.uuid();

/** Mostly valid pieces with wrong ones mixed in, so both answers come up often. */
const maybe = <T>(good: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 15, arbitrary: good }, { weight: 1, arbitrary: fc.anything({ maxDepth: 2 }) });

const metadata = fc.record(
  {
    correlationId: maybe(fc.string()),
    causationId: maybe(fc.string()),
    actor: maybe(fc.oneof(fc.string(), fc.constant(undefined))),
    extra: fc.anything({ maxDepth: 1 }),
  },
  { requiredKeys: [] },
);

const newEvent = fc.record(
  {
    type: maybe(fc.string()),
    data: maybe(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 })),
    eventId: maybe(fc.oneof(uuid, fc.constant(undefined))),
    schemaVersion: maybe(
      fc.oneof(
        { weight: 6, arbitrary: fc.integer({ min: 1, max: 5 }) },
        { weight: 1, arbitrary: fc.integer({ min: -2, max: 0 }) },
        { weight: 1, arbitrary: fc.double() },
      ),
    ),
    metadata: maybe(metadata),
  },
  { requiredKeys: ['type', 'data'] },
);

const input = fc.record({
  streamId: maybe(fc.stringMatching(/^[\x21-\x7e]{1,20}$/)),
  events: maybe(fc.array(maybe(newEvent), { maxLength: 4 })),
  options: maybe(
    fc.record(
      {
        expectedVersion: maybe(
          fc.oneof(fc.constantFrom('any', 'no_stream'), fc.integer({ min: -2, max: 5 })),
        ),
        metadata: maybe(metadata),
      },
      { requiredKeys: [] },
    ),
  ),
});

const hasRepeatedId = (events: unknown): boolean => {
  if (!Array.isArray(events)) return false;
  const ids = events
    .map((e) => (e as { eventId?: unknown }).eventId)
    .filter((id) => id !== undefined);
  return new Set(ids).size !== ids.length;
};

describe('checkAppend', () => {
  test('accepts exactly what the AppendInput codec accepts (non-empty, no repeated id)', () => {
    let accepted = 0;
    fc.assert(
      fc.property(input, ({ streamId, events, options }) => {
        const codec = E.isRight(AppendInput.decode({ streamId, events, options }));
        const expected =
          codec && Array.isArray(events) && events.length > 0 && !hasRepeatedId(events);
        const checked = checkAppend(streamId, events, options);
        expect(E.isRight(checked)).toBe(expected);
        if (E.isRight(checked)) accepted++;
        else expect(checked.left.problems.length).toBeGreaterThan(0);
      }),
      { numRuns: 3000 },
    );
    // The generator must reach both sides for the property to mean anything.
    expect(accepted).toBeGreaterThan(150);
  });

  test('merges the append metadata under each event’s own, keeping only known keys', () => {
    const checked = checkAppend(
      's-1',
      [
        { type: 'A', data: {}, metadata: { actor: 'own', extra: 'dropped' } },
        { type: 'B', data: {} },
      ],
      { expectedVersion: 'any', metadata: { actor: 'base', correlationId: 'c' } },
    );
    if (E.isLeft(checked)) throw new Error(checked.left.message);
    expect(checked.right.events.map((e) => e.metadata)).toEqual([
      { actor: 'own', correlationId: 'c' },
      { actor: 'base', correlationId: 'c' },
    ]);
    expect(checked.right.events[1]!.schemaVersion).toBe(1);
    expect(Object.isFrozen(checked.right.events[0]!.metadata)).toBe(true);
  });

  test('names every bad path at once', () => {
    const checked = checkAppend('', [{ type: 1, data: {} }], { expectedVersion: 'x' });
    if (E.isRight(checked)) throw new Error('accepted bad input');
    expect(checked.left.problems.map((p) => p.path)).toEqual([
      'streamId',
      'events[0].type',
      'options.expectedVersion',
    ]);
  });
});
