import * as E from 'fp-ts/Either';
import { describe, expect, it } from 'vitest';
import { createMemoryEventStore } from '../../adapters/memory/index';
import { createProjectionRunner } from '../../src/projection/index';
import {
  createSlaNotifier,
  memoryCheckpoint,
  type NotifierCheckpoint,
  type SlaNotification,
  SlaProjection,
} from '../../src/sla/index';
import { Complaint, ctxOf, HOUR, ms, toStored } from './helpers';

const T0 = ms('2026-03-02T01:00:00.000Z');

/** A clock and timer the test moves by hand. */
class ManualTime {
  now = T0;
  private timers = new Map<number, { at: number; callback: () => void }>();
  private next = 1;
  readonly clock = { now: () => this.now };
  readonly timer = {
    set: (callback: () => void, delayMs: number) => {
      const handle = this.next++;
      this.timers.set(handle, { at: this.now + delayMs, callback });
      return handle;
    },
    clear: (handle: unknown) => {
      this.timers.delete(handle as number);
    },
  };

  get pending(): number {
    return this.timers.size;
  }

  /** Move to `t`, running each timer that falls due on the way, at its own time. */
  async advanceTo(t: number): Promise<void> {
    for (;;) {
      const due = [...this.timers.entries()]
        .filter(([, x]) => x.at <= t)
        .sort(([, a], [, b]) => a.at - b.at)[0];
      if (due === undefined) break;
      this.timers.delete(due[0]);
      this.now = due[1].at;
      due[1].callback();
      await settle();
    }
    this.now = t;
  }
}

const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
};

const general = () => new Complaint('N-1').receive(T0).classify(T0 + HOUR, 'general');

const setup = (complaint: Complaint, time: ManualTime, checkpoint: NotifierCheckpoint) => {
  const projection = new SlaProjection();
  projection.applyAll(toStored([complaint]));
  const notifier = createSlaNotifier({
    projection,
    context: ctxOf(),
    clock: time.clock,
    timer: time.timer,
    checkpoint,
  });
  const seen: SlaNotification[] = [];
  notifier.on('notification', (n) => seen.push(n));
  return { notifier, seen, projection };
};

const keys = (seen: readonly SlaNotification[]) => seen.map((n) => n.key);

describe('SLA notifier', () => {
  it('fires at-risk then breached as time passes, each once, at the right instants', async () => {
    const time = new ManualTime();
    const { notifier, seen } = setup(general(), time, memoryCheckpoint());
    const atRisk: SlaNotification[] = [];
    notifier.on('atRisk', (n) => atRisk.push(n));
    await notifier.start();
    expect(seen).toEqual([]);
    // The verify clock (48 h) is at risk at 38.4 h and breached just after 48 h.
    expect(notifier.wakeAt).toBe(T0 + 0.8 * 48 * HOUR);

    await time.advanceTo(T0 + 40 * HOUR);
    expect(keys(seen)).toEqual(['N-1/verify#atRisk']);
    expect(seen[0]?.at).toBe(T0 + 0.8 * 48 * HOUR);
    expect(seen[0]?.firedAt).toBe(T0 + 0.8 * 48 * HOUR);
    expect(atRisk).toHaveLength(1);

    await time.advanceTo(T0 + 49 * HOUR);
    expect(keys(seen)).toEqual(['N-1/verify#atRisk', 'N-1/verify#breached']);
    expect(seen[1]?.at).toBe(T0 + 48 * HOUR);

    await notifier.tick();
    await notifier.tick();
    expect(seen).toHaveLength(2);
    notifier.stop();
    expect(time.pending).toBe(0);
  });

  it('fires met when an event stops a clock, once even if the events come again', async () => {
    const time = new ManualTime();
    const store = createMemoryEventStore({ clock: () => new Date(time.now) });
    const projection = new SlaProjection();
    const runner = createProjectionRunner({ store, projection });
    const notifier = createSlaNotifier({
      projection,
      context: ctxOf(),
      clock: time.clock,
      timer: time.timer,
      checkpoint: memoryCheckpoint(),
    });
    const seen: SlaNotification[] = [];
    notifier.on('notification', (n) => seen.push(n));
    runner.on('applied', (events) => {
      void notifier.eventsApplied(events);
      void notifier.eventsApplied(events);
    });
    await notifier.start();
    await runner.start();

    const c = general();
    c.verify(T0 + 5 * HOUR);
    for (const e of toStored([c])) {
      time.now = Date.parse(e.recordedAt);
      const r = await store.append(e.streamId, [{ type: e.type, data: e.data }], {
        expectedVersion: 'any',
      });
      expect(E.isRight(r)).toBe(true);
    }
    await settle();
    expect(keys(seen)).toEqual(['N-1/verify#met']);
    expect(seen[0]?.at).toBe(T0 + 5 * HOUR);
    notifier.stop();
    runner.stop();
  });

  it('after a restart, fires what happened while it was down, once', async () => {
    const checkpoint = memoryCheckpoint();
    const time = new ManualTime();
    const first = setup(general(), time, checkpoint);
    await first.notifier.start();
    await time.advanceTo(T0 + 10 * HOUR);
    first.notifier.stop();
    expect(first.seen).toEqual([]);

    // Down from 10 h to 60 h: the verify clock went at risk and was breached meanwhile.
    time.now = T0 + 60 * HOUR;
    const second = setup(general(), time, checkpoint);
    await second.notifier.start();
    expect(keys(second.seen)).toEqual(['N-1/verify#atRisk', 'N-1/verify#breached']);
    expect(second.seen.map((n) => n.at)).toEqual([T0 + 0.8 * 48 * HOUR, T0 + 48 * HOUR]);
    expect(second.seen.every((n) => n.firedAt === T0 + 60 * HOUR)).toBe(true);
    await second.notifier.tick();
    second.notifier.stop();

    const third = setup(general(), time, checkpoint);
    await third.notifier.start();
    expect(third.seen).toEqual([]);
    expect(checkpoint.keys).toEqual(['N-1/verify#atRisk', 'N-1/verify#breached']);
    third.notifier.stop();
  });

  it('emits nothing when the checkpoint cannot record, and retries later', async () => {
    const time = new ManualTime();
    let failing = true;
    const inner = memoryCheckpoint();
    const checkpoint: NotifierCheckpoint = {
      load: inner.load,
      record: (k) => (failing ? Promise.reject(new Error('disk full')) : inner.record(k)),
    };
    time.now = T0 + 60 * HOUR;
    const { notifier, seen } = setup(general(), time, checkpoint);
    const errors: unknown[] = [];
    notifier.on('error', (e) => errors.push(e));
    await notifier.start();
    expect(errors).toHaveLength(1);
    expect(seen).toEqual([]);
    failing = false;
    await time.advanceTo(T0 + 61 * HOUR);
    expect(keys(seen)).toEqual(['N-1/verify#atRisk', 'N-1/verify#breached']);
    notifier.stop();
  });
});
