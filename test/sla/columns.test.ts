import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NO_STEP } from '../../src/complaint/note';
import { CHUNK_SIZE } from '../../src/sla/chunks';
import { EventIdColumn } from '../../src/sla/event-id-column';
import { FactColumns } from '../../src/sla/fact-columns';
import { FactKind, type FactText } from '../../src/sla/facts';
import { StringTable } from '../../src/sla/string-table';
import type { StoredEvent } from '../../src/store/envelope';

const hex = (upper: boolean) =>
  fc
    .array(fc.integer({ min: 0, max: 15 }), { minLength: 32, maxLength: 32 })
    .map((ds) => ds.map((d) => d.toString(16)).join(''))
    .map((h) => (upper ? h.toUpperCase() : h));
const uuidOf = (h: string) =>
  `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
/** Ids as a store may hold them: canonical, upper or mixed case, or not a UUID at all. */
const eventId = fc.oneof(
  { weight: 6, arbitrary: hex(false).map(uuidOf) },
  { weight: 1, arbitrary: hex(true).map(uuidOf) },
  { weight: 1, arbitrary: fc.uuid() },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.constant(null) },
);

describe('EventIdColumn', () => {
  it('gives back exactly the id that went in, packed or kept (any ids)', () => {
    fc.assert(
      fc.property(fc.array(eventId, { maxLength: 200 }), (ids) => {
        const column = new EventIdColumn();
        const slots = ids.map((id) => column.push(id));
        expect(slots).toEqual(ids.map((_, i) => i));
        expect(ids.map((_, i) => column.get(i))).toEqual(ids);
        expect(column.get(ids.length)).toBeNull();
      }),
    );
  });

  it('keeps ids across chunks', () => {
    const column = new EventIdColumn();
    const ids = Array.from({ length: CHUNK_SIZE * 2 + 3 }, (_, i) =>
      uuidOf(i.toString(16).padStart(32, i % 3 === 0 ? 'f' : '0')),
    );
    for (const id of ids) column.push(id);
    for (const i of [0, CHUNK_SIZE - 1, CHUNK_SIZE, CHUNK_SIZE * 2 + 2])
      expect(column.get(i)).toBe(ids[i]);
  });
});

describe('StringTable', () => {
  it('gives back every value, and one code for a shared value seen again (any values)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), fc.option(fc.string({ maxLength: 4 }))), {
          maxLength: 100,
        }),
        (values) => {
          const table = new StringTable();
          const codes = values.map(([shared, v]) => (shared ? table.share(v) : table.keep(v)));
          expect(codes.map((c) => table.value(c))).toEqual(values.map(([, v]) => v));
          const sharedCode = new Map<string, number>();
          values.forEach(([shared, v], i) => {
            if (!shared || v === null) return;
            const first = sharedCode.get(v);
            if (first === undefined) sharedCode.set(v, codes[i]!);
            else expect(codes[i]).toBe(first);
          });
        },
      ),
    );
  });

  it('stays right past the number of values it shares', () => {
    const table = new StringTable();
    const values = Array.from({ length: 70_000 }, (_, i) => `v${i}`);
    const codes = values.map((v) => table.share(v));
    expect(codes.every((c, i) => table.value(c) === values[i])).toBe(true);
    expect(table.value(table.share('v69999'))).toBe('v69999');
  });
});

describe('FactColumns', () => {
  const text = fc.record({
    text: fc.option(fc.string({ maxLength: 5 })),
    extra: fc.option(fc.string({ maxLength: 5 })),
    deadline: fc.oneof(fc.constant(Number.NaN), fc.integer({ min: 0, max: 2 ** 42 })),
    list: fc.option(fc.array(fc.string({ maxLength: 3 }), { maxLength: 3 })),
    eventId,
  });
  const row = fc.record({
    kind: fc.constantFrom(...(Object.values(FactKind) as FactKind[])),
    step: fc.oneof(fc.integer({ min: 0, max: 10 }), fc.constant(NO_STEP)),
    at: fc.integer({ min: 0, max: 2 ** 42 }),
    position: fc.integer({ min: 1, max: 2 ** 40 }),
    version: fc.integer({ min: 1, max: 2 ** 31 }),
    recordedAt: fc.integer({ min: 0, max: 2 ** 42 }),
    text: fc.option(text),
  });
  const stored = (position: number, version: number) =>
    ({ globalPosition: position, streamVersion: version }) as StoredEvent;

  it('reads back every row and its text as pushed, across chunks (any rows)', () => {
    fc.assert(
      fc.property(
        fc.array(row, { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 0, max: CHUNK_SIZE + 10 }),
        (rows, padding) => {
          const columns = new FactColumns();
          // Rows before the ones checked, so that these may sit on a chunk's edge.
          for (let i = 0; i < padding; i++)
            columns.push(FactKind.WaitStarted, NO_STEP, i, stored(i + 1, 1), i, null);
          const at = rows.map((r) =>
            columns.push(
              r.kind,
              r.step,
              r.at,
              stored(r.position, r.version),
              r.recordedAt,
              r.text as FactText | null,
            ),
          );
          at.forEach((n, i) => {
            const r = rows[i]!;
            expect(n).toBe(padding + i);
            expect(columns.kind(n)).toBe(r.kind);
            expect(columns.step(n)).toBe(r.step);
            expect(columns.at(n)).toBe(r.at);
            expect(columns.position(n)).toBe(r.position);
            expect(columns.streamVersion(n)).toBe(r.version);
            expect(columns.fact(n).recordedAt).toBe(r.recordedAt);
            expect(columns.next(n)).toBe(-1);
            expect(columns.textOf(n)).toEqual(r.text ?? undefined);
          });
          if (at.length > 1) {
            columns.link(at[0]!, at[at.length - 1]!);
            expect(columns.next(at[0]!)).toBe(at[at.length - 1]);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
