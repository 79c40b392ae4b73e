import { randomUUID } from 'node:crypto';
import * as E from 'fp-ts/Either';
import { expect } from 'vitest';
import type { NewEvent, StoredEvent } from '../../src/store/envelope';
import type { EventStore, ReadAllOptions } from '../../src/store/port';

/** What a test of the contract runs against: the adapter's store and this test's own streams. */
export interface ContractContext {
  readonly store: EventStore;
  /** Unique to this test, so durable stores can share one storage between tests. */
  readonly prefix: string;
  /** A stream id of this test: `${prefix}-${name}`. */
  readonly stream: (name: string) => string;
  /** True for events of this test's streams (readAll sees everyone's events). */
  readonly mine: (e: StoredEvent) => boolean;
  /** Reopen the same storage (durable stores only); the contract closes what it reopens. */
  readonly reopen: (() => Promise<EventStore>) | undefined;
}

let counter = 0;
/** Printable, short, unique across processes that share a storage. */
export const uniquePrefix = (): string =>
  `ct-${Date.now().toString(36)}-${randomUUID().slice(0, 8)}-${(counter++).toString(36)}`;

export const newId = (): string => randomUUID();

const show = (value: unknown): string => {
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
};

/** The Right value, or a failed test that shows the Left. */
export const right = <A>(result: E.Either<unknown, A>): A => {
  if (E.isLeft(result)) throw new Error(`expected Right, got Left ${show(result.left)}`);
  return result.right;
};

/** The Left value, or a failed test that shows the Right. */
export const left = <L>(result: E.Either<L, unknown>): L => {
  if (E.isRight(result)) throw new Error(`expected Left, got Right ${show(result.right)}`);
  return result.left;
};

/** Every batch of readAll, failing the test on a Left. */
export const readAllBatches = async (
  store: EventStore,
  options?: ReadAllOptions,
): Promise<(readonly StoredEvent[])[]> => {
  const batches: (readonly StoredEvent[])[] = [];
  for await (const batch of store.readAll(options)) batches.push(right(batch));
  return batches;
};

/** Everything readAll gives after `after`, flattened and filtered. */
export const readAllOf = async (
  store: EventStore,
  filter: (e: StoredEvent) => boolean,
  after = 0,
): Promise<StoredEvent[]> => (await readAllBatches(store, { after })).flat().filter(filter);

/** The readAll position just before `e`: positions need not be contiguous, so not pos - 1 of another. */
export const before = (e: StoredEvent): number => e.globalPosition - 1;

/** Wait until `check` holds: subscriptions of durable stores may deliver asynchronously. */
export const eventually = async (
  check: () => boolean,
  what: string,
  timeoutMs = 10_000,
): Promise<void> => {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

/** A small valid event; `n` makes its data distinct. */
export const event = (n: number, extra: Partial<NewEvent> = {}): NewEvent => ({
  type: n % 2 === 0 ? 'ThingHappened' : 'OtherThingHappened',
  data: { n, label: `event ${n}` },
  ...extra,
});

export const events = (from: number, count: number): NewEvent[] =>
  Array.from({ length: count }, (_, i) => event(from + i));

/** The fields a caller gave, as they must come back. */
export const expectMatches = (stored: StoredEvent, given: NewEvent): void => {
  expect(stored.type).toBe(given.type);
  expect(stored.data).toEqual(given.data);
  expect(stored.schemaVersion).toBe(given.schemaVersion ?? 1);
  if (given.eventId !== undefined) expect(stored.eventId).toBe(given.eventId);
};
