import {
  describeProjectionError,
  describeRunnerError,
  describeStoreError,
  ScoringProjection,
} from 'complaint-ledger';
import { openFileEventStore, replayFileStore } from 'complaint-ledger/file';
import * as E from 'fp-ts/Either';

/** Rebuild the scoring projection (SLA clocks included) from a file store's whole log. */
export async function rebuild(directory: string): Promise<ScoringProjection> {
  const opened = await openFileEventStore(directory);
  if (E.isLeft(opened)) throw new Error(describeStoreError(opened.left));
  const store = opened.right;
  try {
    const scoring = new ScoringProjection();
    // Read on a worker thread and on this one; folded here, in order.
    const replayed = await replayFileStore(store, scoring);
    if (E.isLeft(replayed))
      throw new Error(describeRunnerError(replayed.left, describeProjectionError));
    return scoring;
  } finally {
    await store.close();
  }
}
