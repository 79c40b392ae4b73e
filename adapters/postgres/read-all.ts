import * as E from 'fp-ts/Either';
import { decodeError } from '../../src/shared/decode';
import type { StoredEvent } from '../../src/store/envelope';
import { type ReadError, type StoreClosed, storageFailure } from '../../src/store/errors';
import type { ReadAllOptions } from '../../src/store/port';
import { answer, ReadAllHeader, storedEvents } from './answers';
import { attempt, failureOf } from './db-errors';
import type { Batch } from './follower';
import type { SchemaNames } from './schema';
import type { SqlClient } from './sql-client';
import type { Statements } from './statements';

const CLOSED: StoreClosed = Object.freeze({ _tag: 'StoreClosed' });

export interface BatchReaderDeps {
  readonly client: SqlClient;
  readonly sql: Statements;
  readonly names: SchemaNames;
  readonly closed: () => boolean;
  /** Told each horizon a batch was read below. */
  readonly observe: (bound: number) => void;
  readonly readBatchSize: number;
  readonly readAllWaitMs: number;
}

export interface ReadBatch extends Batch {
  readonly xmin: number;
  readonly target: number | null;
}

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null;

const isNonNegativeInt = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 0;
const isPositiveInt = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 1;

/** Reading the log in batches below the horizon: readAll, and the follower's reads. */
export const createBatchReader = (deps: BatchReaderDeps) => {
  const { client, sql, names } = deps;

  /** Events after `after` below `bound` (null: this moment's horizon), at most `limit`. */
  const readBatch = async (
    after: number,
    bound: number | null,
    limit: number,
    wantTarget: boolean,
  ): Promise<E.Either<ReadError, ReadBatch>> => {
    if (deps.closed()) return E.left(CLOSED);
    const q = sql.readAll;
    const result = await attempt(
      () => client.query(q.text, [after, bound, limit, wantTarget], q.name),
      'readAll',
    );
    if (E.isLeft(result)) return E.left(failureOf(result.left, 'readAll'));
    const rows = result.right.rows;
    // The header is the one row with a bound (the first, as PostgreSQL sends them).
    const at = rows.findIndex((row) => isRecord(row) && row.bound != null);
    const header = answer(
      { rows: at < 0 ? [] : [rows[at]] },
      ReadAllHeader,
      `${names.name} (readAll)`,
    );
    if (E.isLeft(header)) return header;
    const h = header.right;
    const events = storedEvents(rows, names.events);
    if (E.isLeft(events)) return events;
    // Every batch goes on from the last position of the one before: one out of order
    // would skip events, so it is refused rather than trusted.
    let last = after;
    for (const e of events.right) {
      if (e.globalPosition <= last || e.globalPosition >= h.bound)
        return E.left(
          storageFailure(
            `readAll: position ${e.globalPosition} came after ${last} in a batch below ${h.bound}`,
          ),
        );
      last = e.globalPosition;
    }
    deps.observe(h.bound);
    return E.right({ ...h, events: events.right });
  };

  /**
   * Every event committed before the call, in global order, and what is committed while it
   * reads, up to where it stops. It never yields an event while a transaction that could
   * still commit a lower position is open: when such a transaction holds back events that
   * were committed before the call, it waits for it, up to `readAllWaitMs`, then fails.
   */
  async function* readAll(
    readOptions?: ReadAllOptions,
  ): AsyncGenerator<E.Either<ReadError, readonly StoredEvent[]>> {
    if (deps.closed()) {
      yield E.left(CLOSED);
      return;
    }
    let after = readOptions?.after ?? 0;
    const size = readOptions?.batchSize ?? deps.readBatchSize;
    if (!isNonNegativeInt(after)) {
      yield E.left(
        decodeError('readAll', [
          { path: 'after', expected: 'a position (an integer ≥ 0)', actual: after },
        ]),
      );
      return;
    }
    if (!isPositiveInt(size)) {
      yield E.left(
        decodeError('readAll', [{ path: 'batchSize', expected: 'an integer ≥ 1', actual: size }]),
      );
      return;
    }
    // Until the horizon passes `target`, each batch takes a fresh one; then it stays put,
    // so the iteration ends even while writers go on. The next batch is asked for before
    // this one is handed over, so the server reads it while the caller works.
    let target: number | undefined;
    let bound: number | null = null;
    let waitingSince: number | undefined;
    let pause = 1;
    let next = readBatch(after, bound, size, true);
    for (;;) {
      // A batch that arrives after close() is not handed over.
      const arrived = await next;
      const batch = deps.closed() ? E.left(CLOSED) : arrived;
      if (E.isLeft(batch)) {
        yield batch;
        return;
      }
      const read = batch.right;
      target ??= read.target ?? 0;
      const events = read.events;
      if (events.length > 0) after = events[events.length - 1]!.globalPosition;
      const full = events.length === size;
      if (read.bound > target) bound = read.bound;
      const done = read.bound > target && !full;
      const waiting = read.bound <= target && !full;
      if (!done && !waiting) next = readBatch(after, bound, size, false);
      if (events.length > 0) yield E.right(events);
      if (done) return;
      if (!waiting) continue;
      // Everything below the horizon is read, but events committed before the call lie
      // above it: an older transaction is still open.
      const now = Date.now();
      waitingSince ??= now;
      if (now - waitingSince >= deps.readAllWaitMs) {
        yield E.left(
          storageFailure(
            `readAll: transaction ${read.xmin} has stayed open for over ${deps.readAllWaitMs} ms; ` +
              `events committed after it began (up to position ${target}) cannot be read in order until it ends ` +
              `(see pg_stat_activity.backend_xid)`,
          ),
        );
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, pause));
      pause = Math.min(pause * 2, 50);
      if (deps.closed()) {
        yield E.left(CLOSED);
        return;
      }
      next = readBatch(after, bound, size, false);
    }
  }

  return { readBatch, readAll };
};
