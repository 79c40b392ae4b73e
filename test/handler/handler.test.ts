import * as E from 'fp-ts/Either';
import { describe, expect, it } from 'vitest';
import { createMemoryEventStore } from '../../adapters/memory';
import {
  type ComplaintCommand,
  complaintStreamId,
  createCommandHandler,
  type EventStore,
  hongchangPolicy,
} from '../../src';

const receive: ComplaintCommand = {
  type: 'ReceiveComplaint',
  complaintId: 'H-1',
  commandId: 'cmd-receive',
  at: '2026-05-01T08:00:00+08:00',
  centre: 'call-centre',
  channel: 'online',
  customer: { id: 'CUST-1' },
  summary: 'Parcel damaged',
};
const classify = (commandId: string, at = '2026-05-01T09:00:00+08:00'): ComplaintCommand => ({
  type: 'ClassifyComplaint',
  complaintId: 'H-1',
  commandId,
  at,
  complaintClass: 'general',
});
const verify = (commandId: string, at = '2026-05-01T10:00:00+08:00'): ComplaintCommand => ({
  type: 'VerifyComplaint',
  complaintId: 'H-1',
  commandId,
  at,
  finding: 'Packaging torn in transit',
});

const expectRight = <L, R>(either: E.Either<L, R>): R => {
  if (E.isLeft(either)) throw new Error(`expected Right, got ${JSON.stringify(either.left)}`);
  return either.right;
};

const streamTypes = async (store: EventStore, complaintId = 'H-1') =>
  expectRight(await store.readStream(complaintStreamId(complaintId))).map((e) => e.type);

/**
 * A store whose appends race a second writer: before each of the first `races` appends
 * the rival handler's command is stored, so the append's expected version is stale.
 */
const racingStore = (inner: EventStore, rival: () => Promise<unknown>, races: number) => {
  let raced = 0;
  let appends = 0;
  const store: EventStore = {
    ...inner,
    readStream: (...args) => inner.readStream(...args),
    readAll: (...args) => inner.readAll(...args),
    streamVersion: (...args) => inner.streamVersion(...args),
    subscribe: (...args) => inner.subscribe(...args),
    close: () => inner.close(),
    append: async (...args) => {
      appends++;
      if (raced < races) {
        raced++;
        await rival();
      }
      return inner.append(...args);
    },
  };
  return { store, appends: () => appends };
};

describe('command handler', () => {
  it('stores the decided events with the command id as causation and the actor', async () => {
    const store = createMemoryEventStore();
    const handler = createCommandHandler({ store, policy: hongchangPolicy });
    const handled = expectRight(
      await handler.handle(receive, { actor: 'agent-7', correlationId: 'corr-1' }),
    );
    expect(handled.alreadyHandled).toBe(false);
    expect(handled.streamVersion).toBe(1);
    expect(handled.events.map((e) => e.type)).toEqual(['ComplaintReceived']);
    expect(handled.events[0]?.metadata).toEqual({
      causationId: 'cmd-receive',
      actor: 'agent-7',
      correlationId: 'corr-1',
    });
    expect(handled.state.status).toBe('open');
  });

  it('handles the same command id twice but appends once', async () => {
    const store = createMemoryEventStore();
    const handler = createCommandHandler({ store, policy: hongchangPolicy });
    expectRight(await handler.handle(receive));
    const first = expectRight(await handler.handle(classify('cmd-classify')));
    const again = expectRight(await handler.handle(classify('cmd-classify')));
    expect(again.alreadyHandled).toBe(true);
    expect(again.events.map((e) => e.eventId)).toEqual(first.events.map((e) => e.eventId));
    expect(await streamTypes(store)).toEqual(['ComplaintReceived', 'ComplaintClassified']);
  });

  it('returns a rejection as a value and stores nothing', async () => {
    const store = createMemoryEventStore();
    const handler = createCommandHandler({ store, policy: hongchangPolicy });
    const result = await handler.handle(classify('c1'));
    expect(E.isLeft(result) && result.left._tag === 'ComplaintRejected' && result.left.code).toBe(
      'NotReceived',
    );
    expect(await streamTypes(store)).toEqual([]);
  });

  it('decodes unknown input and names the bad field', async () => {
    const store = createMemoryEventStore();
    const handler = createCommandHandler({ store, policy: hongchangPolicy });
    const result = await handler.handleUnknown({
      ...receive,
      customer: { id: 'CUST-1', grade: 'Z' },
    });
    if (E.isRight(result) || result.left._tag !== 'DecodeError')
      throw new Error('expected a DecodeError');
    expect(result.left.problems.map((p) => p.path)).toContain('customer.grade');
    expect(await streamTypes(store)).toEqual([]);
  });

  it('retries after a real version conflict and decides against the new state', async () => {
    const base = createMemoryEventStore();
    const setup = createCommandHandler({ store: base, policy: hongchangPolicy });
    expectRight(await setup.handle(receive));
    expectRight(await setup.handle(classify('c')));
    // While our verification is in flight, a colleague records a wait on the customer.
    const rival = () =>
      setup.handle({
        type: 'StartWaitingOnCustomer',
        complaintId: 'H-1',
        at: '2026-05-01T09:30:00+08:00',
        reason: 'waiting for photos',
      });
    const { store, appends } = racingStore(base, rival, 1);
    const handler = createCommandHandler({ store, policy: hongchangPolicy });

    const handled = expectRight(await handler.handle(verify('cmd-verify')));
    expect(handled.events.map((e) => e.type)).toEqual(['ComplaintVerified']);
    expect(handled.streamVersion).toBe(4);
    expect(handled.state.status === 'open' && handled.state.waitingSince).not.toBeNull();
    expect(appends()).toBe(2);
    expect(await streamTypes(base)).toEqual([
      'ComplaintReceived',
      'ComplaintClassified',
      'CustomerWaitStarted',
      'ComplaintVerified',
    ]);
  });

  it('a retry that finds the command already decided by the rival is a rejection, not a duplicate', async () => {
    const base = createMemoryEventStore();
    const setup = createCommandHandler({ store: base, policy: hongchangPolicy });
    expectRight(await setup.handle(receive));
    const rival = () => setup.handle(classify('rival-classify'));
    const { store } = racingStore(base, rival, 1);
    const handler = createCommandHandler({ store, policy: hongchangPolicy });
    const result = await handler.handle(classify('mine'));
    expect(E.isLeft(result) && result.left._tag === 'ComplaintRejected' && result.left.code).toBe(
      'AlreadyClassified',
    );
    expect(await streamTypes(base)).toEqual(['ComplaintReceived', 'ComplaintClassified']);
  });

  it('gives up after maxRetries and returns the typed conflict', async () => {
    const base = createMemoryEventStore();
    const setup = createCommandHandler({ store: base, policy: hongchangPolicy });
    expectRight(await setup.handle(receive));
    expectRight(await setup.handle(classify('c')));
    let n = 0;
    // Every attempt is overtaken by a colleague's wait-on-customer toggle.
    const rival = () => {
      const at = new Date(Date.parse('2026-05-01T09:30:00+08:00') + n * 60_000).toISOString();
      return setup.handle(
        n++ % 2 === 0
          ? { type: 'StartWaitingOnCustomer', complaintId: 'H-1', at, reason: 'call back' }
          : { type: 'EndWaitingOnCustomer', complaintId: 'H-1', at },
      );
    };
    const { store, appends } = racingStore(base, rival, Number.POSITIVE_INFINITY);
    const handler = createCommandHandler({ store, policy: hongchangPolicy, maxRetries: 2 });
    const result = await handler.handle(verify('v'));
    if (E.isRight(result) || result.left._tag !== 'WrongExpectedVersion')
      throw new Error(`expected a conflict, got ${JSON.stringify(result)}`);
    expect(result.left.streamId).toBe(complaintStreamId('H-1'));
    expect(appends()).toBe(3);
    expect(n).toBe(3);
    expect(await streamTypes(base)).not.toContain('ComplaintVerified');
  });

  it('the same command sent twice at once is stored once', async () => {
    const store = createMemoryEventStore();
    const a = createCommandHandler({ store, policy: hongchangPolicy });
    const b = createCommandHandler({ store, policy: hongchangPolicy });
    expectRight(await a.handle(receive));
    const [ra, rb] = await Promise.all([a.handle(classify('same')), b.handle(classify('same'))]);
    expect(E.isRight(ra) && E.isRight(rb)).toBe(true);
    expect(await streamTypes(store)).toEqual(['ComplaintReceived', 'ComplaintClassified']);
  });
});
