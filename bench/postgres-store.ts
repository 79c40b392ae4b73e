/**
 * The PostgreSQL store beside Emmett's PostgreSQL event store, on the same server, in the
 * same run, in a database made for the run and dropped after it:
 *
 * - append, 1 writer: one event per append, each with the exact expected version (what a
 *   command handler does), to streams of 10 events;
 * - append, 8 writers: the same from 8 concurrent writers, each on its own streams;
 * - reading: our readAll over everything stored, beside Emmett's `aggregateStream` over
 *   every stream it stored (the issue's yardstick, Emmett's stream aggregation rate), and
 *   for reference Emmett's own global read (`readMessagesBatch`) and our aggregation by
 *   readStream: each once unmeasured (JIT, page cache), then READ_ROUNDS (5) rounds.
 *
 * The two stores take turns in short rounds, BENCH_ROUNDS of them (default 10), so that
 * load from elsewhere on the machine (the disk's flush time varies most) hits both alike.
 * Printed: each store's rate over all its rounds, the ratio of those, and the median of
 * the per-round ratios (rounds that shared the machine's conditions), which the targets
 * are judged on. Each round also measures the server's own ceiling: trivial one-row
 * autocommit INSERTs, which pay the same commit (WAL flush) as any durable append. Last,
 * the CPU each measure took per event, in this process and (for a server on this
 * machine) in the server's processes: where the cores went, which decides the ratios
 * when the machine's cores are busy.
 *
 * Targets (issue 6): ≥ 1.5× Emmett with one writer, ≥ 2× with 8, readAll ≥ 5× Emmett's
 * aggregation rate. The server is PG_BENCH_URL, else PG_TEST_URL, else
 * postgres://postgres@127.0.0.1:5432/test; the run needs CREATE DATABASE.
 *
 * Reproduce: bash bench/run postgres-store
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dumbo } from '@event-driven-io/dumbo';
import type { Event } from '@event-driven-io/emmett';
import { getPostgreSQLEventStore, readMessagesBatch } from '@event-driven-io/emmett-postgresql';
import * as E from 'fp-ts/Either';
import pg from 'pg';
import { createPostgresEventStore, type PostgresEventStore } from '../adapters/postgres/index';
import { describeStoreError } from '../src/store/errors';

const BASE_URL =
  process.env.PG_BENCH_URL ?? process.env.PG_TEST_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SCALE = Number(process.env.BENCH_PG_SCALE ?? 1);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
const READ_ROUNDS = 5;
const EVENTS_PER_STREAM = 10;
const ONE_WRITER_STREAMS = Math.max(1, Math.round(30 * SCALE));
const WRITERS = 8;
const STREAMS_PER_WRITER = Math.max(1, Math.round(15 * SCALE));

interface Measured {
  readonly events: number;
  readonly ms: number;
  /** CPU time of this process, and of the server's processes when they can be seen (ms). */
  readonly cpu?: { readonly node: number; readonly server: number | undefined };
}

/**
 * CPU ms of every process named `postgres` (the live ones, and the exited children the
 * postmaster has reaped), from /proc: only when the server runs on this machine and
 * /proc shows it; undefined otherwise. It counts the whole server, other databases too.
 */
const serverCpuMs = (): number | undefined => {
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(new URL(BASE_URL).hostname)) return undefined;
  let ticks = 0;
  let seen = false;
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return undefined;
  }
  for (const pid of entries) {
    if (!/^\d+$/.test(pid)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue;
    }
    const close = stat.lastIndexOf(')');
    if (stat.slice(stat.indexOf('(') + 1, close) !== 'postgres') continue;
    // After the name: state, ppid, …, utime (12th), stime, cutime, cstime (in clock ticks).
    const f = stat.slice(close + 2).split(' ');
    seen = true;
    ticks += Number(f[11]) + Number(f[12]);
    if (f[1] === '1') ticks += Number(f[13]) + Number(f[14]);
  }
  return seen ? ticks * 10 : undefined; // USER_HZ is 100 on Linux
};

const nodeCpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** Wall time and CPU of `run`, which answers how many events it handled. */
const measured = async <A extends { events: number }>(
  run: () => Promise<A>,
): Promise<A & Measured> => {
  const node = nodeCpuMs();
  const server = serverCpuMs();
  const started = performance.now();
  const result = await run();
  const ms = performance.now() - started;
  const serverAfter = serverCpuMs();
  return {
    ...result,
    ms,
    cpu: {
      node: nodeCpuMs() - node,
      server: server === undefined || serverAfter === undefined ? undefined : serverAfter - server,
    },
  };
};

const version = (pkg: string): string =>
  JSON.parse(readFileSync(new URL(`./node_modules/${pkg}/package.json`, import.meta.url), 'utf8'))
    .version;

/** A complaint event of realistic size, the same for both stores. */
const payload = (stream: string, n: number) => ({
  complaintId: stream,
  centre: `centre-${stream.length % 12}`,
  channel: 'phone',
  customer: { id: `CUST-${stream}`, grade: 'B' },
  reference: { shipmentId: `SHP-${stream}-${n}` },
  summary: '快递延误三天，客户要求说明原因并赔偿运费 (late delivery, asks for a refund)',
  at: new Date(Date.UTC(2026, 2, 2, 1, n)).toISOString(),
  step: n,
});

type Append = (stream: string, n: number) => Promise<void>;

/** `writers` loops, each appending EVENTS_PER_STREAM rounds over its own streams. */
const appendRun = async (
  prefix: string,
  writers: number,
  streamsPerWriter: number,
  append: Append,
): Promise<Measured & { streams: string[] }> => {
  const streams = Array.from({ length: writers }, (_, w) =>
    Array.from({ length: streamsPerWriter }, (_, s) => `${prefix}-w${w}-${s}`),
  );
  return measured(async () => {
    await Promise.all(
      streams.map(async (own) => {
        for (let n = 0; n < EVENTS_PER_STREAM; n++) for (const s of own) await append(s, n);
      }),
    );
    return { events: writers * streamsPerWriter * EVENTS_PER_STREAM, streams: streams.flat() };
  });
};

const ours =
  (store: PostgresEventStore): Append =>
  async (stream, n) => {
    const result = await store.append(
      stream,
      [{ type: 'ComplaintStepRecorded', data: payload(stream, n) }],
      { expectedVersion: n },
    );
    if (E.isLeft(result)) throw new Error(describeStoreError(result.left));
  };

type Emmett = ReturnType<typeof getPostgreSQLEventStore>;
type StepRecorded = Event<'ComplaintStepRecorded', Record<string, unknown>>;
const emmett =
  (store: Emmett): Append =>
  async (stream, n) => {
    await store.appendToStream(
      stream,
      [{ type: 'ComplaintStepRecorded', data: payload(stream, n) }],
      { expectedStreamVersion: BigInt(n) },
    );
  };

const rate = (r: Measured): number => (r.events / r.ms) * 1000;
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

/** One-row autocommit INSERTs: what the server's commits allow any durable append. */
const commitCeiling = async (
  url: string,
  writers: number,
  perWriter: number,
): Promise<Measured> => {
  const pool = new pg.Pool({ connectionString: url, max: writers });
  await pool.query('CREATE TABLE IF NOT EXISTS ceiling (n bigint)');
  const started = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async () => {
      for (let i = 0; i < perWriter; i++)
        await pool.query({ name: 'ceiling', text: 'INSERT INTO ceiling VALUES ($1)', values: [i] });
    }),
  );
  const result = { events: writers * perWriter, ms: performance.now() - started };
  await pool.end();
  return result;
};

const timeRead = (read: () => Promise<number>): Promise<Measured> =>
  measured(async () => ({ events: await read() }));

const main = async (): Promise<void> => {
  const database = `cl_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: BASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  const url = new URL(BASE_URL);
  url.pathname = `/${database}`;
  const benchUrl = url.toString();

  try {
    const server = (await admin.query('SHOW server_version')).rows[0].server_version;
    const sync = (await admin.query('SHOW synchronous_commit')).rows[0].synchronous_commit;
    console.log(
      `PostgreSQL ${server} (synchronous_commit=${sync}) at ${url.host}; ` +
        `Emmett ${version('@event-driven-io/emmett-postgresql')}; ${ROUNDS} rounds taking turns, each with ` +
        `${ONE_WRITER_STREAMS * EVENTS_PER_STREAM} appends from 1 writer and ` +
        `${WRITERS * STREAMS_PER_WRITER * EVENTS_PER_STREAM} from ${WRITERS}, one event per append`,
    );

    const opened = await createPostgresEventStore({
      connectionString: benchUrl,
      schema: 'bench',
      poolSize: WRITERS + 2,
    });
    if (E.isLeft(opened)) throw new Error(describeStoreError(opened.left));
    const store = opened.right;
    const theirs = getPostgreSQLEventStore(benchUrl);
    const theirPool = dumbo({ connectionString: benchUrl });

    // Warm-up: schemas, prepared statements, connections, JIT of both libraries.
    await appendRun('warm', WRITERS, 10, ours(store));
    await appendRun('warm', WRITERS, 10, emmett(theirs));

    const runs: Record<string, Measured[]> = {};
    const add = (key: string, m: Measured): void => {
      runs[key] ??= [];
      runs[key].push(m);
    };
    const allStreams: string[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      // Alternate who goes first, so that neither always meets a warmer or colder server.
      const order = r % 2 === 0 ? (['emmett', 'ours'] as const) : (['ours', 'emmett'] as const);
      for (const who of order) {
        const append = who === 'ours' ? ours(store) : emmett(theirs);
        const one = await appendRun(`r${r}-one`, 1, ONE_WRITER_STREAMS, append);
        add(`${who}1`, one);
        const eight = await appendRun(`r${r}-eight`, WRITERS, STREAMS_PER_WRITER, append);
        add(`${who}8`, eight);
        if (who === 'ours') allStreams.push(...one.streams, ...eight.streams);
      }
      add('ceiling1', await commitCeiling(benchUrl, 1, ONE_WRITER_STREAMS * 5));
      add('ceiling8', await commitCeiling(benchUrl, WRITERS, STREAMS_PER_WRITER * 5));
    }

    // Reading: every store reads all it holds, the same number of times, taking turns.
    const streams = [
      ...Array.from({ length: WRITERS }, (_, w) =>
        Array.from({ length: 10 }, (_, s) => `warm-w${w}-${s}`),
      ).flat(),
      ...allStreams,
    ];
    const readers: [string, () => Promise<number>][] = [
      [
        'readAll',
        async () => {
          let count = 0;
          for await (const batch of store.readAll()) {
            if (E.isLeft(batch)) throw new Error(describeStoreError(batch.left));
            count += batch.right.length;
          }
          return count;
        },
      ],
      [
        'emmettAggregate',
        async () => {
          let count = 0;
          for (const s of streams) {
            const { state } = await theirs.aggregateStream<number, StepRecorded>(s, {
              evolve: (n: number) => n + 1,
              initialState: () => 0,
            });
            count += state;
          }
          return count;
        },
      ],
      [
        'emmettGlobal',
        async () => {
          let count = 0;
          let after = 0n;
          for (;;) {
            const batch = await readMessagesBatch(theirPool.execute, { after, batchSize: 1000 });
            count += batch.messages.length;
            if (!batch.areMessagesLeft) break;
            after = batch.currentGlobalPosition;
          }
          return count;
        },
      ],
      [
        'oursAggregate',
        async () => {
          let count = 0;
          for (const s of streams) {
            const read = await store.readStream(s);
            if (E.isLeft(read)) throw new Error(describeStoreError(read.left));
            count += read.right.reduce((n) => n + 1, 0);
          }
          return count;
        },
      ],
    ];
    // One pass of each first, unmeasured: the read paths of both libraries are compiled by
    // the JIT and the pages are in the cache, as the appends' warm-up does for appends.
    for (const [, read] of readers) await read();
    for (let r = 0; r < READ_ROUNDS; r++)
      for (const [key, read] of readers) add(key, await timeRead(read));

    await store.close();
    await theirs.close();
    await theirPool.close();

    /** All events of a measure over all its time. */
    const m = (key: string): number => {
      const all = runs[key] ?? [];
      return rate({
        events: all.reduce((n, r) => n + r.events, 0),
        ms: all.reduce((n, r) => n + r.ms, 0),
      });
    };
    /** Ours over theirs in each round, which shared the machine's conditions: the median. */
    const roundRatio = (a: string, b: string): number => {
      const ours = runs[a] ?? [];
      const theirs = runs[b] ?? [];
      const ratios = ours.map((r, i) => rate(r) / rate(theirs[i]!)).sort((x, y) => x - y);
      const mid = Math.floor(ratios.length / 2);
      return ratios.length % 2 === 1 ? ratios[mid]! : (ratios[mid - 1]! + ratios[mid]!) / 2;
    };
    const rows: [string, string, string, number][] = [
      ['append, 1 writer', 'ours1', 'emmett1', 1.5],
      [`append, ${WRITERS} writers`, 'ours8', 'emmett8', 2],
      ['readAll vs Emmett aggregateStream', 'readAll', 'emmettAggregate', 5],
      ['readAll vs Emmett readMessagesBatch', 'readAll', 'emmettGlobal', 0],
      ['readStream vs Emmett aggregateStream', 'oursAggregate', 'emmettAggregate', 0],
    ];
    console.log('');
    console.log(
      '| measure | ours (events/s) | Emmett (events/s) | ratio of totals | median ratio per round | target |',
    );
    console.log('|---|---:|---:|---:|---:|---|');
    for (const [name, a, b, target] of rows) {
      const ratio = m(a) / m(b);
      const perRound = roundRatio(a, b);
      const verdict =
        target === 0
          ? '(reference)'
          : `≥ ${target}×: ${perRound >= target ? 'met' : 'NOT met'} (per round)`;
      console.log(
        `| ${name} | ${fmt(m(a))} | ${fmt(m(b))} | ${ratio.toFixed(2)}× | ${perRound.toFixed(2)}× | ${verdict} |`,
      );
    }
    console.log('');
    console.log(
      `Server ceiling (one-row autocommit INSERTs): ${fmt(m('ceiling1'))}/s with 1 writer, ` +
        `${fmt(m('ceiling8'))}/s with ${WRITERS}; our appends reach ` +
        `${Math.round((m('ours1') / m('ceiling1')) * 100)}% and ` +
        `${Math.round((m('ours8') / m('ceiling8')) * 100)}% of it.`,
    );
    /** CPU µs per event over all rounds of a measure: this process + the server. */
    const cpuPerEvent = (key: string): string => {
      const all = runs[key] ?? [];
      const events = all.reduce((n, r) => n + r.events, 0);
      const node = all.reduce((n, r) => n + (r.cpu?.node ?? 0), 0);
      const servers = all.map((r) => r.cpu?.server);
      const server = servers.every((x) => x !== undefined)
        ? servers.reduce((n: number, x) => n + (x ?? 0), 0)
        : undefined;
      const us = (ms: number): string => ((ms / events) * 1000).toFixed(1);
      return `${us(node)} + ${server === undefined ? '?' : us(server)}`;
    };
    console.log(
      `CPU per event, µs (this Node process + the PostgreSQL server's processes): ${[
        ['ours, 1 writer', 'ours1'],
        ['Emmett, 1 writer', 'emmett1'],
        [`ours, ${WRITERS} writers`, 'ours8'],
        [`Emmett, ${WRITERS} writers`, 'emmett8'],
        ['readAll', 'readAll'],
        ['Emmett aggregateStream', 'emmettAggregate'],
        ['Emmett readMessagesBatch', 'emmettGlobal'],
        ['readStream', 'oursAggregate'],
      ]
        .map(([name, key]) => `${name} ${cpuPerEvent(key!)}`)
        .join('; ')}.`,
    );
    console.log(
      `Per round (events/s): ${Object.entries(runs)
        .map(([k, v]) => `${k} ${v.map((r) => fmt(rate(r))).join('/')}`)
        .join('; ')}`,
    );
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => {});
    await admin.end();
  }
};

await main();
