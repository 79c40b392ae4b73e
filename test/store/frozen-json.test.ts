import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { JsonObject, JsonValue } from '../../src/store/envelope';
import { frozenJsonCopy, frozenJsonObjectCopy, NOT_JSON } from '../../src/store/frozen-json';

const anything = fc.anything({
  maxDepth: 4,
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withSparseArray: true,
  withTypedArray: true,
});

const isDeepFrozen = (value: unknown): boolean =>
  typeof value !== 'object' ||
  value === null ||
  (Object.isFrozen(value) && Object.values(value).every(isDeepFrozen));

describe('frozenJsonCopy', () => {
  test('accepts exactly what the JsonValue and JsonObject codecs accept', () => {
    fc.assert(
      fc.property(fc.oneof(anything, fc.jsonValue()), (value) => {
        expect(frozenJsonCopy(value) !== NOT_JSON).toBe(JsonValue.is(value));
        expect(frozenJsonObjectCopy(value) !== NOT_JSON).toBe(JsonObject.is(value));
      }),
      { numRuns: 2000 },
    );
  });

  test('copies JSON into an equal, deep-frozen value that shares no object with the input', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        const copy = frozenJsonCopy(value);
        expect(copy).toEqual(value);
        expect(isDeepFrozen(copy)).toBe(true);
        if (typeof value === 'object' && value !== null) expect(copy).not.toBe(value);
      }),
    );
  });

  test('keeps a __proto__ key as a key, as JSON.parse makes it', () => {
    const parsed = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}');
    const copy = frozenJsonCopy(parsed) as Record<string, unknown>;
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual(['__proto__', 'a']);
    expect(JSON.stringify(copy)).toBe(JSON.stringify(parsed));
  });

  test('refuses holes, non-finite numbers, class instances and depth beyond the limit', () => {
    const sparse: unknown[] = [1];
    sparse[2] = 3;
    let deep: unknown = 1;
    for (let i = 0; i < 70; i++) deep = [deep];
    for (const bad of [
      sparse,
      Number.NaN,
      -Infinity,
      new Date(0),
      { d: new Map() },
      deep,
      undefined,
    ])
      expect(frozenJsonCopy(bad)).toBe(NOT_JSON);
    expect(frozenJsonObjectCopy([])).toBe(NOT_JSON);
    expect(frozenJsonObjectCopy('text')).toBe(NOT_JSON);
  });
});
