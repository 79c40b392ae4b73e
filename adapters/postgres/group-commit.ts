import * as E from 'fp-ts/Either';
import { type AppendError, storageFailure } from '../../src/store/errors';
import type { AppendResult } from '../../src/store/port';
import { answer, GroupAnswer } from './answers';
import {
  type AppendContext,
  type Answered,
  appendPrepared,
  type Prepared,
  sendOne,
} from './append';
import { attempt, type DbProblem } from './db-errors';
import { MAX_BATCH } from './schema';

type Outcome = E.Either<AppendError, AppendResult>;

interface Waiting {
  readonly p: Prepared;
  readonly resolve: (outcome: Promise<Outcome>) => void;
}

/** Most appends in one group statement: bounds its parameters and its planning. */
const MAX_GROUP = 256;

/**
 * The SQLSTATEs after which a group is sent again append by append: another writer took
 * a key first (23505), or a cycle of waits with another group was broken (40P01).
 */
const isRace = (problem: DbProblem): boolean =>
  problem.kind === 'unique' || (problem.kind === 'other' && problem.code === '40P01');

export interface GroupLimits {
  readonly events: number;
  readonly appends: number;
}

/**
 * The next group, taken out of `queue` in order: appends to distinct streams, within the
 * limits (the first append always fits: one append carries at most MAX_BATCH events).
 * What is left stays in `queue`, in its order.
 */
export const takeGroup = <W extends { readonly p: Pick<Prepared, 'streamId' | 'ids'> }>(
  queue: W[],
  limits: GroupLimits = { events: MAX_BATCH, appends: MAX_GROUP },
): W[] => {
  const group: W[] = [];
  const streams = new Set<string>();
  let events = 0;
  let kept = 0;
  for (const w of queue) {
    const n = w.p.ids.length;
    if (
      group.length < limits.appends &&
      !streams.has(w.p.streamId) &&
      (group.length === 0 || events + n <= limits.events)
    ) {
      group.push(w);
      streams.add(w.p.streamId);
      events += n;
    } else queue[kept++] = w;
  }
  queue.length = kept;
  return group;
};

/**
 * Group commit. One append statement of this store is under way at a time; the appends
 * that arrive meanwhile wait, and go together as one statement, hence one transaction and
 * one WAL flush, when it answers. A lone append goes at once (after the current microtask,
 * so that appends made in the same synchronous code share its statement).
 *
 * Each append of a group keeps its own expected-version check, made in the statement
 * against its own stream, and gets its own result: one that meets the wrong version is
 * refused alone, exactly as when sent alone. A group holds appends to distinct streams
 * only (an append to a stream already in the forming group waits for the next), at most
 * MAX_BATCH events in all (positions within a transaction are 16 bits) and MAX_GROUP
 * appends. When the group statement fails on a key another writer took (a race with
 * another process, or an event id already stored: an idempotent retry), nothing of it is
 * stored, and each of its appends is sent again alone, which sorts out which one lost.
 */
export const createAppendQueue = (ctx: AppendContext) => {
  const queue: Waiting[] = [];
  let sending = false;
  let scheduled = false;
  /** Appends handed over and not yet settled, sent or not. */
  let unsettled = 0;
  let idle: (() => void)[] = [];

  const next = (): void => {
    scheduled = false;
    if (sending || queue.length === 0) return;
    const group = takeGroup(queue);
    sending = true;
    const answered = group.length === 1 ? sendAlone(group[0]!) : sendGroup(group);
    const release = (): void => {
      sending = false;
      next();
    };
    answered.then(release, release);
  };

  /** Sends the statement; resolves once it has answered, its appends settled after. */
  const sendAlone = (w: Waiting): Promise<unknown> => {
    const first = sendOne(ctx, w.p);
    w.resolve(appendPrepared(ctx, w.p, first));
    return first;
  };

  const sendGroup = async (group: readonly Waiting[]): Promise<void> => {
    let answers: (Answered | undefined)[];
    try {
      answers = await sendGrouped(
        ctx,
        group.map((w) => w.p),
      );
    } catch (error) {
      // Only a bug can get here; no append of the group may be left waiting.
      for (const w of group)
        w.resolve(Promise.resolve(E.left(storageFailure('append: group failed', error))));
      return;
    }
    group.forEach((w, i) => {
      const a = answers[i];
      w.resolve(appendPrepared(ctx, w.p, a === undefined ? undefined : Promise.resolve(a)));
    });
  };

  const settled = (): void => {
    unsettled--;
    if (unsettled > 0) return;
    for (const resolve of idle) resolve();
    idle = [];
  };

  return {
    append: (p: Prepared): Promise<Outcome> => {
      unsettled++;
      const outcome = new Promise<Outcome>((resolve) => {
        queue.push({ p, resolve });
        if (!sending && !scheduled) {
          scheduled = true;
          queueMicrotask(next);
        }
      });
      outcome.then(settled, settled);
      return outcome;
    },
    /** Resolves when every append handed over has settled: sent, answered, followed up. */
    idle: (): Promise<void> =>
      unsettled === 0 ? Promise.resolve() : new Promise<void>((resolve) => idle.push(resolve)),
  };
};

/**
 * Send appends to distinct streams as one statement. Each gets the answer the one-append
 * statement would have given it, for `appendPrepared` to settle; or undefined when it
 * must be sent again alone (a race, or positions to re-base).
 */
const sendGrouped = async (
  ctx: AppendContext,
  group: readonly Prepared[],
): Promise<(Answered | undefined)[]> => {
  const streamIds: string[] = [];
  const expected: (number | null)[] = [];
  const firsts: number[] = [];
  const recordedAt: string[] = [];
  const appendOf: number[] = [];
  const ids: string[] = [];
  const types: string[] = [];
  const schemaVersions: number[] = [];
  const metadata: string[] = [];
  const data: string[] = [];
  for (let k = 0; k < group.length; k++) {
    const p = group[k]!;
    streamIds.push(p.streamId);
    expected.push(p.expectedParam);
    firsts.push(ids.length);
    recordedAt.push(p.recordedAt);
    for (let i = 0; i < p.ids.length; i++) {
      appendOf.push(k + 1);
      ids.push(p.ids[i]!);
      types.push(p.types[i]!);
      schemaVersions.push(p.schemaVersions[i]!);
      metadata.push(p.metadata[i]!);
      data.push(p.data[i]!);
    }
  }
  const q = ctx.sql.appendGroup;
  const params = [
    streamIds,
    expected,
    firsts,
    appendOf,
    ids,
    types,
    schemaVersions,
    metadata,
    data,
    recordedAt,
  ];
  const sent = await attempt(() => ctx.client.query(q.text, params, q.name), 'append');
  if (E.isLeft(sent)) {
    if (isRace(sent.left)) return group.map(() => undefined);
    const problem = sent.left;
    return group.map(() => E.left(problem));
  }
  const decoded = answer(sent.right, GroupAnswer, `${ctx.names.events} (group append)`);
  const broken = (message: string): Answered[] =>
    group.map(() => E.left({ kind: 'other', code: undefined, failure: storageFailure(message) }));
  if (E.isLeft(decoded)) return broken(decoded.left.message);
  const a = decoded.right;
  if (!a.sane) return group.map(() => undefined);
  if (a.versions.length !== group.length)
    return broken(
      `append: the group answer has ${a.versions.length} versions for ${group.length} appends`,
    );
  let expectedRows = 0;
  const accepted = group.map((p, k) => {
    const ok = p.expectedParam === null || p.expectedParam === a.versions[k];
    if (ok) expectedRows += p.ids.length;
    return ok;
  });
  if (a.inserted !== expectedRows)
    return broken(`append: ${a.inserted} rows inserted for a group of ${expectedRows}`);
  return group.map((p, k) =>
    E.right({
      version: a.versions[k]!,
      base: a.base + firsts[k]!,
      sane: true,
      inserted: accepted[k] ? p.ids.length : 0,
    }),
  );
};

export type AppendQueue = ReturnType<typeof createAppendQueue>;
