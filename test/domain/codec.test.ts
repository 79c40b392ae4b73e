import * as E from 'fp-ts/Either';
import { describe, expect, it } from 'vitest';
import { decodeCommand, fromStoredEvent, toNewEvent } from '../../src/complaint/codec';
import { COMPLAINT_EVENT_TYPES, type ComplaintEvent } from '../../src/complaint/events';
import { CURRENT_SCHEMA_VERSION } from '../../src/complaint/upcasters';
import type { DecodeError } from '../../src/shared/decode';
import type { StoredEvent } from '../../src/store/envelope';
import {
  endWaiting,
  escalate,
  h,
  lifecycles,
  receive,
  reclassify,
  refuse,
  run,
  startWaiting,
} from './fixtures';

/** Histories that, between them, record every event type. */
const histories = [
  ...Object.values(lifecycles),
  [...lifecycles.majorServiceQuality.slice(0, 4), startWaiting(h(23)), endWaiting(h(24))],
  [...lifecycles.majorServiceQuality.slice(0, 4), escalate(h(70))],
  [...lifecycles.general.slice(0, 3), reclassify(h(41), 'majorServiceQuality')],
  [...lifecycles.general.slice(0, 5), refuse(h(91))],
];
const everyEvent: ComplaintEvent[] = histories.flatMap((commands) => [...run(commands).events]);

/** What a store gives back for an appended event, after a trip through JSON. */
const stored = (event: ComplaintEvent, overrides: Partial<StoredEvent> = {}): StoredEvent => {
  const appended = toNewEvent(event, { correlationId: 'corr-1', actor: 'agent-7' });
  return {
    eventId: '0190a5f4-0000-7000-8000-000000000001',
    streamId: 'complaint-C-2026-0001',
    streamVersion: 3,
    globalPosition: 17,
    type: appended.type,
    schemaVersion: appended.schemaVersion ?? 1,
    recordedAt: '2026-03-02T01:00:00.000Z',
    metadata: appended.metadata ?? {},
    data: JSON.parse(JSON.stringify(appended.data)),
    ...overrides,
  };
};

const leftOf = <A>(result: E.Either<DecodeError, A>): DecodeError => {
  if (E.isRight(result)) throw new Error('expected a decode error');
  return result.left;
};

describe('stored events', () => {
  it('the test histories cover every event type', () => {
    expect(new Set(everyEvent.map((e) => e.type))).toEqual(new Set(COMPLAINT_EVENT_TYPES));
  });

  it.each(
    COMPLAINT_EVENT_TYPES,
  )('%s round-trips through toNewEvent and fromStoredEvent', (type) => {
    for (const event of everyEvent.filter((e) => e.type === type))
      expect(fromStoredEvent(stored(event))).toEqual(E.right(event));
  });

  it('toNewEvent writes the current schema version, metadata and a given event id', () => {
    const event = everyEvent[0]!;
    expect(toNewEvent(event, { actor: 'agent-7' }, '0190a5f4-0000-7000-8000-000000000009')).toEqual(
      {
        type: 'ComplaintReceived',
        data: event.data,
        schemaVersion: CURRENT_SCHEMA_VERSION.ComplaintReceived,
        metadata: { actor: 'agent-7' },
        eventId: '0190a5f4-0000-7000-8000-000000000009',
      },
    );
    expect(toNewEvent(event)).not.toHaveProperty('metadata');
    expect(toNewEvent(event)).not.toHaveProperty('eventId');
  });

  it('a bad field is named with its path under data', () => {
    const received = stored(everyEvent[0]!);
    const bad = {
      ...received,
      data: { ...received.data, customer: { id: 'CUST-7', grade: 'Z' } },
    };
    const error = leftOf(fromStoredEvent(bad));
    expect(error.problems).toEqual([
      { path: 'data.customer.grade', expected: 'CustomerGrade', actual: 'Z' },
    ]);
    expect(error.message).toBe(
      'event ComplaintReceived (stream complaint-C-2026-0001 v3): data.customer.grade: expected CustomerGrade, got "Z"',
    );
  });

  it('a missing field and a malformed instant are each named', () => {
    const notice = stored(everyEvent.find((e) => e.type === 'RectificationNoticeIssued')!);
    const { requirements: _r, ...data } = notice.data;
    const error = leftOf(fromStoredEvent({ ...notice, data: { ...data, deadline: '3 days' } }));
    expect(error.problems.map((p) => p.path)).toEqual(['data.requirements', 'data.deadline']);
  });

  it('an unknown event type is a typed error naming the type', () => {
    const error = leftOf(fromStoredEvent(stored(everyEvent[0]!, { type: 'ComplaintDeleted' })));
    expect(error.problems).toEqual([
      expect.objectContaining({ path: 'type', actual: 'ComplaintDeleted' }),
    ]);
  });

  it('an event written by a newer library version is a typed error, not a guess', () => {
    const newer = stored(everyEvent[0]!, { schemaVersion: 2 });
    const error = leftOf(fromStoredEvent(newer));
    expect(error._tag).toBe('DecodeError');
    expect(error.problems).toEqual([
      expect.objectContaining({ path: 'schemaVersion', actual: 2, expected: '≤ 1' }),
    ]);
    expect(error.message).toContain('written by a newer version of the library');
  });

  it('a schema version without an upcaster is a typed error', () => {
    const error = leftOf(fromStoredEvent(stored(everyEvent[0]!, { schemaVersion: 0 })));
    expect(error.problems).toEqual([
      expect.objectContaining({ path: 'schemaVersion', expected: 'an upcaster from 0' }),
    ]);
  });
});

describe('decodeCommand', () => {
  const everyCommand = histories.flat();

  it('accepts every command the fixtures build, after a trip through JSON', () => {
    for (const command of everyCommand)
      expect(decodeCommand(JSON.parse(JSON.stringify(command)))).toEqual(E.right(command));
  });

  it('names a bad nested field', () => {
    const input = { ...receive(h(0)), customer: { id: 'CUST-7', grade: 'Z' } };
    const error = leftOf(decodeCommand(input));
    expect(error.what).toBe('command ReceiveComplaint');
    expect(error.problems).toEqual([
      { path: 'customer.grade', expected: 'CustomerGrade', actual: 'Z' },
    ]);
  });

  it('names each bad field of one command', () => {
    const input = { ...receive(h(0)), at: '2026-03-02 09:00', summary: ' ', channel: 'fax' };
    expect(leftOf(decodeCommand(input)).problems.map((p) => p.path)).toEqual([
      'at',
      'channel',
      'summary',
    ]);
  });

  it('an instant needs an explicit offset', () => {
    const error = leftOf(decodeCommand({ ...receive(h(0)), at: '2026-03-02T09:00:00' }));
    expect(error.problems).toEqual([
      { path: 'at', expected: 'Instant', actual: '2026-03-02T09:00:00' },
    ]);
  });

  it('an optional field, when present, is checked too', () => {
    const input = { ...receive(h(0)), reference: { orderId: 42 } };
    expect(leftOf(decodeCommand(input)).problems.map((p) => p.path)).toEqual(['reference.orderId']);
  });

  it('a missing or unknown type names `type`', () => {
    const missing = leftOf(decodeCommand({ complaintId: 'C-1', at: h(0) }));
    expect(missing.problems).toEqual([
      expect.objectContaining({ path: 'type', actual: undefined }),
    ]);
    const unknown = leftOf(decodeCommand({ type: 'DeleteComplaint', complaintId: 'C-1' }));
    expect(unknown.problems[0]).toMatchObject({ path: 'type', actual: 'DeleteComplaint' });
    expect(unknown.problems[0]?.expected).toContain('ReceiveComplaint');
  });

  it('something that is not an object is refused at the root', () => {
    for (const input of [null, 42, 'ReceiveComplaint', [receive(h(0))]])
      expect(leftOf(decodeCommand(input)).problems).toEqual([
        expect.objectContaining({ path: '(root)', expected: 'a command object' }),
      ]);
  });
});
