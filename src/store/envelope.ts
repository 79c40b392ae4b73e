import * as t from 'io-ts';
import { Instant } from '../shared/time';

/** JSON as it can be stored by every adapter. */
export type JsonValue =
  | null
  | boolean
  | number
  | string
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue };

const isJson = (value: unknown, depth = 0): value is JsonValue => {
  if (depth > 64) return false;
  if (value === null) return true;
  switch (typeof value) {
    case 'boolean':
    case 'string':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object': {
      if (Array.isArray(value)) {
        // Indexed, not `every`: a hole in a sparse array is undefined, which JSON cannot keep.
        for (let i = 0; i < value.length; i++) if (!isJson(value[i], depth + 1)) return false;
        return true;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return false;
      for (const key in value) {
        if (!isJson((value as Record<string, unknown>)[key], depth + 1)) return false;
      }
      return true;
    }
    default:
      return false;
  }
};

export const JsonValue = new t.Type<JsonValue, JsonValue, unknown>(
  'JsonValue',
  (u): u is JsonValue => isJson(u),
  (u, c) =>
    isJson(u)
      ? t.success(u)
      : t.failure(u, c, 'expected plain JSON (no undefined, NaN, functions or class instances)'),
  t.identity,
);

export const JsonObject = new t.Type<
  { readonly [key: string]: JsonValue },
  { readonly [key: string]: JsonValue },
  unknown
>(
  'JsonObject',
  (u): u is { readonly [key: string]: JsonValue } =>
    typeof u === 'object' && u !== null && !Array.isArray(u) && isJson(u),
  (u, c) =>
    typeof u === 'object' && u !== null && !Array.isArray(u) && isJson(u)
      ? t.success(u as { readonly [key: string]: JsonValue })
      : t.failure(u, c, 'expected a plain JSON object'),
  t.identity,
);

/** What each ASCII character may be in a UUID: 1 a hex digit (either case), 2 the dash. */
const UUID_CHAR = new Uint8Array(128);
for (const c of '0123456789abcdefABCDEF') UUID_CHAR[c.charCodeAt(0)] = 1;
UUID_CHAR[0x2d] = 2;
/** What each of the 36 places of a UUID holds (8-4-4-4-12). */
const UUID_PLACE = new Uint8Array(36).fill(1);
for (const i of [8, 13, 18, 23]) UUID_PLACE[i] = 2;

/**
 * 8-4-4-4-12 hex digits, either case. Every event read from a store passes here: one table
 * lookup per character measured about twice as fast as the RegExp, or as a loop of
 * comparisons.
 */
const isUuid = (s: string): boolean => {
  if (s.length !== 36) return false;
  for (let i = 0; i < 36; i++) {
    const c = s.charCodeAt(i);
    if (c > 127 || UUID_CHAR[c] !== UUID_PLACE[i]) return false;
  }
  return true;
};

/** A UUID (v7 when the library makes it: time-ordered). */
export type EventId = string;
export const EventId: t.Type<EventId, string, unknown> = t.refinement(t.string, isUuid, 'EventId');

/** Printable ASCII without spaces (0x21–0x7e); as fast as the RegExp, and plainer. */
const isPrintable = (s: string): boolean => {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x21 || c > 0x7e) return false;
  }
  return true;
};

/** Stream ids are short printable names such as `complaint-C-2026-0001`. */
export type StreamId = string;
export const StreamId: t.Type<StreamId, string, unknown> = t.refinement(
  t.string,
  (s) => s.length > 0 && s.length <= 200 && isPrintable(s),
  'StreamId',
);

const PositiveInt = t.refinement(t.number, (n) => Number.isSafeInteger(n) && n >= 1, 'PositiveInt');
const NonNegativeInt = t.refinement(
  t.number,
  (n) => Number.isSafeInteger(n) && n >= 0,
  'NonNegativeInt',
);

/** Who and what caused an event: for tracing a workflow across streams. */
export const EventMetadata = t.exact(
  t.partial({
    correlationId: t.string,
    causationId: t.string,
    actor: t.string,
  }),
);
export type EventMetadata = t.TypeOf<typeof EventMetadata>;

/** An event as a caller hands it to `append`. */
export const NewEvent = t.intersection([
  t.type({ type: t.string, data: JsonObject }),
  t.partial({
    eventId: EventId,
    schemaVersion: PositiveInt,
    metadata: EventMetadata,
  }),
]);
export interface NewEvent {
  readonly type: string;
  readonly data: { readonly [key: string]: JsonValue };
  /** Given by the caller for idempotency; a UUID v7 is made when absent. */
  readonly eventId?: string;
  /** Defaults to 1. */
  readonly schemaVersion?: number;
  readonly metadata?: EventMetadata;
}

/** An event as every store gives it back: the envelope around the domain event. */
export const StoredEvent = t.type({
  eventId: EventId,
  streamId: StreamId,
  /** 1 for the first event of a stream. */
  streamVersion: PositiveInt,
  /** Strictly increasing across the store; not necessarily contiguous. */
  globalPosition: PositiveInt,
  type: t.string,
  schemaVersion: PositiveInt,
  recordedAt: Instant,
  metadata: EventMetadata,
  data: JsonObject,
});
export interface StoredEvent {
  readonly eventId: string;
  readonly streamId: string;
  readonly streamVersion: number;
  readonly globalPosition: number;
  readonly type: string;
  readonly schemaVersion: number;
  /** When the store recorded it (the store's clock, not the domain's). */
  readonly recordedAt: string;
  readonly metadata: EventMetadata;
  readonly data: { readonly [key: string]: JsonValue };
}

export const Position = NonNegativeInt;
