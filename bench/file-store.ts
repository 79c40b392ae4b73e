/**
 * The file store against the limits of this machine, measured in the same run:
 *
 * 1. one appender, one event per append, durable — beside the raw rate of writing the same
 *    number of bytes and calling fdatasync, in a plain synchronous loop (target ≥ 80%);
 * 2. 256 concurrent appenders, one event per append, durable — beside Emmett's SQLite event
 *    store (@event-driven-io/emmett-sqlite) with 256 appenders on a file database
 *    (target ≥ 60×);
 * 3. replaying 1,000,000 complaint events into the SLA and the scoring projections with
 *    replayFileStore (from the built package; a worker thread reads its share of spans) —
 *    beside JSON.parse of the same log's payloads on one thread, measured just before and
 *    just after each replay (target ≥ 65% for each);
 *    for reference, the same folds on one thread (readAll + applyAll), readAll alone and
 *    readAll decoding every event (fromStoredEvent).
 *
 * Raw and store runs alternate and the medians are reported, because the disk of a shared
 * machine is noisy. The events are real complaint events: lifecycles of every class run
 * through the command handler, copied under fresh complaint ids.
 *
 * Reproduce: bash bench/run file-store
 * (BENCH_REPLAY_EVENTS, BENCH_ROUNDS, BENCH_REPLAY_ROUNDS and BENCH_SECONDS shrink or grow
 * it; BENCH_ONLY=single runs only part 1, for work on the lone-append path.)
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { getSQLiteEventStore } from '@event-driven-io/emmett-sqlite';
import * as E from 'fp-ts/Either';
import { type FileEventStore, openFileEventStore } from '../adapters/file/index';
import {
  FRAME_HEADER_BYTES,
  FRAME_TRAILER_BYTES,
  SEGMENT_HEADER_BYTES,
} from '../adapters/file/layout';
import { createMemoryEventStore } from '../adapters/memory/index';
import { fromStoredEvent } from '../src/complaint/codec';
import { complaintStreamId } from '../src/complaint/vocabulary';
import { createCommandHandler, describeHandleError } from '../src/handler/handler';
import { hongchangPolicy } from '../src/policy/hongchang';
import { ScoringProjection } from '../src/scoring/projection';
import { SlaProjection } from '../src/sla/projection';
import type { NewEvent } from '../src/store/envelope';
import { describeStoreError } from '../src/store/errors';
import { lifecycle } from './lib/complaint-workload';
// The replay on a worker thread is measured from the built package, as users run it: from
// the sources each worker would first load tsx and compile the library (0.3 s against 0.1 s).
import * as built from '../dist/index.js';
import * as builtFile from '../dist/adapters/file/index.js';

const REPLAY_EVENTS = Number(process.env.BENCH_REPLAY_EVENTS ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const REPLAY_ROUNDS = Number(process.env.BENCH_REPLAY_ROUNDS ?? 5);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const APPENDERS = 256;
const TEMPLATES = 400;
const ONLY_SINGLE = process.env.BENCH_ONLY === 'single';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-file-store-'));
let dirs = 0;
const freshDir = (label: string): string => path.join(root, `${label}-${++dirs}`);

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();
const median = (xs: readonly number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const pct = (a: number, b: number): string => `${((a / b) * 100).toFixed(0)}%`;
const must = <A>(result: E.Either<{ _tag: string }, A>): A => {
  if (E.isLeft(result)) throw new Error(describeStoreError(result.left as never));
  return result.right;
};

// ---------------------------------------------------------------------------------------
// Events: every class's lifecycle through the handler, then copied under new ids.

interface Complaint {
  readonly streamId: string;
  readonly events: NewEvent[];
}

const templates = async (): Promise<{ id: string; json: string }[]> => {
  const store = createMemoryEventStore();
  const handler = createCommandHandler({ store, policy: hongchangPolicy });
  const out: { id: string; json: string }[] = [];
  for (let i = 0; i < TEMPLATES; i++) {
    const events: NewEvent[] = [];
    for (const command of lifecycle(i)) {
      const handled = await handler.handle(command);
      if (E.isLeft(handled)) throw new Error(describeHandleError(handled.left));
      for (const e of handled.right.events)
        events.push({
          type: e.type,
          data: e.data,
          schemaVersion: e.schemaVersion,
          metadata: e.metadata,
        });
    }
    out.push({ id: `BENCH-${i}`, json: JSON.stringify(events) });
  }
  return out;
};

/** Complaint number n: template n mod 400 under the id BENCH-<template>-<copy>. */
const complaintMaker =
  (made: { id: string; json: string }[]) =>
  (n: number): Complaint => {
    const template = made[n % made.length]!;
    const id = `${template.id}-${Math.floor(n / made.length)}`;
    const events = JSON.parse(
      template.json.replaceAll(`"${template.id}"`, `"${id}"`),
    ) as NewEvent[];
    return { streamId: complaintStreamId(id), events };
  };

// ---------------------------------------------------------------------------------------
// 1. One appender against raw bytes + fdatasync.

const openFresh = async (label: string): Promise<FileEventStore> =>
  must(await openFileEventStore(freshDir(label)));

/** Bytes the store's segments hold past their headers, per event. */
const bytesPerEvent = (store: FileEventStore, events: number): number =>
  fs
    .readdirSync(store.directory)
    .filter((f) => f.endsWith('.log'))
    .reduce(
      (sum, f) => sum + fs.statSync(path.join(store.directory, f)).size - SEGMENT_HEADER_BYTES,
      0,
    ) / events;

/**
 * One appender, each event its own append waited for before the next, against the raw
 * limit: writing the same number of bytes at the end of a file and calling fdatasync, in a
 * plain synchronous loop. The two alternate in slices of 100 operations for `seconds`, so
 * that both see the same moods of a shared disk. The events of a slice (copies of the
 * templates, parsed from JSON) are made before its clock starts, as the raw loop's bytes
 * are: making them is the caller's work, not the store's.
 */
const singleAppenderVsRaw = async (
  make: (n: number) => Complaint,
  seconds: number,
): Promise<{ ours: number; raw: number; frameBytes: number }> => {
  const store = await openFresh('single');
  const events: NewEvent[] = [];
  const streams: string[] = [];
  let n = 0;
  const versions = new Map<string, number>();
  /** The next `count` appends: stream, event and expected version. */
  const nextAppends = (count: number): [string, NewEvent, number][] => {
    const appends: [string, NewEvent, number][] = [];
    while (appends.length < count) {
      if (events.length === 0) {
        const complaint = make(n++);
        for (const e of complaint.events) {
          events.push(e);
          streams.push(complaint.streamId);
        }
      }
      const streamId = streams.shift()!;
      const version = versions.get(streamId) ?? 0;
      versions.set(streamId, version + 1);
      appends.push([streamId, events.shift()!, version]);
    }
    return appends;
  };
  let written = 0;
  const appendAll = async (appends: readonly [string, NewEvent, number][]): Promise<void> => {
    for (const [streamId, event, version] of appends)
      must(await store.append(streamId, [event], { expectedVersion: version }));
    written += appends.length;
  };
  // Calibrate the raw write to the size of the store's frames.
  await appendAll(nextAppends(50));
  const frameBytes = Math.round(bytesPerEvent(store, written));
  const rawDir = freshDir('raw');
  fs.mkdirSync(rawDir);
  const fd = fs.openSync(path.join(rawDir, 'raw.log'), 'w');
  const buffer = Buffer.alloc(frameBytes, 0x61);
  let rawOffset = 0;
  let oursMs = 0;
  let rawMs = 0;
  let oursOps = 0;
  let rawOps = 0;
  const until = performance.now() + seconds * 1000;
  while (performance.now() < until) {
    const appends = nextAppends(100);
    let t = performance.now();
    await appendAll(appends);
    oursMs += performance.now() - t;
    oursOps += 100;
    t = performance.now();
    for (let k = 0; k < 100; k++) {
      fs.writeSync(fd, buffer, 0, frameBytes, rawOffset);
      fs.fdatasyncSync(fd);
      rawOffset += frameBytes;
    }
    rawMs += performance.now() - t;
    rawOps += 100;
  }
  fs.closeSync(fd);
  await store.close();
  return { ours: (oursOps / oursMs) * 1000, raw: (rawOps / rawMs) * 1000, frameBytes };
};

// ---------------------------------------------------------------------------------------
// 2. 256 appenders: ours, and Emmett's SQLite event store.

/** Each appender works through its own complaints, one event per append. */
const concurrentAppenders = async (make: (n: number) => Complaint): Promise<number> => {
  const store = await openFresh('concurrent');
  let events = 0;
  let next = 0;
  const until = performance.now() + SECONDS * 1000;
  const appender = async (): Promise<void> => {
    while (performance.now() < until) {
      const complaint = make(next++);
      let version = 0;
      for (const event of complaint.events) {
        must(await store.append(complaint.streamId, [event], { expectedVersion: version }));
        version++;
        events++;
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: APPENDERS }, appender));
  const rate = (events / (performance.now() - started)) * 1000;
  await store.close();
  return rate;
};

const isBusy = (error: unknown): boolean => (error as { code?: string }).code === 'SQLITE_BUSY';
/** A BEGIN refused as busy surfaces as the failed ROLLBACK Emmett tries after it. */
const isRefusedBegin = (error: unknown): boolean =>
  String((error as { message?: string }).message).includes(
    'cannot rollback - no transaction is active',
  );
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Emmett 0.42's SQLite store opens a connection per append and takes the write lock with
 * BEGIN IMMEDIATE. With many appenders in one process the connections wait on each other's
 * lock inside sqlite3's small thread pool (node-sqlite3 waits up to 1 s on a busy database)
 * and almost nothing gets through: measured here, 8 appenders stored 3 events in 6 s.
 * So the comparison gives Emmett its best case: the 256 appenders' appends go through one
 * queue, one at a time — what an application must do to use it from many callers. The
 * `concurrent` mode runs them as given (retrying on SQLITE_BUSY, and on the failed
 * ROLLBACK Emmett reports when the BEGIN itself was refused), for the record.
 * Only stored events count. Emmett logs every failed transaction; that is silenced.
 */
const emmettSqlite = async (
  make: (n: number) => Complaint,
  mode: 'queue' | 'concurrent',
): Promise<{ rate: number; busy: number }> => {
  const dir = freshDir('emmett');
  fs.mkdirSync(dir);
  const store = getSQLiteEventStore({
    fileName: path.join(dir, 'events.db'),
    schema: { autoMigration: 'CreateOrUpdate' },
  });
  await store.appendToStream('warm-up', [{ type: 'WarmedUp', data: {} }]);
  const log = console.log;
  console.log = () => undefined;
  // Each new connection runs PRAGMA journal_mode = WAL without a callback, so a busy database
  // makes sqlite3 emit an 'error' nobody listens to. The pragma only repeats what the first
  // connection set, so those are counted and ignored; any other error still stops the run.
  let busy = 0;
  const onUncaught = (error: unknown): void => {
    if (!isBusy(error)) throw error;
    busy++;
  };
  process.on('uncaughtException', onUncaught);
  let queue: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(work: () => Promise<T>): Promise<T> => {
    const turn = queue.then(work);
    queue = turn.catch(() => undefined);
    return turn;
  };
  let events = 0;
  let next = 0;
  const started = performance.now();
  const until = started + SECONDS * 2 * 1000;
  const appender = async (): Promise<void> => {
    while (performance.now() < until) {
      const complaint = make(next++);
      let version = 0n;
      for (const event of complaint.events) {
        for (;;) {
          if (performance.now() >= until) return;
          const append = () =>
            store.appendToStream(
              complaint.streamId,
              [{ type: event.type, data: event.data as Record<string, unknown> }],
              { expectedStreamVersion: version },
            );
          try {
            await (mode === 'queue' ? inTurn(append) : append());
            break;
          } catch (error) {
            if (!isBusy(error) && !isRefusedBegin(error)) throw error;
            busy++;
            await sleep(1 + Math.random() * 4);
          }
        }
        version++;
        events++;
      }
    }
  };
  const all = Promise.all(Array.from({ length: APPENDERS }, appender));
  try {
    // Concurrent appends can hang far past the deadline: stop waiting for them at twice it.
    await Promise.race([all, sleep(SECONDS * 4 * 1000)]);
  } finally {
    console.log = log;
    if (mode === 'queue') process.off('uncaughtException', onUncaught);
  }
  return { rate: (events / Math.max(performance.now() - started, 1)) * 1000, busy };
};

// ---------------------------------------------------------------------------------------
// 3. Replay of a million events.

const bulkLoad = async (
  make: (n: number) => Complaint,
): Promise<{ dir: string; events: number; ms: number }> => {
  const dir = freshDir('replay');
  const store = must(await openFileEventStore(dir, { durability: 'os' }));
  let events = 0;
  let next = 0;
  const loader = async (): Promise<void> => {
    while (events < REPLAY_EVENTS) {
      const complaint = make(next++);
      events += complaint.events.length;
      must(
        await store.append(complaint.streamId, complaint.events, { expectedVersion: 'no_stream' }),
      );
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: 64 }, loader));
  const ms = performance.now() - started;
  await store.close();
  return { dir, events, ms };
};

/**
 * Read every segment once, so that the measurement after it starts with the log in the page
 * cache: this machine reclaims cold pages eagerly, and a replay that waits on the disk
 * measures the disk, not the store.
 */
const warm = (dir: string): void => {
  for (const file of fs.readdirSync(dir))
    if (file.endsWith('.log')) fs.readFileSync(path.join(dir, file));
};

/**
 * Raw: each segment read whole into one buffer reused for all of them (no allocation, no
 * page faults on fresh memory), each payload found by its length and JSON.parsed.
 */
const rawParse = (dir: string): { events: number; ms: number } => {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.log'))
    .sort()
    .map((f) => path.join(dir, f));
  const largest = Math.max(...files.map((f) => fs.statSync(f).size));
  const bytes = Buffer.alloc(largest);
  let events = 0;
  let sink = 0;
  const started = performance.now();
  for (const file of files) {
    const fd = fs.openSync(file, 'r');
    let size = 0;
    for (let n = -1; n !== 0; size += n)
      n = fs.readSync(fd, bytes, size, bytes.length - size, size);
    fs.closeSync(fd);
    let offset = SEGMENT_HEADER_BYTES;
    while (offset < size) {
      const length = bytes.readUInt32LE(offset);
      const start = offset + FRAME_HEADER_BYTES;
      const parsed = JSON.parse(bytes.toString('utf8', start, start + length)) as {
        globalPosition: number;
      };
      sink += parsed.globalPosition;
      offset = start + length + FRAME_TRAILER_BYTES;
      events++;
    }
  }
  if (sink === 0) throw new Error('nothing parsed');
  return { events, ms: performance.now() - started };
};

type Consumer = (batch: readonly import('../src/store/envelope').StoredEvent[]) => void;

/** Open the store for reading and hand every batch of readAll to `consume`. */
const replay = async (
  dir: string,
  consume: Consumer,
  verifyOnOpen: 'all' | 'tail' = 'all',
): Promise<{ events: number; ms: number; openMs: number }> => {
  const opening = performance.now();
  const store = must(await openFileEventStore(dir, { verifyOnOpen }));
  const openMs = performance.now() - opening;
  let events = 0;
  const started = performance.now();
  // The store's default batch size: what a projection runner gets unless it asks.
  for await (const batch of store.readAll()) {
    const events_ = must(batch);
    consume(events_);
    events += events_.length;
  }
  const ms = performance.now() - started;
  await store.close();
  return { events, ms, openMs };
};

const decodeAll: Consumer = (batch) => {
  for (const stored of batch) {
    const decoded = fromStoredEvent(stored);
    if (E.isLeft(decoded)) throw new Error(decoded.left.message);
  }
};

/** Fold every batch into `projection`; an event it cannot read stops the run. */
const into =
  (projection: {
    applyAll(batch: readonly import('../src/store/envelope').StoredEvent[]): unknown;
  }): Consumer =>
  (batch) => {
    const error = projection.applyAll(batch);
    if (error !== undefined) throw new Error(JSON.stringify(error));
  };

/**
 * The library's replay (replayFileStore, its default worker reader), from the built
 * package: once a worker thread is up, it reads and parses its share of the log's spans and
 * this thread the rest, all folded here in order.
 */
const replayWithWorker = async (
  dir: string,
  projection: built.SlaProjection | built.ScoringProjection,
): Promise<{ events: number; ms: number }> => {
  const opened = await builtFile.openFileEventStore(dir, { verifyOnOpen: 'tail' });
  if (E.isLeft(opened)) throw new Error(built.describeStoreError(opened.left));
  const started = performance.now();
  const report = await builtFile.replayFileStore(opened.right, projection);
  const ms = performance.now() - started;
  if (E.isLeft(report)) throw new Error(JSON.stringify(report.left));
  await opened.right.close();
  return { events: report.right.events, ms };
};

// ---------------------------------------------------------------------------------------

const main = async (): Promise<void> => {
  console.log(
    `file store benchmark in ${root} (${os.cpus().length} cores, Node ${process.version})`,
  );
  const make = complaintMaker(await templates());

  // Warm-up: compile every path before anything is measured.
  await singleAppenderVsRaw(make, 0.5);
  if (!ONLY_SINGLE) await concurrentAppenders(make);

  // 1. One appender.
  const raw: number[] = [];
  const single: number[] = [];
  let frameBytes = 0;
  for (let r = 0; r < ROUNDS; r++) {
    gc();
    const run = await singleAppenderVsRaw(make, SECONDS * 2);
    frameBytes = run.frameBytes;
    single.push(run.ours);
    raw.push(run.raw);
    console.log(
      `  round ${r + 1}: one appender ${fmt(run.ours)} events/s; raw write+fdatasync of ${frameBytes} bytes ${fmt(run.raw)}/s (${pct(run.ours, run.raw)})`,
    );
  }
  if (ONLY_SINGLE) {
    const ratios = single.map((o, i) => o / raw[i]!);
    console.log(
      `one appender vs raw: median ${pct(median(ratios), 1)} (rounds ${ratios.map((x) => pct(x, 1)).join(', ')})`,
    );
    fs.rmSync(root, { recursive: true, force: true });
    return;
  }

  // 2. 256 appenders, and Emmett.
  const many: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    gc();
    many.push(await concurrentAppenders(make));
    console.log(`  round ${r + 1}: ${APPENDERS} appenders ${fmt(many[r]!)} events/s`);
  }
  // 3. Replay.
  const load = await bulkLoad(make);
  const bytes = fs
    .readdirSync(load.dir)
    .filter((f) => f.endsWith('.log'))
    .reduce((sum, f) => sum + fs.statSync(path.join(load.dir, f)).size, 0);
  console.log(
    `  loaded ${fmt(load.events)} events (${(bytes / 2 ** 20).toFixed(0)} MiB) with durability 'os' in ${(load.ms / 1000).toFixed(1)} s: ${fmt((load.events / load.ms) * 1000)} events/s`,
  );
  type Run = { events: number; ms: number; openMs?: number };
  const runs = {
    readAll: () => replay(load.dir, () => undefined, 'tail'),
    decode: () => replay(load.dir, decodeAll),
    sla: () => replay(load.dir, into(new SlaProjection()), 'tail'),
    scoring: () => replay(load.dir, into(new ScoringProjection()), 'tail'),
    slaWorker: () => replayWithWorker(load.dir, new built.SlaProjection()),
    scoringWorker: () => replayWithWorker(load.dir, new built.ScoringProjection()),
  } satisfies Record<string, () => Promise<Run>>;
  type Kind = keyof typeof runs;
  const kinds = Object.keys(runs) as Kind[];
  const none = (): Record<Kind, number[]> =>
    Object.fromEntries(kinds.map((k) => [k, [] as number[]])) as unknown as Record<Kind, number[]>;
  const rates = none();
  /** Per run, JSON.parse's rate just before and just after it, averaged. */
  const references = none();
  const parses: number[] = [];
  const open: number[] = [];
  const openTail: number[] = [];
  const measureParse = (): number => {
    gc();
    warm(load.dir);
    const p = rawParse(load.dir);
    if (p.events !== load.events) throw new Error(`parsed ${p.events} of ${load.events}`);
    const rate = (p.events / p.ms) * 1000;
    parses.push(rate);
    return rate;
  };
  // A first pass of each, unmeasured, so that no round measures the compiler at work.
  rawParse(load.dir);
  await replay(load.dir, decodeAll);
  for (let r = 0; r < REPLAY_ROUNDS; r++) {
    // The reference is measured between every two runs: the machine's speed drifts over
    // seconds, so each run is held to JSON.parse measured right beside it.
    let before = measureParse();
    const line: string[] = [];
    for (const kind of kinds) {
      gc();
      warm(load.dir);
      const run: Run = await runs[kind]();
      if (run.events !== load.events) throw new Error(`replayed ${run.events} of ${load.events}`);
      if (kind === 'decode') open.push(run.openMs!);
      if (kind === 'readAll') openTail.push(run.openMs!);
      const after = measureParse();
      const rate = (run.events / run.ms) * 1000;
      rates[kind].push(rate);
      references[kind].push((before + after) / 2);
      line.push(`${kind} ${fmt(rate)}/s (${pct(rate, (before + after) / 2)})`);
      before = after;
    }
    console.log(`  round ${r + 1}: ${line.join('; ')}`);
  }
  console.log(`  JSON.parse, measured between the runs: ${parses.map(fmt).join(', ')} payloads/s`);

  // Emmett last: its concurrent run leaves appends hanging that would slow what follows.
  const emmett = await emmettSqlite(make, 'queue');
  console.log(
    `  Emmett SQLite, ${APPENDERS} appenders through one queue: ${fmt(emmett.rate)} events/s`,
  );
  const emmettConcurrent = await emmettSqlite(make, 'concurrent');
  console.log(
    `  Emmett SQLite, ${APPENDERS} appenders concurrently: ${fmt(emmettConcurrent.rate)} events/s (${fmt(emmettConcurrent.busy)} busy errors retried)`,
  );

  // Ratios are the medians of each round's ratio: the two sides of a round ran side by side.
  const ratioOf = (ours: readonly number[], reference: readonly number[]): number =>
    median(ours.map((o, i) => o / reference[i]!));
  const singleRatio = ratioOf(single, raw);
  const replayRatio = ratioOf(rates.decode, references.decode);
  const rawRate = median(raw);
  const singleRate = median(single);
  const manyRate = median(many);
  const parseRate = median(parses);
  const decodeRate = median(rates.decode);
  const verdict = (ok: boolean): string => (ok ? 'met' : 'NOT met');
  console.log('');
  console.log(
    `Medians of ${ROUNDS} rounds of appends and ${REPLAY_ROUNDS} of replays (ratios: the median of the runs' ratios, each replay to JSON.parse measured just before and after it). Reproduce: bash bench/run file-store`,
  );
  console.log('');
  console.log('| Benchmark | complaint-ledger file store | Reference, same run | Ratio | Target |');
  console.log('|---|---:|---:|---:|---|');
  console.log(
    `| One appender, 1 event per append, durable | ${fmt(singleRate)} events/s | raw write + fdatasync of ${Math.round(frameBytes)} B: ${fmt(rawRate)}/s | ${(singleRatio * 100).toFixed(0)}% | ≥ 80%: ${verdict(singleRatio >= 0.8)} |`,
  );
  console.log(
    `| ${APPENDERS} concurrent appenders, 1 event per append, durable | ${fmt(manyRate)} events/s | Emmett SQLite 0.42.4, ${APPENDERS} appenders through one queue: ${fmt(emmett.rate)} events/s (concurrently: ${fmt(emmettConcurrent.rate)}) | ${(manyRate / emmett.rate).toFixed(0)}× | ≥ 60×: ${verdict(manyRate >= 60 * emmett.rate)} |`,
  );
  const slaRatio = ratioOf(rates.slaWorker, references.slaWorker);
  const scoringRatio = ratioOf(rates.scoringWorker, references.scoringWorker);
  console.log(
    `| Replay ${fmt(load.events)} events into the SLA projection (replayFileStore, built package: a worker thread reads its share of spans) | ${fmt(median(rates.slaWorker))} events/s | JSON.parse of the same payloads, one thread: ${fmt(parseRate)}/s | ${(slaRatio * 100).toFixed(0)}% | ≥ 65%: ${verdict(slaRatio >= 0.65)} |`,
  );
  console.log(
    `| Replay into the scoring projection (SLA included; replayFileStore) | ${fmt(median(rates.scoringWorker))} events/s | | ${(scoringRatio * 100).toFixed(0)}% | ≥ 65%: ${verdict(scoringRatio >= 0.65)} |`,
  );
  console.log(
    `| Replay into the SLA projection on one thread (readAll + applyAll) | ${fmt(median(rates.sla))} events/s | | ${(ratioOf(rates.sla, references.sla) * 100).toFixed(0)}% | |`,
  );
  console.log(
    `| Replay into the scoring projection on one thread (readAll + applyAll) | ${fmt(median(rates.scoring))} events/s | | ${(ratioOf(rates.scoring, references.scoring) * 100).toFixed(0)}% | |`,
  );
  console.log(
    `| Replay: readAll alone (every frame checked and its envelope decoded) | ${fmt(median(rates.readAll))} events/s | | ${(ratioOf(rates.readAll, references.readAll) * 100).toFixed(0)}% | |`,
  );
  console.log(
    `| Replay: readAll + decode to complaint events (fromStoredEvent) | ${fmt(decodeRate)} events/s | | ${(replayRatio * 100).toFixed(0)}% | |`,
  );
  console.log(
    `| Opening the ${fmt(load.events)}-event store, checking every frame (verifyOnOpen 'all', the default) | ${median(open).toFixed(0)} ms | | | |`,
  );
  console.log(
    `| Opening it, checking only what the index files do not cover (verifyOnOpen 'tail') | ${median(openTail).toFixed(0)} ms | | | |`,
  );
  fs.rmSync(root, { recursive: true, force: true });
  // Emmett's abandoned concurrent appends would keep the process alive.
  process.exit(0);
};

main().catch((error: unknown) => {
  console.error(error);
  fs.rmSync(root, { recursive: true, force: true });
  process.exitCode = 1;
});
