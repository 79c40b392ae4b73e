import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FeedReader, FeedWriter } from '../../adapters/file/replay/feed';
import {
  ComplaintNote,
  NOTE_FIELDS,
  NoteField,
  NoteKind,
  readNote,
} from '../../src/complaint/note';
import type { StoredEvent } from '../../src/store/envelope';
import { historyArb } from '../sla/arbitraries';

const KINDS = Object.values(NoteKind);
const text = fc.oneof(fc.constantFrom('a', 'b', '中心', ''), fc.string({ maxLength: 6 }));
const maybe = fc.option(text, { nil: null });

const noteArb = fc.record({
  kind: fc.constantFrom(...KINDS),
  step: fc.integer({ min: 0, max: 255 }),
  at: fc.integer({ min: 0, max: 2 ** 45 }),
  a: maybe,
  b: maybe,
  c: maybe,
  d: maybe,
  e: maybe,
  deadline: fc.integer({ min: 0, max: 2 ** 45 }),
  list: fc.option(fc.array(text, { maxLength: 4 }), { nil: null }),
});

const envelopeArb = fc.record({
  eventId: fc.uuid(),
  streamId: fc.constantFrom('complaint-1', 'complaint-2', 'complaint-三'),
  streamVersion: fc.integer({ min: 1, max: 1000 }),
  globalPosition: fc.integer({ min: 1, max: 2 ** 40 }),
  type: fc.constantFrom('ComplaintReceived', 'ComplaintClosed', 'X'),
  schemaVersion: fc.integer({ min: 1, max: 3 }),
  recordedAt: fc.constantFrom('2026-03-02T01:30:00.000Z', '2026-03-02T01:30:00.001Z'),
  metadata: fc.constant({}),
  data: fc.constant({ at: 'x' }),
});

const item = fc.oneof(
  fc.record({ note: noteArb, stored: envelopeArb }),
  fc.record({ other: envelopeArb }),
);

const fields = (n: ComplaintNote) => ({
  kind: n.kind,
  step: n.step,
  at: n.at,
  a: n.a,
  b: n.b,
  c: n.c,
  d: n.d,
  e: n.e,
  deadline: n.deadline,
  list: n.list,
});

/** The note as the feed sends it: the fields its kind sets, the rest null. */
const asSent = (n: ComplaintNote) => {
  const has = NOTE_FIELDS[n.kind];
  return {
    ...fields(n),
    a: has & NoteField.A ? n.a : null,
    b: has & NoteField.B ? n.b : null,
    c: has & NoteField.C ? n.c : null,
    d: has & NoteField.D ? n.d : null,
    e: has & NoteField.E ? n.e : null,
    deadline: has & NoteField.Deadline ? n.deadline : Number.NaN,
    list: has & NoteField.List ? n.list : null,
  };
};

describe('the replay feed', () => {
  it('brings every note and envelope across, batch after batch, its dictionary full or not', () => {
    fc.assert(
      fc.property(
        fc.array(item, { maxLength: 40 }),
        fc.array(fc.nat({ max: 40 }), { maxLength: 4 }),
        fc.integer({ min: 0, max: 5 }),
        (items, cuts, dictionaryLimit) => {
          const writer = new FeedWriter(2, dictionaryLimit);
          const reader = new FeedReader();
          let i = 0;
          const check = () => {
            const batch = structuredClone(writer.finish());
            reader.load(batch);
            for (let k = 0; k < batch.count; k++, i++) {
              const sent = items[i]!;
              const whole = reader.next();
              if ('other' in sent) expect(whole).toEqual(sent.other);
              else {
                expect(whole).toBeUndefined();
                const { metadata: _m, data: _d, ...envelope } = sent.stored;
                expect(reader.envelope).toMatchObject(envelope);
                expect(fields(reader.note)).toEqual(asSent(sent.note as ComplaintNote));
              }
            }
          };
          items.forEach((it, k) => {
            if ('other' in it) writer.other(it.other);
            else writer.note(it.stored, Object.assign(new ComplaintNote(), it.note));
            if (cuts.includes(k)) check();
          });
          check();
          expect(i).toBe(items.length);
        },
      ),
    );
  });

  it('the fields a kind of note sets are the ones NOTE_FIELDS names', () => {
    const SENTINEL = '\u0000unset';
    const seen = new Set<number>();
    fc.assert(
      fc.property(historyArb(), (history) => {
        for (const stored of history.events as StoredEvent[]) {
          const note = Object.assign(new ComplaintNote(), {
            a: SENTINEL,
            b: SENTINEL,
            c: SENTINEL,
            d: SENTINEL,
            e: SENTINEL,
            deadline: -1,
            list: [SENTINEL],
          });
          expect(readNote(stored, note)).toBeUndefined();
          seen.add(note.kind);
          const has = NOTE_FIELDS[note.kind];
          const set = {
            A: note.a !== SENTINEL,
            B: note.b !== SENTINEL,
            C: note.c !== SENTINEL,
            D: note.d !== SENTINEL,
            E: note.e !== SENTINEL,
            Deadline: note.deadline !== -1,
            List: note.list?.[0] !== SENTINEL,
          };
          for (const [name, bit] of Object.entries(NoteField))
            expect([stored.type, name, set[name as keyof typeof set]]).toEqual([
              stored.type,
              name,
              (has & bit) !== 0,
            ]);
        }
      }),
      { numRuns: 60 },
    );
    // The histories reach most kinds; the rest are covered by the feed property above.
    expect(seen.size).toBeGreaterThan(12);
  });
});
