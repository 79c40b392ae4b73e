import type { JsonValue } from './envelope';

/** Returned by the copy when the value is not plain JSON. */
export const NOT_JSON: unique symbol = Symbol('not plain JSON');

type Copied = JsonValue | typeof NOT_JSON;

// Same depth limit as the JsonValue codec, so that both accept exactly the same values.
const MAX_DEPTH = 64;

/**
 * Check and copy in one walk: a deep-frozen copy of `value` when it is plain JSON (the same
 * values `JsonValue.is` accepts), else NOT_JSON. Stores keep the copy, so neither the
 * caller's later changes to its input nor a reader's changes to what it got back can
 * rewrite stored history.
 */
export const frozenJsonCopy = (value: unknown, depth = 0): Copied => {
  if (depth > MAX_DEPTH) return NOT_JSON;
  if (value === null) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : NOT_JSON;
    case 'object':
      return Array.isArray(value) ? copyArray(value, depth) : copyObject(value, depth);
    default:
      return NOT_JSON;
  }
};

const copyArray = (value: readonly unknown[], depth: number): Copied => {
  const copy: JsonValue[] = new Array(value.length);
  for (let i = 0; i < value.length; i++) {
    const item = frozenJsonCopy(value[i], depth + 1);
    if (item === NOT_JSON) return NOT_JSON;
    copy[i] = item;
  }
  return Object.freeze(copy);
};

const copyObject = (value: object, depth: number): Copied => {
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return NOT_JSON;
  const copy: Record<string, JsonValue> = {};
  for (const key in value) {
    const item = frozenJsonCopy((value as Record<string, unknown>)[key], depth + 1);
    if (item === NOT_JSON) return NOT_JSON;
    // Assigning `__proto__` would set the copy's prototype instead of keeping the key.
    if (key === '__proto__')
      Object.defineProperty(copy, key, { value: item, enumerable: true, writable: true });
    else copy[key] = item;
  }
  return Object.freeze(copy);
};

/** The frozen copy of a JSON object (not an array, not a primitive), else NOT_JSON. */
export const frozenJsonObjectCopy = (
  value: unknown,
): { readonly [key: string]: JsonValue } | typeof NOT_JSON =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (copyObject(value, 0) as { readonly [key: string]: JsonValue } | typeof NOT_JSON)
    : NOT_JSON;
