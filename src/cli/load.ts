import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/Either';
import { openFileEventStoreReader, replayFileStore } from '../../adapters/file/index';
import { hongchangPolicy } from '../policy/hongchang';
import type { Policy } from '../policy/types';
import { decodePolicy } from '../policy/validate';
import { describeRunnerError } from '../projection/runner';
import { describeStoreError } from '../store/errors';
import type { EventStore } from '../store/port';
import { slaContext } from '../sla/context';
import { describeProjectionError, ScoringProjection } from '../scoring/projection';
import { type ScoringView, scoringView } from '../scoring/view';
import type { CliIo } from './io';
import { createProgress } from './progress';

/** A failure the CLI reports in one line and exits 1 on. */
export class CliFailure extends Error {}

export const loadPolicy = (path: string | undefined): Policy => {
  if (path === undefined) return hongchangPolicy;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new CliFailure(`cannot read the policy ${path}: ${(error as Error).message}`);
  }
  const decoded = decodePolicy(json);
  if (E.isLeft(decoded)) throw new CliFailure(decoded.left.message);
  return decoded.right;
};

type ReadableStore = Pick<EventStore, 'readAll' | 'close'>;

/** Is there an event after `position`? */
const anyAfter = async (store: ReadableStore, position: number): Promise<boolean> => {
  const iterator = store.readAll({ after: position, batchSize: 1 })[Symbol.asyncIterator]();
  try {
    const first = await iterator.next();
    if (first.done === true) return false;
    if (E.isLeft(first.value)) throw new CliFailure(describeStoreError(first.value.left));
    return first.value.right.length > 0;
  } finally {
    await iterator.return?.();
  }
};

/**
 * The store's last global position, found with a few one-event reads (exponential then
 * binary search): the port has no such query, and events come in position order, so
 * position / last position is the share of a replay done.
 */
export const lastPosition = async (store: ReadableStore): Promise<number> => {
  if (!(await anyAfter(store, 0))) return 0;
  let lo = 0;
  let hi = 1024;
  while (await anyAfter(store, hi)) {
    lo = hi;
    hi *= 4;
  }
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (await anyAfter(store, mid)) lo = mid;
    else hi = mid;
  }
  return hi;
};

export const openReader = async (directory: string): Promise<ReadableStore> => {
  const opened = await openFileEventStoreReader(directory);
  if (E.isLeft(opened))
    throw new CliFailure(`cannot open the store ${directory}: ${describeStoreError(opened.left)}`);
  return opened.right;
};

/**
 * Replay every event of the store into a fresh projection (on two threads from a file
 * store), with a progress bar on a terminal.
 */
export const replay = async (
  store: ReadableStore,
  io: CliIo,
  label = 'replay',
): Promise<ScoringProjection> => {
  const total = await lastPosition(store);
  const projection = new ScoringProjection();
  const progress = createProgress(io.stderr, { label, unit: 'events' });
  try {
    const replayed = await replayFileStore(store, projection, {
      onProgress: (position) => progress.update(position, Math.max(total, position)),
    });
    if (E.isLeft(replayed))
      throw new CliFailure(describeRunnerError(replayed.left, describeProjectionError));
  } finally {
    progress.finish();
  }
  return projection;
};

export const viewAt = (policy: Policy, projection: ScoringProjection, now: number): ScoringView => {
  const ctx = slaContext(policy);
  if (E.isLeft(ctx)) throw new CliFailure(ctx.left.message);
  const view = scoringView(ctx.right, projection, now);
  if (E.isLeft(view)) throw new CliFailure(view.left.message);
  return view.right;
};

/** Open the store read-only, replay it, close it. */
export const loadStore = async (
  directory: string,
  io: CliIo,
  label?: string,
): Promise<ScoringProjection> => {
  const store = await openReader(directory);
  try {
    return await replay(store, io, label);
  } finally {
    await store.close();
  }
};
