import * as E from 'fp-ts/Either';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCommand, fromStoredEvent, toNewEvent } from '../../src/complaint/codec';
import { COMMAND_CODECS, type ComplaintCommandType } from '../../src/complaint/commands';
import { COMPLAINT_EVENT_TYPES, type ComplaintEvent } from '../../src/complaint/events';
import type { StoredEvent } from '../../src/store/envelope';
import { arbitraries, scaledRuns } from '../../src/testing/index';

const json = <T>(v: T): T => JSON.parse(JSON.stringify(v));

/** The envelope a store gives back around an event it was handed. */
const stored = (event: ComplaintEvent, at = 1): StoredEvent => {
  const n = json(toNewEvent(event));
  return {
    eventId: '0190c3b4-0000-7000-8000-000000000001',
    streamId: 'complaint-C-1',
    streamVersion: at,
    globalPosition: at,
    type: n.type,
    schemaVersion: n.schemaVersion ?? 1,
    recordedAt: '2026-03-02T01:00:00.000Z',
    metadata: {},
    data: n.data,
  };
};

const CLOSED: ComplaintEvent = {
  type: 'ComplaintClosed',
  data: { at: '2026-03-09T02:00:00.000Z', result: 'Refunded', writtenNotice: 'letter' },
};

const events = arbitraries.eventArbitraries({ at: arbitraries.instant({ offsets: true }) });
const commands = arbitraries.commandArbitraries({ at: arbitraries.instant({ offsets: true }) });
const COMMAND_TYPES = Object.keys(COMMAND_CODECS) as ComplaintCommandType[];

describe('codec round trips', () => {
  it('there is an arbitrary for every event type and every command type', () => {
    expect(Object.keys(events).sort()).toEqual([...COMPLAINT_EVENT_TYPES].sort());
    expect(Object.keys(commands).sort()).toEqual([...COMMAND_TYPES].sort());
  });

  it.each(
    COMPLAINT_EVENT_TYPES,
  )('%s: toNewEvent, JSON, the envelope and fromStoredEvent give it back', (type) => {
    fc.assert(
      fc.property(events[type] as fc.Arbitrary<ComplaintEvent>, (event) => {
        expect(fromStoredEvent(stored(event))).toEqual(E.right(json(event)));
      }),
      { numRuns: scaledRuns(100) },
    );
  });

  it.each(COMMAND_TYPES)('%s: JSON and decodeCommand give it back', (type) => {
    fc.assert(
      fc.property(commands[type] as fc.Arbitrary<unknown>, (command) => {
        expect(decodeCommand(json(command))).toEqual(E.right(json(command)));
      }),
      { numRuns: scaledRuns(100) },
    );
  });
});

describe('decoding random JSON', () => {
  it('decodeCommand never throws: a typed DecodeError, or a command that decodes again to itself', () => {
    const typed = fc.record(
      {
        type: fc.constantFrom(...COMMAND_TYPES, 'Nope'),
        complaintId: fc.jsonValue(),
        at: fc.jsonValue(),
      },
      { requiredKeys: ['type'] },
    );
    fc.assert(
      fc.property(
        fc.oneof(fc.jsonValue(), typed, fc.dictionary(fc.string(), fc.jsonValue())),
        (input) => {
          const r = decodeCommand(input);
          if (E.isLeft(r)) expect(r.left._tag).toBe('DecodeError');
          else expect(decodeCommand(json(r.right))).toEqual(r);
        },
      ),
      { numRuns: scaledRuns(2000) },
    );
  });

  it('fromStoredEvent never throws on random data under any type and schema version', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...COMPLAINT_EVENT_TYPES, 'ComplaintDeleted'),
        fc.dictionary(fc.string(), fc.jsonValue()),
        fc.integer({ min: 1, max: 4 }),
        (type, data, schemaVersion) => {
          const row = { ...stored(CLOSED), type, data, schemaVersion };
          const r = fromStoredEvent(row as StoredEvent);
          if (E.isLeft(r)) expect(r.left._tag).toBe('DecodeError');
          else expect(r.right.type).toBe(type);
        },
      ),
      { numRuns: scaledRuns(1000) },
    );
  });
});
