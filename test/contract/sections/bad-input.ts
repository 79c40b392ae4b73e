import { expect, test } from 'vitest';
import type { ContractContext } from '../helpers';
import { event, left, newId, readAllOf, right } from '../helpers';

interface BadCase {
  readonly name: string;
  /** Undefined: the test's own stream. */
  readonly streamId?: unknown;
  readonly events: unknown;
  readonly options?: unknown;
  /** The path the DecodeError must name. */
  readonly path: string;
}

class Money {
  constructor(readonly cents: number) {}
}

const ok = { type: 'T', data: { n: 1 } };
const deep = (levels: number): unknown => {
  let value: unknown = 'bottom';
  for (let i = 0; i < levels; i++) value = { next: value };
  return value;
};

// A hole, as `[1, , 3]` would make: not undefined, but absent.
const sparse: unknown[] = [1];
sparse[2] = 3;

const CASES: readonly BadCase[] = [
  { name: 'an empty stream id', streamId: '', events: [ok], path: 'streamId' },
  { name: 'a stream id with a space', streamId: 'has space', events: [ok], path: 'streamId' },
  { name: 'a stream id that is not a string', streamId: 42, events: [ok], path: 'streamId' },
  {
    name: 'a stream id over 200 characters',
    streamId: 'x'.repeat(201),
    events: [ok],
    path: 'streamId',
  },
  { name: 'events that are not an array', events: ok, path: 'events' },
  { name: 'an empty batch', events: [], path: 'events' },
  { name: 'an event that is not an object', events: [ok, 'event'], path: 'events[1]' },
  { name: 'a missing type', events: [{ data: {} }], path: 'events[0].type' },
  {
    name: 'a type that is not a string',
    events: [ok, { type: 7, data: {} }],
    path: 'events[1].type',
  },
  { name: 'missing data', events: [{ type: 'T' }], path: 'events[0].data' },
  { name: 'data that is an array', events: [{ type: 'T', data: [1] }], path: 'events[0].data' },
  { name: 'data that is a string', events: [{ type: 'T', data: 'text' }], path: 'events[0].data' },
  {
    name: 'data holding undefined',
    events: [{ type: 'T', data: { a: undefined } }],
    path: 'events[0].data',
  },
  {
    name: 'data holding NaN',
    events: [ok, ok, { type: 'T', data: { a: [1, Number.NaN] } }],
    path: 'events[2].data',
  },
  {
    name: 'data holding Infinity',
    events: [{ type: 'T', data: { a: Number.POSITIVE_INFINITY } }],
    path: 'events[0].data',
  },
  {
    name: 'data holding a Date',
    events: [{ type: 'T', data: { at: new Date(0) } }],
    path: 'events[0].data',
  },
  {
    name: 'data holding a class instance',
    events: [{ type: 'T', data: { m: new Money(5) } }],
    path: 'events[0].data',
  },
  {
    name: 'data holding a function',
    events: [{ type: 'T', data: { f: () => 1 } }],
    path: 'events[0].data',
  },
  {
    name: 'data holding a bigint',
    events: [{ type: 'T', data: { b: 1n } }],
    path: 'events[0].data',
  },
  {
    name: 'data nested too deep',
    events: [{ type: 'T', data: deep(80) as object }],
    path: 'events[0].data',
  },
  {
    name: 'a sparse array in data',
    events: [{ type: 'T', data: { a: sparse } }],
    path: 'events[0].data',
  },
  {
    name: 'an event id that is not a UUID',
    events: [{ ...ok, eventId: 'id-1' }],
    path: 'events[0].eventId',
  },
  {
    name: 'an event id that is a number',
    events: [{ ...ok, eventId: 5 }],
    path: 'events[0].eventId',
  },
  {
    name: 'schema version 0',
    events: [{ ...ok, schemaVersion: 0 }],
    path: 'events[0].schemaVersion',
  },
  {
    name: 'a fractional schema version',
    events: [{ ...ok, schemaVersion: 1.5 }],
    path: 'events[0].schemaVersion',
  },
  {
    name: 'a schema version as a string',
    events: [{ ...ok, schemaVersion: '1' }],
    path: 'events[0].schemaVersion',
  },
  {
    name: 'metadata that is not an object',
    events: [{ ...ok, metadata: 'm' }],
    path: 'events[0].metadata',
  },
  {
    name: 'a metadata actor that is a number',
    events: [{ ...ok, metadata: { actor: 3 } }],
    path: 'events[0].metadata.actor',
  },
  { name: 'no options', events: [ok], options: undefined, path: 'options' },
  { name: 'no expected version', events: [ok], options: {}, path: 'options.expectedVersion' },
  {
    name: 'a negative expected version',
    events: [ok],
    options: { expectedVersion: -1 },
    path: 'options.expectedVersion',
  },
  {
    name: 'a fractional expected version',
    events: [ok],
    options: { expectedVersion: 0.5 },
    path: 'options.expectedVersion',
  },
  {
    name: 'an unknown expected version word',
    events: [ok],
    options: { expectedVersion: 'stream_exists' },
    path: 'options.expectedVersion',
  },
  {
    name: 'append metadata with a bad field',
    events: [ok],
    options: { expectedVersion: 'any', metadata: { correlationId: {} } },
    path: 'options.metadata.correlationId',
  },
];

export const badInput = (ctx: () => ContractContext): void => {
  test.each(
    CASES,
  )('refuses $name with a DecodeError naming $path, storing nothing', async (bad) => {
    const { store, stream, mine } = ctx();
    // A marker gives a position to look for stray writes after.
    const marker = right(await store.append(stream('marker'), [event(0)], { expectedVersion: 0 }));
    const target = bad.streamId === undefined ? stream('bad') : bad.streamId;
    const options = 'options' in bad ? bad.options : { expectedVersion: 'any' };
    const refused = left(
      await store.append(target as string, bad.events as never, options as never),
    );

    expect(refused._tag).toBe('DecodeError');
    if (refused._tag !== 'DecodeError') return;
    expect(refused.problems.map((p) => p.path)).toContain(bad.path);
    expect(refused.message).toContain(bad.path);

    const stray = await readAllOf(
      store,
      (e) => mine(e) || e.streamId === target,
      marker.lastPosition,
    );
    expect(stray).toEqual([]);
    expect(right(await store.streamVersion(stream('bad')))).toBe(0);
    // The store still works.
    right(
      await store.append(stream('bad'), [{ ...event(1), eventId: newId() }], {
        expectedVersion: 0,
      }),
    );
  });
};
