import * as fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scaledRuns } from '../../src/testing/index';
import { type Backend, backends } from '../postgres/backends';
import { type History, history } from './history';
import { citingEventIds, project } from './projections';
import { NEVER_WRITTEN, type Replayed, replay, unplaced } from './replay';
import {
  type OpenedStore,
  openFile,
  openMemory,
  openPostgres,
  type TestClock,
  testClock,
} from './stores';

/**
 * Replay determinism (issue 7): the same append calls — same event ids, expected versions,
 * stream order and clock readings — made on the memory, file and PostgreSQL stores read
 * back the same, and the SLA and scoring projections built from each are the same.
 */

const RUNS = scaledRuns(10);

type Open = (clock: TestClock) => Promise<OpenedStore>;

/** What each call must have done, whatever the store: the history says which calls write. */
const expectAnswersFollowTheCalls = (h: History, r: Replayed): void => {
  const written = new Map<string, number>();
  for (const [i, call] of h.appends.entries()) {
    const answer = r.answers[i]!;
    const what = `${call.kind} #${i} on ${call.streamId}`;
    switch (call.kind) {
      case 'write': {
        expect(answer.ok, what).toBe(true);
        const version = (written.get(call.streamId) ?? 0) + call.events.length;
        written.set(call.streamId, version);
        if (answer.ok) {
          expect(answer.nextExpectedVersion, what).toBe(version);
          expect(answer.events.map((e) => e.eventId)).toEqual(call.events.map((e) => e.eventId));
          for (const e of answer.events)
            expect(e.recordedAt, what).toBe(new Date(call.recordedAt).toISOString());
        }
        break;
      }
      case 'retry':
        // The first answer again: nothing is written twice.
        expect(answer, what).toEqual(r.answers[i - 1]);
        break;
      case 'partRetry':
        expect(answer.ok, what).toBe(true);
        if (answer.ok)
          expect(answer.events.map((e) => e.eventId)).toEqual([call.events[0]!.eventId]);
        break;
      case 'mixed':
        expect(answer, what).toEqual({
          ok: false,
          error: {
            _tag: 'DuplicateEventId',
            streamId: call.streamId,
            eventIds: [call.events[0]!.eventId],
          },
        });
        break;
      case 'stale':
        expect(answer.ok ? answer : answer.error._tag, what).toBe('WrongExpectedVersion');
        break;
    }
  }
  for (const [id, version] of written) expect(r.versions.get(id), id).toBe(version);
};

/** Within one store: positions strictly increase, and each stream is readAll's share of it. */
const expectConsistentStore = (r: Replayed): void => {
  for (let i = 1; i < r.all.length; i++)
    expect(r.all[i]!.globalPosition).toBeGreaterThan(r.all[i - 1]!.globalPosition);
  for (const [id, events] of r.streams)
    expect(events).toEqual(r.all.filter((e) => e.streamId === id));
  expect(r.streams.get(NEVER_WRITTEN)).toEqual([]);
  expect(r.versions.get(NEVER_WRITTEN)).toBe(0);
};

const idsByPosition = (r: Replayed): Map<number, string> =>
  new Map(r.all.map((e) => [e.globalPosition, e.eventId]));

let seen = { histories: 0, events: 0, refusedCalls: 0, clocks: 0, deductions: 0 };

const expectSameEverywhere = async (h: History, opens: readonly Open[]): Promise<void> => {
  const replays: { name: string; r: Replayed }[] = [];
  for (const open of opens) {
    const clock = testClock();
    const opened = await open(clock);
    try {
      replays.push({ name: opened.name, r: await replay(opened.store, h, clock) });
    } finally {
      await opened.dispose();
    }
  }
  for (const { r } of replays) {
    expectAnswersFollowTheCalls(h, r);
    expectConsistentStore(r);
  }
  const [reference, ...others] = replays;
  const ref = reference!.r;
  const refProjected = citingEventIds(project(ref.all), idsByPosition(ref));
  for (const { name, r } of others) {
    const vs = `${name} vs ${reference!.name}`;
    expect(r.answers, `${vs}: append answers`).toStrictEqual(ref.answers);
    expect(unplaced(r.all), `${vs}: readAll`).toStrictEqual(unplaced(ref.all));
    for (const [id, events] of ref.streams)
      expect(unplaced(r.streams.get(id) ?? []), `${vs}: readStream ${id}`).toStrictEqual(
        unplaced(events),
      );
    expect(r.versions, `${vs}: stream versions`).toEqual(ref.versions);
    expect(citingEventIds(project(r.all), idsByPosition(r)), `${vs}: projections`).toStrictEqual(
      refProjected,
    );
  }
  const p = project(ref.all);
  seen = {
    histories: seen.histories + 1,
    events: seen.events + ref.all.length,
    refusedCalls: seen.refusedCalls + ref.answers.filter((a) => !a.ok).length,
    clocks: seen.clocks + p.sla.reduce((n, c) => n + c.clocks.length, 0),
    deductions:
      seen.deductions +
      p.scores.reduce((n, c) => n + c.scores.reduce((m, s) => m + s.deductions.length, 0), 0),
  };
};

const assertReplays = async (opens: readonly Open[]): Promise<void> => {
  seen = { histories: 0, events: 0, refusedCalls: 0, clocks: 0, deductions: 0 };
  await fc.assert(
    fc.asyncProperty(history(), (h) => expectSameEverywhere(h, opens)),
    { numRuns: RUNS },
  );
  // The histories were not trivial: events, refusals, clocks and deductions to compare.
  expect(seen.histories).toBe(RUNS);
  expect(seen.events).toBeGreaterThan(RUNS * 5);
  expect(seen.refusedCalls).toBeGreaterThan(0);
  expect(seen.clocks).toBeGreaterThan(0);
  expect(seen.deductions).toBeGreaterThan(0);
};

// PGlite always; the PostgreSQL server too when PG_TEST_URL names one.
for (const factory of backends) {
  describe(`replay on the memory, file and PostgreSQL (${factory.name}) stores`, () => {
    let backend: Backend | undefined;
    beforeAll(async () => {
      backend = await factory.open();
    });
    afterAll(async () => {
      await backend?.close();
    });

    it('the same appends read back the same and project the same SLA and scores', async () => {
      const pg: Open = (clock) => openPostgres(backend!, clock);
      await assertReplays([openMemory, openFile, pg]);
    });
  });
}
