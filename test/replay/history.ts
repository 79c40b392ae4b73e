import * as E from 'fp-ts/Either';
import * as fc from 'fast-check';
import { centreEventToNew } from '../../src/centre/codec';
import type { CentreCommand } from '../../src/centre/commands';
import { decideCentre, evolveCentre, initialCentreState } from '../../src/centre/decide';
import { centreStreamId } from '../../src/centre/events';
import { toNewEvent } from '../../src/complaint/codec';
import { complaintStreamId } from '../../src/complaint/vocabulary';
import { hongchangPolicy } from '../../src/policy/hongchang';
import { toMillis } from '../../src/shared/time';
import type { EventMetadata, NewEvent } from '../../src/store/envelope';
import type { ExpectedVersion } from '../../src/store/expected-version';
import {
  arbitraries,
  CENTRES,
  type Lifecycle,
  runCommands,
  type TimeWindow,
} from '../../src/testing/index';

/**
 * One call to `append`, exactly as every store receives it. `recordedAt` is what the
 * stores' injected clock reads during the call, so the envelopes match to the millisecond.
 */
export interface AppendCall {
  readonly streamId: string;
  readonly events: readonly NewEvent[];
  readonly expectedVersion: ExpectedVersion;
  readonly metadata?: EventMetadata;
  readonly recordedAt: number;
  /**
   * `write` stores new events; the others must store nothing: `retry` and `partRetry` resend
   * stored ids, `mixed` mixes stored and new ids, `stale` carries an expected version that
   * is no longer the stream's.
   */
  readonly kind: 'write' | 'retry' | 'partRetry' | 'mixed' | 'stale';
}

export interface History {
  readonly complaints: readonly string[];
  readonly centres: readonly string[];
  readonly appends: readonly AppendCall[];
}

/** Complaints start in the first quarter of 2026; steps follow within days. */
export const WINDOW: TimeWindow = {
  from: '2026-01-01T00:00:00.000Z',
  to: '2026-03-15T00:00:00.000Z',
};

const MONTHS = ['2025-12', '2026-01', '2026-02', '2026-03', '2026-04'] as const;

/** Ids shaped like UUID v7, numbered per history: every store gets the same ones. */
const eventId = (n: number): string =>
  `0195a000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;

/** A batch of domain events one accepted command produced, before ids and versions. */
interface Batch {
  readonly streamId: string;
  readonly at: number;
  readonly events: readonly NewEvent[];
}

/** One batch per command the decider accepted: what a handler would append for it. */
const complaintBatches = (life: Lifecycle): Batch[] => {
  const streamId = complaintStreamId(life.plan.complaintId);
  const out: Batch[] = [];
  for (const step of runCommands(hongchangPolicy, life.commands).steps) {
    if (step.outcome.kind !== 'accepted' || step.outcome.events.length === 0) continue;
    const events = step.outcome.events;
    out.push({
      streamId,
      at: toMillis(events[0]!.data.at),
      events: events.map((e) => toNewEvent(e)),
    });
  }
  return out;
};

const centreCommand = fc.record({
  centre: fc.constantFrom(...CENTRES),
  kind: fc.constantFrom('RegisterCentre', 'RecordMonitoringScore', 'RecordTestCallScore'),
  atMs: arbitraries.millisIn(WINDOW),
  month: fc.constantFrom(...MONTHS),
  // Tenths of a point: numbers that are not integers must come back exactly too.
  tenths: fc.integer({ min: 0, max: 1000 }),
  note: fc.option(arbitraries.text(), { nil: undefined }),
});

type CentrePlan = typeof centreCommand extends fc.Arbitrary<infer T> ? T : never;

/** Each centre's stream: its commands in time order, through the centre decider. */
const centreBatches = (commands: readonly CentrePlan[]): Batch[][] =>
  CENTRES.map((centre) => {
    const out: Batch[] = [];
    let state = initialCentreState;
    const mine = commands.filter((c) => c.centre === centre).sort((a, b) => a.atMs - b.atMs);
    for (const c of mine) {
      const at = new Date(c.atMs).toISOString();
      const command: CentreCommand =
        c.kind === 'RegisterCentre'
          ? { type: c.kind, centre, at, name: `${centre} centre`, zh: '客服中心' }
          : {
              type: c.kind,
              centre,
              at,
              month: c.month,
              score: c.tenths / 10,
              ...(c.note === undefined ? {} : { note: c.note }),
            };
      const decided = decideCentre(command, state);
      if (E.isLeft(decided)) throw new Error(decided.left.message);
      for (const e of decided.right) state = evolveCentre(state, e);
      if (decided.right.length > 0)
        out.push({
          streamId: centreStreamId(centre),
          at: c.atMs,
          events: decided.right.map((e) => centreEventToNew(e)),
        });
    }
    return out;
  });

/** Merge per-stream queues by domain time; each stream keeps its own order whatever the times. */
const interleave = (queues: readonly (readonly Batch[])[]): Batch[] => {
  const heads = queues.map(() => 0);
  const out: Batch[] = [];
  for (;;) {
    let pick: { q: number; batch: Batch } | undefined;
    for (const [q, queue] of queues.entries()) {
      const head = queue[heads[q] ?? 0];
      if (head !== undefined && (pick === undefined || head.at < pick.batch.at))
        pick = { q, batch: head };
    }
    if (pick === undefined) return out;
    out.push(pick.batch);
    heads[pick.q] = (heads[pick.q] ?? 0) + 1;
  }
};

/**
 * A history: several complaints' whole lifecycles under hongchangPolicy and centres'
 * registrations and monthly scores, interleaved by time, as a list of append calls with
 * fixed ids, expected versions (exact, `no_stream` or `any`), metadata given per event or
 * per call, and, now and then, a call that must store nothing: a retry of a stored batch,
 * part of one, a batch mixing stored and new ids, or a stale expected version.
 */
export const history = (): fc.Arbitrary<History> =>
  fc
    .record({
      lives: fc.uniqueArray(
        arbitraries.lifecycle(hongchangPolicy, { window: WINDOW, maxGapHours: 96 }),
        { minLength: 1, maxLength: 5, selector: (l) => l.plan.complaintId },
      ),
      centres: fc.array(centreCommand, { maxLength: 10 }),
      // One roll per append call decides its expected version, metadata and extra calls.
      rolls: fc.array(fc.nat(99), { minLength: 1, maxLength: 40 }),
    })
    .map(({ lives, centres, rolls }): History => {
      const batches = interleave([...lives.map(complaintBatches), ...centreBatches(centres)]);
      const versions = new Map<string, number>();
      const appends: AppendCall[] = [];
      let ids = 0;
      let recordedAt = 0;
      for (const [i, batch] of batches.entries()) {
        const roll = rolls[i % rolls.length]!;
        const before = versions.get(batch.streamId) ?? 0;
        // Recorded a little after it happened, and never before the previous append.
        recordedAt = Math.max(recordedAt + 1, batch.at + (roll % 7) * 1000);
        const events = batch.events.map((e, k) => ({
          ...e,
          eventId: eventId(++ids),
          ...(roll % 5 === 1 ? { metadata: { causationId: `cmd-${i}-${k}` } } : {}),
        }));
        const expectedVersion: ExpectedVersion =
          roll % 10 === 3 ? 'any' : before === 0 && roll % 2 === 0 ? 'no_stream' : before;
        const metadata: EventMetadata | undefined =
          roll % 3 === 0 ? { correlationId: batch.streamId, actor: 'replay-test' } : undefined;
        const write: AppendCall = {
          streamId: batch.streamId,
          events,
          expectedVersion,
          ...(metadata === undefined ? {} : { metadata }),
          recordedAt,
          kind: 'write',
        };
        appends.push(write);
        versions.set(batch.streamId, before + events.length);
        const later = (extra: Omit<AppendCall, 'recordedAt'>): void => {
          recordedAt += 1;
          appends.push({ ...extra, recordedAt });
        };
        if (roll >= 90) later({ ...write, kind: 'retry' });
        else if (roll >= 85)
          later({ ...write, events: events.slice(-1), expectedVersion: 'any', kind: 'partRetry' });
        else if (roll >= 80)
          later({
            streamId: batch.streamId,
            events: [events[0]!, { ...events[0]!, eventId: eventId(++ids) }],
            expectedVersion: before + events.length,
            kind: 'mixed',
          });
        else if (roll >= 75)
          later({
            streamId: batch.streamId,
            events: events.map((e) => ({ ...e, eventId: eventId(++ids) })),
            expectedVersion: before,
            kind: 'stale',
          });
      }
      return {
        complaints: lives.map((l) => l.plan.complaintId),
        centres: [...new Set(centres.map((c) => c.centre))],
        appends,
      };
    });
