import * as fc from 'fast-check';
import type * as t from 'io-ts';
import { toNewEvent } from '../../complaint/codec';
import { COMMAND_CODECS, type ComplaintCommand } from '../../complaint/commands';
import { EVENT_CODECS, type ComplaintEvent } from '../../complaint/events';
import { CURRENT_SCHEMA_VERSION } from '../../complaint/upcasters';
import { complaintStreamId } from '../../complaint/vocabulary';
import { AppendInput } from '../../store/append-input';
import { type NewEvent, StoredEvent } from '../../store/envelope';
import { command } from './commands';
import { event } from './events';
import { instant } from './time';

/**
 * An input a boundary must refuse, and where: the DecodeError it gets must name `path`
 * (or a field inside it).
 */
export interface BadInput<I = unknown> {
  readonly input: I;
  /** Dotted path of the broken field, as DecodeError paths are written (`customer.id`, `events[1].data`). */
  readonly path: string;
  /** What was done to a valid input, for a readable counterexample. */
  readonly change: string;
}

type Path = readonly (string | number)[];

export const pathToString = (path: Path): string =>
  path.length === 0
    ? '(root)'
    : path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');

interface Mutation {
  readonly path: Path;
  readonly change: string;
  /** Mutates a private copy in place. */
  readonly apply: (copy: unknown) => unknown;
}

const BAD_BY_NAME: Readonly<Record<string, readonly unknown[]>> = {
  Instant: ['2026-13-01T00:00:00Z', '2026-03-02T09:00:00', 'yesterday', '', 20260302, null],
  ComplaintId: ['', ' C-1', 'C 1', 'x'.repeat(129), '-C-1', 7, null],
  Code: ['', ' N1', 'N 1', 'x'.repeat(129), '.N1', 7, null],
  NonEmptyText: ['', '   ', '\n\t', 0, null],
  EventId: ['not-a-uuid', '', 12, '0190a0a0-0000-7000-8000-00000000000g'],
  StreamId: ['', 'has space', 'x'.repeat(201), 5, null],
  PositiveInt: [0, -1, 1.5, '1', null, Number.MAX_SAFE_INTEGER + 2],
  NonNegativeInt: [-1, 0.5, '0', null],
  ExpectedVersion: [-1, 1.5, 'latest', null, '3'],
  JsonObject: ['x', [1], 5, null, { n: Number.NaN }, { u: undefined }, { d: new Date(0) }],
  JsonValue: [undefined, Number.NaN, Number.POSITIVE_INFINITY, { d: new Date(0) }],
  'at least one NewEvent': [[], 'x', null, {}],
};

type Codec = t.Mixed & {
  readonly _tag?: string;
  readonly props?: t.Props;
  readonly types?: readonly t.Mixed[];
  readonly type?: t.Mixed;
  readonly value?: unknown;
};

const isObjectCodec = (c: Codec): boolean =>
  c._tag === 'InterfaceType' ||
  c._tag === 'PartialType' ||
  c._tag === 'IntersectionType' ||
  c._tag === 'ExactType';

/** Values that no value of the codec can be: a wrong type, a malformed string, … */
const badValues = (c: Codec): readonly unknown[] => {
  const byName = BAD_BY_NAME[c.name];
  if (byName !== undefined) return byName;
  switch (c._tag) {
    case 'LiteralType':
      return typeof c.value === 'string' ? ['NoSuchType', 42, null] : ['x', null];
    case 'StringType':
      return [42, true, null, {}, []];
    case 'NumberType':
      return ['1', null, true];
    case 'BooleanType':
      return ['yes', 1, null];
    case 'KeyofType':
      return ['carrier-pigeon', 'PHONE', 3, null];
    case 'ArrayType':
      return ['not-an-array', 42, null, {}];
    case 'RefinementType':
      // A refinement refuses whatever its base refuses.
      return c.type === undefined ? [] : badValues(c.type as Codec);
    case 'InterfaceType':
    case 'PartialType':
    case 'IntersectionType':
    case 'ExactType':
      return ['x', 42, null, []];
    default:
      return [];
  }
};

const isRecord = (u: unknown): u is Record<string, unknown> =>
  typeof u === 'object' && u !== null && !Array.isArray(u);

const parentOf = (root: unknown, path: Path): unknown => {
  let node = root;
  for (const key of path.slice(0, -1)) node = (node as Record<string | number, unknown>)[key];
  return node;
};

const setAt = (path: Path, value: unknown) => (copy: unknown) => {
  const parent = parentOf(copy, path) as Record<string | number, unknown>;
  parent[path[path.length - 1]!] = value;
  return copy;
};

const deleteAt = (path: Path) => (copy: unknown) => {
  const parent = parentOf(copy, path) as Record<string | number, unknown>;
  delete parent[path[path.length - 1]!];
  return copy;
};

const show = (v: unknown): string =>
  v === undefined
    ? 'undefined'
    : typeof v === 'number' && !Number.isFinite(v)
      ? String(v)
      : JSON.stringify(v);

/** Every way to break one field of `value` under `codec`, walking into nested objects and arrays. */
const mutationsOf = (codec: Codec, value: unknown, path: Path = []): Mutation[] => {
  const out: Mutation[] = [];
  const field = (c: Codec, key: string, required: boolean) => {
    if (!isRecord(value)) return;
    const at = [...path, key];
    const present = Object.hasOwn(value, key) && value[key] !== undefined;
    if (required)
      out.push({ path: at, change: `deleted required ${pathToString(at)}`, apply: deleteAt(at) });
    if (!present && !required) return;
    for (const bad of badValues(c))
      out.push({ path: at, change: `${pathToString(at)} = ${show(bad)}`, apply: setAt(at, bad) });
    if (present) out.push(...mutationsOf(c, value[key], at));
  };
  switch (codec._tag) {
    case 'InterfaceType':
      for (const [k, c] of Object.entries(codec.props ?? {})) field(c as Codec, k, true);
      break;
    case 'PartialType':
      for (const [k, c] of Object.entries(codec.props ?? {})) field(c as Codec, k, false);
      break;
    case 'IntersectionType':
      for (const member of codec.types ?? [])
        out.push(...mutationsOf(member as Codec, value, path));
      break;
    case 'ExactType':
      if (codec.type !== undefined) out.push(...mutationsOf(codec.type as Codec, value, path));
      break;
    case 'RefinementType':
      if (codec.type !== undefined) out.push(...mutationsOf(codec.type as Codec, value, path));
      break;
    case 'ArrayType': {
      if (!Array.isArray(value) || codec.type === undefined) break;
      const element = codec.type as Codec;
      value.forEach((item, i) => {
        const at = [...path, i];
        for (const bad of badValues(element))
          out.push({
            path: at,
            change: `${pathToString(at)} = ${show(bad)}`,
            apply: setAt(at, bad),
          });
        if (isObjectCodec(element)) out.push(...mutationsOf(element, item, at));
      });
      break;
    }
  }
  return out;
};

// Valid inputs are plain JSON: a JSON round trip is the cheapest deep copy.
const copy = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

/**
 * Break one field of valid values of a codec: delete a required field or put a value of
 * the wrong kind in any field, at any depth. The result carries the path the decoder must
 * name. `skip` leaves out fields (by path prefix) whose breakage another check covers.
 */
export const corrupt = <A>(
  codec: t.Type<A, unknown, unknown> | ((value: A) => t.Mixed),
  valid: fc.Arbitrary<A>,
  skip: readonly string[] = [],
): fc.Arbitrary<BadInput> =>
  fc
    .tuple(valid, fc.nat())
    .map(([value, pick]) => {
      const c = (typeof codec === 'function' ? codec(value) : codec) as Codec;
      const mutations = mutationsOf(c, value).filter(
        (m) => !skip.some((s) => pathToString(m.path).startsWith(s)),
      );
      const m = mutations[pick % Math.max(1, mutations.length)];
      if (m === undefined) return undefined;
      return { input: m.apply(copy(value)), path: pathToString(m.path), change: m.change };
    })
    .filter((b): b is BadInput => b !== undefined);

/** A command with one field broken: `decodeCommand` must refuse it and name the field. */
export const badCommand = (): fc.Arbitrary<BadInput> =>
  corrupt<ComplaintCommand>(
    (c) => COMMAND_CODECS[c.type] as unknown as t.Mixed,
    command({ at: instant({ offsets: true }) }),
  );

/** Anything at all: JSON of every shape, and values JSON cannot hold. */
export const junk = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.anything(),
    fc.jsonValue(),
    fc.constantFrom(null, undefined, 0, '', [], {}, Number.NaN, () => 1, Symbol('x')),
  );

const storedRow = (): fc.Arbitrary<StoredEvent> =>
  fc
    .record({
      event: event({ at: instant({ offsets: true }) }),
      eventId: fc.uuid(),
      streamVersion: fc.integer({ min: 1, max: 1000 }),
      globalPosition: fc.integer({ min: 1, max: 1_000_000 }),
      recordedAt: instant(),
      complaintId: fc.constantFrom('C-2026-00001', 'C-2026-00002'),
    })
    .map(({ event, complaintId, ...envelope }): StoredEvent => {
      const n = toNewEvent(event);
      return {
        ...envelope,
        streamId: complaintStreamId(complaintId),
        type: n.type,
        schemaVersion: n.schemaVersion ?? 1,
        metadata: {},
        data: n.data,
      };
    });

/** A stored event row as an adapter hands it over, well-formed. */
export const storedEventRow = storedRow;

/**
 * Stored event rows a reader must refuse: a broken envelope (StoredEvent codec), broken
 * event data (the event's codec, reached through `fromStoredEvent`), an unknown type, a
 * schema version newer than this library reads.
 */
export const badStoredEvent = (): fc.Arbitrary<BadInput<Record<string, unknown>>> =>
  fc.oneof(
    corrupt(StoredEvent as unknown as t.Type<StoredEvent, unknown, unknown>, storedRow()),
    corrupt<StoredEvent>(
      (row) => EVENT_CODECS[row.type as ComplaintEvent['type']] as unknown as t.Mixed,
      storedRow(),
      ['type'],
    ),
    fc
      .tuple(storedRow(), fc.constantFrom('ComplaintDeleted', 'complaintReceived', '', 'toString'))
      .map(([row, type]) => ({ input: { ...row, type }, path: 'type', change: `type = ${type}` })),
    fc.tuple(storedRow(), fc.integer({ min: 1, max: 50 })).map(([row, ahead]) => {
      const v = CURRENT_SCHEMA_VERSION[row.type as ComplaintEvent['type']] + ahead;
      return {
        input: { ...row, schemaVersion: v },
        path: 'schemaVersion',
        change: `schemaVersion = ${v}`,
      };
    }),
  ) as fc.Arbitrary<BadInput<Record<string, unknown>>>;

export interface AppendCall {
  readonly streamId: unknown;
  readonly events: unknown;
  readonly options: unknown;
}

const appendCall = (): fc.Arbitrary<{ streamId: string; events: NewEvent[]; options: object }> =>
  fc.record({
    streamId: fc.constantFrom('complaint-C-1', 'complaint-C-2', 'fuzz-stream'),
    events: fc.array(
      fc
        .tuple(event(), fc.option(fc.uuid(), { nil: undefined }))
        .map(([e, id]) => toNewEvent(e, { actor: 'fuzz' }, id)),
      { minLength: 1, maxLength: 3 },
    ),
    options: fc.record(
      {
        expectedVersion: fc.oneof(fc.constantFrom('any' as const, 'no_stream' as const), fc.nat(5)),
        metadata: fc.record({ correlationId: fc.uuid() }, { requiredKeys: [] }),
      },
      { requiredKeys: ['expectedVersion'] },
    ),
  });

/**
 * Arguments of `EventStore.append` a store must refuse with a DecodeError and without
 * storing anything: one broken field anywhere, or an event id given twice in one batch.
 */
export const badAppend = (): fc.Arbitrary<BadInput<AppendCall>> =>
  fc.oneof(
    {
      weight: 9,
      arbitrary: corrupt(AppendInput as unknown as t.Type<object, unknown, unknown>, appendCall()),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(appendCall(), fc.uuid()).map(([call, id]) => ({
        input: {
          ...call,
          events: [
            { ...call.events[0]!, eventId: id },
            ...call.events.slice(1),
            { ...call.events[0]!, eventId: id },
          ],
        },
        path: `events[${call.events.length}].eventId`,
        change: 'the same event id twice in one batch',
      })),
    },
  ) as fc.Arbitrary<BadInput<AppendCall>>;
