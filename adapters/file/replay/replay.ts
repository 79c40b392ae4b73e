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
import { failedTo } from '../corrupt';
import { SpanShare } from './balance';
import { FeedReader } from './feed';
import { planSpans, type Span } from './plan';
import { outOfTurn, SpanReader, type SpanVisitor } from './span-reader';
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
  /**
   * Events per span, the unit a thread reads (default 8,192; a span also holds at most
   * 8 MiB of frames, or one larger frame, since it is read into memory whole).
   */
  readonly spanEvents?: number;
  /**
   * `when-ready` (default): this thread reads spans itself until the worker is up, so a
   * worker slow to start costs nothing. `from-start`: it waits for the worker before the
   * first span, so that a worker reads whatever the timing (for tests).
   */
  readonly turns?: 'when-ready' | 'from-start';
  /**
   * Worker threads that read (default 1). With one, it and this thread share the spans, in
   * the proportion measured to keep both busy; with more, they read every span and this
   * thread only folds (for machines with cores to spare: on two cores, two readers
   * measured no faster than one).
   */
  readonly readers?: number;
  /** Told the projection's position as the fold goes (after each batch or span). */
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
 * checks and parses its share of them into notes (what `apply` would read of each event)
 * while this thread reads the others and folds all of them, in order. The
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

/**
 * Spans a worker may have been given and not yet seen folded: bounds the memory between
 * the threads.
 */
const AHEAD = 2;

/**
 * Fold the spans in order. This thread reads a span itself unless a worker was given it;
 * no worker is given any before it is ready (so one slow to start costs nothing).
 *
 * With one worker, the spans it is given are spread among this thread's by a share learnt
 * as the replay goes (SpanShare: from both threads' measured costs, the share that keeps
 * both busy), planned ahead so that the worker always has a span to read. With more
 * workers, they are given every span and this thread only folds. A worker that dies (or
 * exits) is given no more, and what it was given and did not send is read here; a read
 * error it sends is the replay's. The number of events read on workers.
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
  const share = new SpanShare();
  const own = new SpanReader();
  const owner = new Int8Array(spans.length).fill(-1);
  const ahead = new Array<number>(workers.length).fill(0);
  /** Spans before this one have their reader decided. */
  let planned = 0;
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
        // A worker that died starting is no worker: this thread reads.
        if (E.isLeft(up) && !feed.died) return up;
      }
    const usable = (k: number): boolean => feeds[k]!.ready && !feeds[k]!.died;
    for (let i = 0; i < spans.length; i++) {
      if (planned <= i) planned = i;
      if (alone && usable(0))
        while (ahead[0]! < AHEAD && planned < spans.length)
          if (share.toWorker()) give(planned++, 0);
          else planned++;
      else if (!alone)
        for (;;) {
          let w = -1;
          for (let k = 0; k < feeds.length; k++)
            if (usable(k) && ahead[k]! < AHEAD && (w < 0 || ahead[k]! < ahead[w]!)) w = k;
          if (w < 0 || planned >= spans.length) break;
          if (planned <= i) planned = i + 1;
          if (planned < spans.length) give(planned++, w);
        }
      const span = spans[i]!;
      const events = span.lastPosition - span.firstPosition + 1;
      const w = owner[i]!;
      const started = performance.now();
      const folded =
        w < 0
          ? await foldOwn(span, own, projection, closedError, progress)
          : await feeds[w]!.fold(span, projection, progress);
      if (isDied(folded)) {
        // The worker died (a read error would have come as such): this thread reads what
        // it was given, from where the fold stands.
        readOnWorker += folded.position - span.firstPosition;
        for (let j = i + 1; j < spans.length; j++) if (owner[j] === w) owner[j] = -1;
        ahead[w] = 0;
        const rest = await foldOwn(span, own, projection, closedError, progress, folded.position);
        if (E.isLeft(rest)) return rest;
        continue;
      }
      if (E.isLeft(folded)) return folded;
      const ms = performance.now() - started;
      if (w < 0) share.ownSpan(events, ms);
      else {
        const feed = feeds[w]!;
        share.workerSpan(events, ms - feed.waitedMs, feed.readMs);
        ahead[w]!--;
        readOnWorker += events;
      }
    }
    return E.right(readOnWorker);
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
};

/** Read a span on this thread and fold it, from position `from` on. */
const foldOwn = async <Err>(
  span: Span,
  reader: SpanReader,
  projection: NoteFold<Err>,
  closedError: () => ReadError | undefined,
  progress: (position: number) => void,
  from = span.firstPosition,
): Promise<Folded<Err>> => {
  const visitor: SpanVisitor<Folded<Err>> = {
    note: (envelope, note) => {
      if (envelope.globalPosition < from) return undefined;
      const error = projection.applyNote(envelope, note);
      return error === undefined ? undefined : refused(envelope, error);
    },
    event: (stored) => {
      if (stored.globalPosition < from) return undefined;
      const error = projection.apply(stored);
      return error === undefined ? undefined : refused(stored, error);
    },
  };
  const read = await reader.read(span, visitor, closedError);
  if (E.isLeft(read)) return read;
  progress(projection.position);
  return read.right ?? FOLDED_ALL;
};

/** A worker that died while its span was being folded: the fold stands at `position`. */
interface Died {
  readonly _tag: 'ReaderDied';
  readonly position: number;
}

const isDied = (u: unknown): u is Died => (u as Died)._tag === 'ReaderDied';

/** The worker's spans: its batches of notes, folded a span at a time. */
class FeedTurns {
  private readonly inbox: Inbox;
  private readonly reader = new FeedReader();
  /** Events left in the batch being folded. */
  private left = 0;
  /** How long the last fold waited for the worker's batches. */
  waitedMs = 0;
  /** How long the worker took to read the span last folded. */
  readMs = Number.NaN;
  /** The reading time of the span whose batches are being folded, once its last came. */
  private spanMs: number | undefined;

  constructor(worker: Worker) {
    this.inbox = new Inbox(worker);
  }

  get ready(): boolean {
    return this.inbox.ready;
  }

  /** Whether the thread died or exited (rather than sending a read error of its own). */
  get died(): boolean {
    return this.inbox.died;
  }

  whenReady(): Promise<E.Either<ReadError, undefined>> {
    return this.inbox.whenReady();
  }

  async fold<Err>(
    span: Span,
    projection: NoteFold<Err>,
    progress: (position: number) => void,
  ): Promise<Folded<Err> | Died> {
    const reader = this.reader;
    let position = span.firstPosition;
    this.waitedMs = 0;
    // Up to the span's last event, and the span's last batch (which may be empty).
    while (position <= span.lastPosition || this.spanMs === undefined) {
      if (this.left === 0) {
        if (this.spanMs !== undefined) return E.left(outOfTurn(span, position));
        const asked = performance.now();
        const message = await this.inbox.next();
        this.waitedMs += performance.now() - asked;
        if (message.kind === 'failed')
          return this.died ? { _tag: 'ReaderDied', position } : E.left(message.error);
        reader.load(message.batch);
        this.left = message.batch.count;
        this.spanMs = message.spanMs;
      }
      const end = position + Math.max(0, Math.min(this.left, span.lastPosition - position + 1));
      for (; position < end; position++, this.left--) {
        const whole = reader.next();
        const stored = whole ?? reader.envelope;
        if (stored.globalPosition !== position)
          return E.left(outOfTurn(span, stored.globalPosition));
        const error =
          whole === undefined ? projection.applyNote(stored, reader.note) : projection.apply(whole);
        if (error !== undefined) return refused(stored, error);
      }
      progress(projection.position);
      if (this.left > 0 && position > span.lastPosition) return E.left(outOfTurn(span, position));
    }
    this.readMs = this.spanMs;
    this.spanMs = undefined;
    return FOLDED_ALL;
  }
}

/** The reading thread's batches, in order; its failure, crash or early exit as a failure. */
class Inbox {
  ready = false;
  /** Whether the failure that ended it was the thread's death rather than a read error. */
  died = false;
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
    worker.on('error', (error) => this.push(failed(error), true));
    worker.on('exit', (code) =>
      this.push(failed(`the replay's reading thread exited (${code})`), true),
    );
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

  private push(message: Exclude<ReaderMessage, { kind: 'ready' }>, died = false): void {
    if (this.ended) return;
    if (message.kind === 'failed') {
      this.ended = true;
      this.died = died;
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
