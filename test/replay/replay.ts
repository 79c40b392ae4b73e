import * as E from 'fp-ts/Either';
import { expect } from 'vitest';
import type { StoredEvent } from '../../src/store/envelope';
import type { AppendError } from '../../src/store/errors';
import type { EventStore } from '../../src/store/port';
import type { History } from './history';
import type { TestClock } from './stores';

/** An envelope without its global position: the part every store must give back alike. */
export type Placed = Omit<StoredEvent, 'globalPosition'>;

export const unplaced = (events: readonly StoredEvent[]): Placed[] =>
  events.map(({ globalPosition: _, ...rest }) => rest);

/** What one append call answered, positions left out. */
export type Answer =
  | { readonly ok: true; readonly nextExpectedVersion: number; readonly events: Placed[] }
  | { readonly ok: false; readonly error: AppendError };

export interface Replayed {
  readonly answers: readonly Answer[];
  /** readAll, in global order. */
  readonly all: readonly StoredEvent[];
  /** readStream of every stream the history names, and of one it never wrote. */
  readonly streams: ReadonlyMap<string, readonly StoredEvent[]>;
  readonly versions: ReadonlyMap<string, number>;
}

export const NEVER_WRITTEN = 'complaint-never-written';

const readAll = async (store: EventStore): Promise<StoredEvent[]> => {
  const all: StoredEvent[] = [];
  // Small batches, so that batch boundaries fall inside the history.
  for await (const batch of store.readAll({ batchSize: 5 })) {
    if (E.isLeft(batch)) throw new Error(`readAll failed: ${batch.left._tag}`);
    all.push(...batch.right);
  }
  return all;
};

/** Make the history's append calls on one store, in order, then read everything back. */
export const replay = async (
  store: EventStore,
  history: History,
  clock: TestClock,
): Promise<Replayed> => {
  const answers: Answer[] = [];
  for (const call of history.appends) {
    clock.now = call.recordedAt;
    const result = await store.append(call.streamId, call.events, {
      expectedVersion: call.expectedVersion,
      ...(call.metadata === undefined ? {} : { metadata: call.metadata }),
    });
    if (E.isLeft(result)) {
      answers.push({ ok: false, error: result.left });
      continue;
    }
    const { events, lastPosition, nextExpectedVersion } = result.right;
    // Within one store, the answer's position is its last event's.
    expect(lastPosition).toBe(events[events.length - 1]?.globalPosition);
    answers.push({ ok: true, nextExpectedVersion, events: unplaced(events) });
  }
  const streamIds = [...new Set([...history.appends.map((a) => a.streamId), NEVER_WRITTEN])];
  const streams = new Map<string, readonly StoredEvent[]>();
  const versions = new Map<string, number>();
  for (const id of streamIds) {
    const read = await store.readStream(id);
    if (E.isLeft(read)) throw new Error(`readStream(${id}) failed: ${read.left._tag}`);
    streams.set(id, read.right);
    const version = await store.streamVersion(id);
    if (E.isLeft(version)) throw new Error(`streamVersion(${id}) failed: ${version.left._tag}`);
    versions.set(id, version.right);
  }
  return { answers, all: await readAll(store), streams, versions };
};
