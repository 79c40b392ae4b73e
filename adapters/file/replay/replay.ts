import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import type { NoteFold } from '../../../src/projection/note-fold';
import type { RunnerError } from '../../../src/projection/runner';
import { decodeWith } from '../../../src/shared/decode';
import type { StoredEvent } from '../../../src/store/envelope';
import type { ReadError } from '../../../src/store/errors';
import type { EventStore } from '../../../src/store/port';
import { corruptAt, failedTo } from '../corrupt';
import { FeedReader } from './feed';
import { planSpans, type Span, streamSpan } from './plan';
import { replaySourceOf } from './source';
import { type ReaderMessage, type ReaderSettings, type ReadSpan, WORKER_MARK } from './worker';

export interface ReplayOptions {
  /**
   * `worker` (default): once a worker thread is up, spans of the log are read, checked and
   * parsed on it while this thread reads the others and folds everything in order, so a
   * replay uses two cores. `inline`: all on this thread (readAll), for where worker threads
   * are not wanted.
   */
  readonly reader?: 'worker' | 'inline';
  /** Events per span handed to each thread in turn (default 8,192). */
  readonly spanEvents?: number;
  /**
   * `when-ready` (default): this thread reads spans itself until the worker is up, so a
   * worker slow to start costs nothing. `from-start`: it waits for the worker before the
   * first span, so that a worker reads whatever the timing (for tests).
   */
  readonly turns?: 'when-ready' | 'from-start';
  /**
   * Worker threads that read (default 1). With one, it and this thread read every other
   * span; with more, they read every span and this thread only folds (for machines with
   * cores to spare: on two cores, two readers measured no faster than one).
   */
  readonly readers?: number;
  /** Told the projection's position after each batch folded (for a progress bar). */
  readonly onProgress?: (position: number) => void;
}

export interface ReplayReport {
  /** Events handed to the projection (including those it had applied already). */
  readonly events: number;
  /** Of those, the events read on the worker thread. */
  readonly readOnWorker: number;
  /** The projection's position after the replay. */
  readonly position: number;
}

const ReplayOptionsInput = t.union([
  t.undefined,
  t.partial({
    reader: t.keyof({ worker: null, inline: null }),
    turns: t.keyof({ 'when-ready': null, 'from-start': null }),
    onProgress: t.Function,
    readers: t.refinement(
      t.number,
      (n) => Number.isSafeInteger(n) && n >= 1 && n <= 16,
      'an integer from 1 to 16',
    ),
    spanEvents: t.refinement(
      t.number,
      (n) => Number.isSafeInteger(n) && n >= 1 && n <= 1 << 20,
      'an integer from 1 to 1,048,576',
    ),
  }),
]);
const decodeOptions = decodeWith(ReplayOptionsInput, 'replay options');

const SPAN_EVENTS = 8192;
const READERS = 1;
const BATCH = 1024;

type Folded<Err> = E.Either<RunnerError<Err>, undefined>;
const FOLDED_ALL: Folded<never> = E.right(undefined);

/**
 * Replay a file store into a projection: every event after the projection's position,
 * in order, up to the end of the log (appends made meanwhile included). Stops at the first
 * event the projection refuses (ProjectionFailed; its state as it was before that event)
 * or at the first read error, as a projection runner would.
 *
 * With the worker reader (the default) the log is cut into spans; a worker thread reads,
 * checks and parses its turns of them into notes (what `apply` would read of each event)
 * while this thread reads the spans between and folds all of them, in order. The
 * projection's state and errors are those of applying the same events one by one.
 */
export const replayFileStore = async <Err>(
  store: Pick<EventStore, 'readAll'>,
  projection: NoteFold<Err>,
  options?: ReplayOptions,
): Promise<E.Either<RunnerError<Err>, ReplayReport>> => {
  const checked = decodeOptions(options);
  if (E.isLeft(checked)) return checked;
  const spanEvents = checked.right?.spanEvents ?? SPAN_EVENTS;
  const progress = (checked.right?.onProgress as ReplayOptions['onProgress']) ?? noProgress;
  const start = projection.position;
  let readOnWorker = 0;
  if ((checked.right?.reader ?? 'worker') === 'worker') {
    const source = replaySourceOf(store);
    if (source === undefined)
      return E.left(failedTo('replay', 'not a store opened by openFileEventStore(Reader)'));
    const stop = source.closedError() ?? source.refresh();
    if (stop !== undefined) return E.left(stop);
    const spans = planSpans(source.index, projection.position, spanEvents);
    // With one span there is nothing to share.
    if (spans.length > 1) {
      const turns = {
        readers: checked.right?.readers ?? READERS,
        fromStart: checked.right?.turns === 'from-start',
      };
      const folded = await foldInTurns(spans, projection, source.closedError, turns, progress);
      if (E.isLeft(folded)) return folded;
      readOnWorker = folded.right;
    }
  }
  // What the turns did not read: all of it inline, else the appends made meanwhile.
  for await (const batch of store.readAll({ after: projection.position })) {
    if (E.isLeft(batch)) return batch;
    for (const stored of batch.right) {
      const error = projection.apply(stored);
      if (error !== undefined) return refused(stored, error);
    }
    progress(projection.position);
  }
  return E.right({
    events: projection.position - start,
    readOnWorker,
    position: projection.position,
  });
};

const noProgress = (): void => undefined;

const refused = <Err>(stored: StoredEvent, error: Err): E.Either<RunnerError<Err>, never> =>
  E.left({ _tag: 'ProjectionFailed', position: stored.globalPosition, error });

const outOfTurn = (span: Span, position: number): E.Either<ReadError, never> =>
  E.left(
    corruptAt(span.name, span.startOffset, `replay read position ${position} out of its turn`),
  );

/**
 * With more than one worker: spans each may have been given and not yet seen folded. With
 * one, it is never given more than two turns ahead. Either bounds the memory.
 */
const AHEAD = 2;
/** With one worker: most worker spans planned per span of this thread's, and the start. */
const MOST_IN_TURN = 4;
/** Waiting on the worker longer than this over a turn means it gets fewer spans. */
const WAITED_MS = 1;

/**
 * Fold the spans in order. This thread reads a span itself unless a worker was given it;
 * no worker is given any before it is ready (so one slow to start costs nothing).
 *
 * With one worker the spans go in turns: one read here, then `inTurn` given to the worker,
 * planned ahead so that the worker always has one to read. How many is learnt as it goes:
 * one more after a turn this thread never waited on the worker, one fewer after a turn it
 * did, so that both threads stay busy whatever their speeds. With more workers, they are
 * given every span, each up to AHEAD ahead, and this thread only folds. The number of
 * events read on workers.
 */
const foldInTurns = async <Err>(
  spans: readonly Span[],
  projection: NoteFold<Err>,
  closedError: () => ReadError | undefined,
  settings: { readonly readers: number; readonly fromStart: boolean },
  progress: (position: number) => void,
): Promise<E.Either<RunnerError<Err>, number>> => {
  const workers = Array.from({ length: settings.readers }, () =>
    spawnReader({ batchSize: BATCH }),
  ).filter((worker): worker is Worker => worker !== undefined);
  if (workers.length === 0 && settings.fromStart)
    return E.left(failedTo('start a reading thread', 'its entry file was not found'));
  const feeds = workers.map((worker) => new FeedTurns(worker));
  const alone = workers.length === 1;
  const owner = new Int8Array(spans.length).fill(-1);
  const ahead = new Array<number>(workers.length).fill(0);
  /** Spans before this one have their reader decided. */
  let planned = 0;
  let inTurn = 1;
  let waited = 0;
  let readOnWorker = 0;
  const give = (j: number, w: number): void => {
    owner[j] = w;
    const read: ReadSpan = { kind: 'read', span: spans[j]! };
    workers[w]!.postMessage(read);
    ahead[w]!++;
  };
  try {
    if (settings.fromStart)
      for (const feed of feeds) {
        const up = await feed.whenReady();
        if (E.isLeft(up)) return up;
      }
    for (let i = 0; i < spans.length; i++) {
      if (planned <= i) planned = i;
      if (alone && feeds[0]!.ready)
        // One turn more: a span here, then `inTurn` for the worker.
        while (ahead[0]! < inTurn + 1 && planned < spans.length) {
          planned++;
          for (let k = 0; k < inTurn && planned < spans.length; k++) give(planned++, 0);
        }
      else if (!alone)
        for (;;) {
          let w = -1;
          for (let k = 0; k < feeds.length; k++)
            if (feeds[k]!.ready && ahead[k]! < AHEAD && (w < 0 || ahead[k]! < ahead[w]!)) w = k;
          if (w < 0 || planned >= spans.length) break;
          if (planned <= i) planned = i + 1;
          if (planned < spans.length) give(planned++, w);
        }
      const span = spans[i]!;
      const w = owner[i]!;
      if (w < 0 && alone && i > 0 && feeds[0]!.ready) {
        // A turn ends here: learn from how long this thread waited on the worker.
        inTurn = waited > WAITED_MS ? Math.max(1, inTurn - 1) : Math.min(MOST_IN_TURN, inTurn + 1);
        waited = 0;
      }
      const folded =
        w < 0
          ? await foldOwn(span, projection, closedError, progress)
          : await feeds[w]!.fold(span, projection, progress);
      if (E.isLeft(folded)) return folded;
      if (w >= 0) {
        waited += feeds[w]!.waitedMs;
        ahead[w]!--;
        readOnWorker += span.lastPosition - span.firstPosition + 1;
      }
    }
    return E.right(readOnWorker);
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
};

/** Read a span on this thread (readAll's reading) and fold it. */
const foldOwn = async <Err>(
  span: Span,
  projection: NoteFold<Err>,
  closedError: () => ReadError | undefined,
  progress: (position: number) => void,
): Promise<Folded<Err>> => {
  let position = span.firstPosition;
  for await (const batch of streamSpan(span, BATCH, closedError)) {
    if (E.isLeft(batch)) return batch;
    for (const stored of batch.right) {
      if (stored.globalPosition !== position) return outOfTurn(span, stored.globalPosition);
      const error = projection.apply(stored);
      if (error !== undefined) return refused(stored, error);
      position++;
    }
    progress(projection.position);
  }
  return position === span.lastPosition + 1 ? FOLDED_ALL : outOfTurn(span, position);
};

/** The worker's spans: its batches of notes, folded a span at a time. */
class FeedTurns {
  private readonly inbox: Inbox;
  private readonly reader = new FeedReader();
  /** Events left in the batch being folded. */
  private left = 0;
  /** How long the last fold waited for the worker's batches. */
  waitedMs = 0;

  constructor(worker: Worker) {
    this.inbox = new Inbox(worker);
  }

  get ready(): boolean {
    return this.inbox.ready;
  }

  whenReady(): Promise<E.Either<ReadError, undefined>> {
    return this.inbox.whenReady();
  }

  async fold<Err>(
    span: Span,
    projection: NoteFold<Err>,
    progress: (position: number) => void,
  ): Promise<Folded<Err>> {
    const reader = this.reader;
    let position = span.firstPosition;
    this.waitedMs = 0;
    while (position <= span.lastPosition) {
      if (this.left === 0) {
        const asked = performance.now();
        const message = await this.inbox.next();
        this.waitedMs += performance.now() - asked;
        if (message.kind === 'failed') return E.left(message.error);
        reader.load(message.batch);
        this.left = message.batch.count;
      }
      const end = position + Math.min(this.left, span.lastPosition - position + 1);
      for (; position < end; position++, this.left--) {
        const whole = reader.next();
        const stored = whole ?? reader.envelope;
        if (stored.globalPosition !== position) return outOfTurn(span, stored.globalPosition);
        const error =
          whole === undefined ? projection.applyNote(stored, reader.note) : projection.apply(whole);
        if (error !== undefined) return refused(stored, error);
      }
      progress(projection.position);
    }
    return FOLDED_ALL;
  }
}

/** The reading thread's batches, in order; its failure, crash or early exit as a failure. */
class Inbox {
  ready = false;
  private onReady: (() => void) | undefined;
  private onFailure: ((error: ReadError) => void) | undefined;
  private readonly queue: Exclude<ReaderMessage, { kind: 'ready' }>[] = [];
  private waiting: ((message: Exclude<ReaderMessage, { kind: 'ready' }>) => void) | undefined;
  private ended = false;

  constructor(worker: Worker) {
    worker.on('message', (message: ReaderMessage) => {
      if (message.kind !== 'ready') return this.push(message);
      this.ready = true;
      this.onReady?.();
    });
    worker.on('error', (error) => this.push(failed(error)));
    worker.on('exit', (code) => this.push(failed(`the replay's reading thread exited (${code})`)));
  }

  /** Ready, or the failure that came first. */
  async whenReady(): Promise<E.Either<ReadError, undefined>> {
    if (!this.ready) {
      const up = new Promise<void>((resolve) => {
        this.onReady = resolve;
      });
      const failure = new Promise<ReadError>((resolve) => {
        this.onFailure = resolve;
      });
      const first = await Promise.race([up.then(() => undefined), failure]);
      if (first !== undefined) return E.left(first);
    }
    return E.right(undefined);
  }

  next(): Promise<Exclude<ReaderMessage, { kind: 'ready' }>> {
    const message = this.queue.shift();
    if (message !== undefined) return Promise.resolve(message);
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }

  private push(message: Exclude<ReaderMessage, { kind: 'ready' }>): void {
    if (this.ended) return;
    if (message.kind === 'failed') {
      this.ended = true;
      this.onFailure?.(message.error);
    }
    const waiting = this.waiting;
    if (waiting === undefined) this.queue.push(message);
    else {
      this.waiting = undefined;
      waiting(message);
    }
  }
}

const failed = (cause: unknown): Exclude<ReaderMessage, { kind: 'ready' }> => ({
  kind: 'failed',
  error: failedTo('read the log on the replay thread', cause),
});

// ---------------------------------------------------------------------------------------
// Where the reading thread's entry is: beside this file in the sources, in the package's
// dist otherwise (found through the package's own package.json, wherever the build put
// this code). Where neither can be found (the library bundled into an application), there
// is no worker and this thread reads every span.

const moduleUrl = import.meta.url;

const workerEntry = (): string | undefined => {
  try {
    if (moduleUrl.endsWith('.ts')) return fileURLToPath(new URL('./worker-entry.ts', moduleUrl));
    const manifest = createRequire(moduleUrl).resolve('complaint-ledger/package.json');
    const entry = path.join(path.dirname(manifest), 'dist/adapters/file/replay-worker.cjs');
    return fs.existsSync(entry) ? entry : undefined;
  } catch {
    return undefined;
  }
};

const spawnReader = (settings: ReaderSettings): Worker | undefined => {
  const entry = workerEntry();
  if (entry === undefined) return undefined;
  const workerData = { [WORKER_MARK]: settings };
  if (!entry.endsWith('.ts')) return new Worker(entry, { workerData });
  // From the TypeScript sources (tests, in this repository): the thread registers tsx, a
  // development dependency, before it loads the entry.
  const url = JSON.stringify(pathToFileURL(entry).href);
  const boot = `import('tsx/esm/api').then((api) => { api.register(); return import(${url}); });`;
  return new Worker(boot, { eval: true, workerData });
};
