import * as E from 'fp-ts/Either';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../src/index';
import { foldSla, SlaProjection } from '../../src/sla/index';
import { parseInstant } from '../../src/shared/parse-instant';
import { Complaint, ms, toStored } from './helpers';

describe('parseInstant', () => {
  it('agrees with Date.parse on canonical instants', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2200, 0, 1) }), (t) => {
        const text = new Date(t).toISOString();
        expect(parseInstant(text)).toBe(t);
      }),
    );
  });

  it('remembers the day it read last without letting it vouch for another (any sequence)', () => {
    const two = (n: number) => String(n).padStart(2, '0');
    const instant = fc
      .tuple(
        fc.integer({ min: 2023, max: 2028 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        fc.integer({ min: 0, max: 24 }),
        fc.integer({ min: 0, max: 60 }),
      )
      .map(([y, mo, d, h, mi]) => `${y}-${two(mo)}-${two(d)}T${two(h)}:${two(mi)}:00.000Z`);
    fc.assert(
      fc.property(fc.array(instant, { maxLength: 30 }), (texts) => {
        for (const text of texts) {
          const t = Date.parse(text);
          const valid = !Number.isNaN(t) && new Date(t).toISOString() === text;
          if (valid) expect(parseInstant(text)).toBe(t);
          else expect(parseInstant(text)).toBeNaN();
        }
      }),
    );
  });

  it('reads other accepted forms through the codec, and refuses the rest', () => {
    expect(parseInstant('2026-03-02T09:30:00+08:00')).toBe(ms('2026-03-02T01:30:00.000Z'));
    expect(parseInstant('2026-03-02T01:30Z')).toBe(ms('2026-03-02T01:30:00.000Z'));
    for (const bad of [
      '2026-02-29T00:00:00.000Z',
      '2026-13-01T00:00:00.000Z',
      '2026-01-01T24:00:00.000Z',
      '2026-01-01T00:00:00.00xZ',
      '2026-01-01 00:00:00.000Z',
      'yesterday',
      '',
    ])
      expect(parseInstant(bad)).toBeNaN();
  });
});

const stored = (over: Partial<StoredEvent> & { data: StoredEvent['data'] }): StoredEvent => ({
  eventId: '00000000-0000-7000-8000-000000000001',
  streamId: 'complaint-C-1',
  streamVersion: 1,
  globalPosition: 1,
  type: 'ComplaintReceived',
  schemaVersion: 1,
  recordedAt: '2026-03-02T01:00:00.000Z',
  metadata: {},
  ...over,
});

describe('the fold', () => {
  it('refuses an unreadable complaint event with a typed error naming the field', () => {
    const result = foldSla([stored({ data: { at: 'soon', complaintId: 'C-1', centre: 'x' } })]);
    expect(E.isLeft(result)).toBe(true);
    if (E.isLeft(result)) {
      expect(result.left).toMatchObject({
        _tag: 'SlaEventError',
        position: 1,
        streamId: 'complaint-C-1',
      });
      expect(result.left.cause.problems.map((p) => p.path)).toContain('data.at');
    }
  });

  it('refuses an unknown event type in a complaint stream and a schema it cannot read', () => {
    const unknown = foldSla([
      stored({ type: 'ComplaintTeleported', data: { at: '2026-03-02T01:00:00.000Z' } }),
    ]);
    expect(E.isLeft(unknown) && unknown.left.cause.problems[0]?.path).toBe('type');
    const newer = foldSla([
      stored({ schemaVersion: 99, data: { at: '2026-03-02T01:00:00.000Z' } }),
    ]);
    expect(E.isLeft(newer) && newer.left.cause.problems[0]?.path).toBe('schemaVersion');
  });

  it('ignores other streams, and events at or before its position', () => {
    const events = toStored([new Complaint('C-1').receive(ms('2026-03-02T01:00:00.000Z'))]);
    const p = new SlaProjection();
    expect(
      p.apply(stored({ streamId: 'centre-scores-north', type: 'MonitoringScored', data: {} })),
    ).toBeUndefined();
    expect(p.eventCount).toBe(1);
    const shifted = events.map((e) => ({ ...e, globalPosition: e.globalPosition + 1 }));
    expect(p.applyAll(shifted)).toBeUndefined();
    expect(p.applyAll(shifted)).toBeUndefined();
    expect(p.eventCount).toBe(2);
    expect(p.complaint('C-1')?.facts).toHaveLength(1);
    expect(p.complaint('C-1')?.centre).toBe('call-centre');
  });

  it('finds complaints received after it was last asked (the index is kept up to date)', () => {
    const at = ms('2026-03-02T01:00:00.000Z');
    const events = toStored(['C-1', 'C-2', 'C-3'].map((id) => new Complaint(id).receive(at)));
    const p = new SlaProjection();
    p.apply(events[0]!);
    expect(p.complaintCount).toBe(1);
    expect(p.complaint('C-2')).toBeUndefined();
    p.applyAll(events.slice(1));
    expect(p.complaintCount).toBe(3);
    expect(p.complaint('C-2')?.streamId).toBe('complaint-C-2');
    expect([...p.complaints()].map((r) => r.complaintId)).toEqual(['C-1', 'C-2', 'C-3']);
  });

  it('reads instants written with an offset', () => {
    const e = toStored([new Complaint('C-2').receive(ms('2026-03-02T01:00:00.000Z'))])[0]!;
    const p = new SlaProjection();
    p.apply({ ...e, data: { ...e.data, at: '2026-03-02T09:00:00+08:00' } });
    expect(p.complaint('C-2')?.facts[0]?.at).toBe(ms('2026-03-02T01:00:00.000Z'));
  });
});
