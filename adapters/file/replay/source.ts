import type { ReadError } from '../../../src/store/errors';
import type { LogIndex } from '../log-index';

/** What a replay needs of an open store that its public face does not show. */
export interface ReplaySource {
  readonly index: LogIndex;
  /** Bring the index up to date with the log (a reader process catches up here). */
  readonly refresh: () => ReadError | undefined;
  readonly closedError: () => ReadError | undefined;
}

const sources = new WeakMap<object, ReplaySource>();

/** Called by each store as it opens. */
export const registerReplaySource = (store: object, source: ReplaySource): void => {
  sources.set(store, source);
};

export const replaySourceOf = (store: object): ReplaySource | undefined => sources.get(store);
