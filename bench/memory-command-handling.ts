/**
 * Command handling on the memory store over 10,000 complaints, beside Emmett's in-memory
 * event store doing the same appends in the same run.
 *
 * Ours: every command goes through `createCommandHandler` — read the stream, decode and
 * fold its events, decide under the default policy, append with the expected version.
 * Emmett: `getInMemoryEventStore().appendToStream` with the expected stream version, for
 * exactly the events our run stored (same streams, same order, same payloads). Emmett does
 * only the appends, so the comparison favours Emmett.
 *
 * Reproduce: bash bench/run memory-command-handling
 */
import { getInMemoryEventStore } from '@event-driven-io/emmett';
import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/Either';
import { createMemoryEventStore } from '../adapters/memory/index';
import type { ComplaintCommand } from '../src/complaint/commands';
import { workload } from './lib/complaint-workload';
import { complaintStreamId } from '../src/complaint/vocabulary';
import { createCommandHandler, describeHandleError } from '../src/handler/handler';
import { hongchangPolicy } from '../src/policy/hongchang';
import type { StoredEvent } from '../src/store/envelope';

const COMPLAINTS = Number(process.env.BENCH_COMPLAINTS ?? 10_000);
const WARMUP_COMPLAINTS = 1_000;
const REPETITIONS = Number(process.env.BENCH_REPETITIONS ?? 5);
const TARGET_RATIO = 10;

const emmettVersion: string = JSON.parse(
  readFileSync(
    new URL('./node_modules/@event-driven-io/emmett/package.json', import.meta.url),
    'utf8',
  ),
).version;

interface Run {
  readonly events: number;
  readonly ms: number;
  /** What was appended, in order, for the other store to append the same. */
  readonly appended: readonly StoredEvent[];
}

const ours = async (commands: readonly ComplaintCommand[]): Promise<Run> => {
  const store = createMemoryEventStore();
  const handler = createCommandHandler({ store, policy: hongchangPolicy });
  const appended: StoredEvent[] = [];
  const started = performance.now();
  for (const command of commands) {
    const result = await handler.handle(command);
    if (E.isLeft(result))
      throw new Error(
        `${command.type} ${command.complaintId}: ${describeHandleError(result.left)}`,
      );
    for (const e of result.right.events) appended.push(e);
  }
  const ms = performance.now() - started;
  await store.close();
  return { events: appended.length, ms, appended };
};

const emmett = async (appended: readonly StoredEvent[]): Promise<Run> => {
  const store = getInMemoryEventStore();
  // Built before the clock starts, like our commands: only the appends are timed.
  const appends = appended.map((e) => ({
    streamName: e.streamId,
    events: [{ type: e.type, data: e.data }],
    expectedStreamVersion: BigInt(e.streamVersion - 1),
  }));
  const started = performance.now();
  for (const a of appends)
    await store.appendToStream(a.streamName, a.events, {
      expectedStreamVersion: a.expectedStreamVersion,
    });
  const ms = performance.now() - started;
  return { events: appends.length, ms, appended };
};

/** Context, not the target: our store alone doing exactly what Emmett's does. */
const oursAppendsOnly = async (appended: readonly StoredEvent[]): Promise<Run> => {
  const store = createMemoryEventStore();
  const appends = appended.map((e) => ({
    streamId: e.streamId,
    events: [{ type: e.type, data: e.data }],
    expectedVersion: e.streamVersion - 1,
  }));
  const started = performance.now();
  for (const a of appends) {
    const result = await store.append(a.streamId, a.events, { expectedVersion: a.expectedVersion });
    if (E.isLeft(result)) throw new Error(`append to ${a.streamId}: ${result.left._tag}`);
  }
  const ms = performance.now() - started;
  await store.close();
  return { events: appends.length, ms, appended };
};

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();
const perSecond = (run: Run): number => (run.events / run.ms) * 1000;
const median = (xs: number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

const main = async (): Promise<void> => {
  // Warm every path up so that none is measured while still being compiled.
  const warm = await ours(workload(WARMUP_COMPLAINTS));
  await emmett(warm.appended);
  await oursAppendsOnly(warm.appended);

  const commands = workload(COMPLAINTS);
  const streams = new Set(commands.map((c) => complaintStreamId(c.complaintId))).size;
  const rates = { ours: [] as number[], emmett: [] as number[], appendsOnly: [] as number[] };
  let events = 0;
  // Interleaved, so that a busy moment of the machine falls on every contender alike.
  for (let r = 0; r < REPETITIONS; r++) {
    gc();
    const a = await ours(commands);
    gc();
    const b = await emmett(a.appended);
    gc();
    const c = await oursAppendsOnly(a.appended);
    events = a.events;
    rates.ours.push(perSecond(a));
    rates.emmett.push(perSecond(b));
    rates.appendsOnly.push(perSecond(c));
    console.log(
      `  run ${r + 1}: complaint-ledger ${fmt(perSecond(a))} events/s (${a.ms.toFixed(0)} ms), Emmett ${fmt(perSecond(b))} events/s (${b.ms.toFixed(0)} ms), our store's appends alone ${fmt(perSecond(c))} events/s`,
    );
  }
  const oursRate = median(rates.ours);
  const emmettRate = median(rates.emmett);
  const appendsRate = median(rates.appendsOnly);
  const ratio = oursRate / emmettRate;

  console.log(
    `memory command handling: ${fmt(COMPLAINTS)} complaints, ${fmt(streams)} streams, ${fmt(events)} events from as many commands; median of ${REPETITIONS} runs`,
  );
  console.log(
    `  complaint-ledger: createCommandHandler on the memory store (read, fold, decide, validate, append): ${fmt(oursRate)} events/s`,
  );
  console.log(
    `  Emmett ${emmettVersion}: getInMemoryEventStore().appendToStream, same events and expected versions: ${fmt(emmettRate)} events/s`,
  );
  console.log(
    `  ratio ${ratio.toFixed(1)}× (target ≥ ${TARGET_RATIO}×: ${ratio >= TARGET_RATIO ? 'met' : 'NOT met'})`,
  );
  console.log(
    `  context: our memory store's appends alone, same input as Emmett's: ${fmt(appendsRate)} events/s (${(appendsRate / emmettRate).toFixed(1)}× Emmett)`,
  );
  console.log('');
  console.log('| Benchmark | complaint-ledger | Emmett | Ratio |');
  console.log('|---|---:|---:|---:|');
  console.log(
    `| Command handling on the memory store, ${fmt(COMPLAINTS)} complaints (${fmt(events)} events), vs Emmett ${emmettVersion} in-memory appends | ${fmt(oursRate)} events/s | ${fmt(emmettRate)} events/s | ${ratio.toFixed(1)}× |`,
  );
  console.log(
    `| Appends alone, same events and expected versions | ${fmt(appendsRate)} events/s | ${fmt(emmettRate)} events/s | ${(appendsRate / emmettRate).toFixed(1)}× |`,
  );
};

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
