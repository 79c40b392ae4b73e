import * as E from 'fp-ts/Either';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromStoredEvent } from '../../src/complaint/codec';
import { type ComplaintEvent, stepCompletedBy } from '../../src/complaint/events';
import { hongchangPolicy } from '../../src/policy/hongchang';
import { eventLink } from '../../src/scoring/event-link';
import { type ComplaintFacts, ScoringFacts } from '../../src/scoring/facts';
import { ScoringProjection } from '../../src/scoring/projection';
import { StoredEvent } from '../../src/store/envelope';
import { arbitraries } from '../../src/testing/index';
import { envelopes } from './helpers';

/**
 * The scoring facts as the full decode gives them: every event through `fromStoredEvent`,
 * folded the plain way. The projection reads events with its own tolerant reader for speed;
 * on well-formed events both must agree field for field.
 */
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const modelFacts = (events: readonly StoredEvent[]): Map<string, ComplaintFacts> => {
  const byStream = new Map<string, Mutable<ComplaintFacts>>();
  const out = new Map<string, ComplaintFacts>();
  for (const stored of events) {
    const decoded = fromStoredEvent(stored);
    if (E.isLeft(decoded)) throw new Error(decoded.left.message);
    const e: ComplaintEvent = decoded.right;
    const at = Date.parse(e.data.at);
    if (e.type === 'ComplaintReceived') {
      if (byStream.has(stored.streamId)) continue;
      const f: Mutable<ComplaintFacts> = {
        complaintId: e.data.complaintId,
        streamId: stored.streamId,
        centre: e.data.centre,
        channel: e.data.channel,
        summary: e.data.summary,
        receivedAt: at,
        received: eventLink(stored, at),
        repeatOf: e.data.repeatOf ?? null,
        complaintClass: null,
        responsibleDepartment: null,
        firstDone: {},
        inspections: [],
        refusals: [],
        acceptances: [],
        revisits: [],
        closedAt: null,
      };
      byStream.set(stored.streamId, f);
      out.set(f.complaintId, f);
      continue;
    }
    const f = byStream.get(stored.streamId);
    if (f === undefined) continue;
    const step = stepCompletedBy(e);
    if (step !== undefined && f.firstDone[step] === undefined) f.firstDone[step] = at;
    if (e.type === 'ComplaintClassified') f.complaintClass = e.data.complaintClass;
    if (e.type === 'ComplaintReclassified') f.complaintClass = e.data.to;
    if (e.type === 'ComplaintVerified' && e.data.responsibleDepartment !== undefined)
      f.responsibleDepartment = e.data.responsibleDepartment;
    if (e.type === 'RectificationNoticeIssued')
      f.responsibleDepartment ??= e.data.responsibleDepartment;
    if (e.type === 'RectificationInspected')
      f.inspections = [
        ...f.inspections,
        { ref: eventLink(stored, at), noticeId: e.data.noticeId, result: e.data.result },
      ];
    if (e.type === 'CustomerRefused')
      f.refusals = [...f.refusals, { ref: eventLink(stored, at), reason: e.data.reason }];
    if (e.type === 'CustomerAccepted') f.acceptances = [...f.acceptances, eventLink(stored, at)];
    if (e.type === 'ComplaintRevisited')
      f.revisits = [...f.revisits, { ref: eventLink(stored, at), verdict: e.data.verdict }];
    if (e.type === 'ComplaintClosed') f.closedAt = at;
  }
  return out;
};

/** A complaint's facts as a plain object (the projection's are views with getters). */
const plain = (f: ComplaintFacts): ComplaintFacts => JSON.parse(JSON.stringify(f));

/** The same instant written in Shanghai time, which the reader parses the slower way. */
const inShanghai = (instant: string): string =>
  new Date(Date.parse(instant) + 8 * 3_600_000).toISOString().replace('Z', '+08:00');

const lifecycles = fc.integer({ min: 1, max: 4 }).chain((n) =>
  fc.tuple(
    ...Array.from({ length: n }, (_, i) =>
      fc
        .tuple(
          arbitraries.lifecycle(hongchangPolicy, {
            maxGapHours: 60,
            complaintId: fc.constant(`C-${i}`),
          }),
          fc.boolean(),
        )
        .map(([life, offsets]) => ({
          complaintId: `C-${i}`,
          events: offsets
            ? life.events.map(
                (e) => ({ ...e, data: { ...e.data, at: inShanghai(e.data.at) } }) as ComplaintEvent,
              )
            : life.events,
        })),
    ),
  ),
);

/** Complaint C-1 received at 01:00 UTC on 2 March 2026 through `channel`. */
const receivedC1 = (channel: string): ComplaintEvent => ({
  type: 'ComplaintReceived',
  data: {
    at: '2026-03-02T01:00:00.000Z',
    complaintId: 'C-1',
    centre: 'north',
    channel: channel as 'phone',
    customer: { id: 'CUST-1' },
    summary: 'late',
  },
});

describe('scoring facts: the tolerant reader', () => {
  it('gives the facts a full decode of every event gives (any lifecycles, interleaved)', () => {
    fc.assert(
      fc.property(lifecycles, (complaints) => {
        const events = envelopes(complaints);
        const projection = new ScoringProjection();
        expect(projection.applyAll(events)).toBeUndefined();
        const got = new Map(
          [...projection.facts.complaints()].map((f) => [f.complaintId, plain(f)]),
        );
        expect(got).toEqual(modelFacts(events));
      }),
      { numRuns: 150 },
    );
  });

  it('refuses, never throws on, and never reads as a fact a row with a broken field it reads', () => {
    // The fields scoring takes from each event type; breaking any other field is the full
    // codec's business (the command side), not this fold's.
    const read: Record<string, readonly string[]> = {
      ComplaintReceived: ['complaintId', 'centre', 'channel', 'summary', 'repeatOf'],
      ComplaintClassified: ['complaintClass'],
      ComplaintReclassified: ['to'],
      ComplaintVerified: ['responsibleDepartment'],
      RectificationNoticeIssued: ['responsibleDepartment'],
      RectificationInspected: ['noticeId', 'result'],
      CustomerRefused: ['reason'],
      ComplaintRevisited: ['verdict'],
    };
    let checked = 0;
    fc.assert(
      fc.property(arbitraries.badStoredEvent(), ({ input, path, change }) => {
        if (!StoredEvent.is(input)) return;
        const facts = new ScoringFacts();
        const error = facts.apply(input);
        const fields = read[input.type] ?? [];
        const broken =
          path === 'type' ||
          path === 'schemaVersion' ||
          path === 'data' ||
          path === 'data.at' ||
          fields.some((f) => path === `data.${f}` || path.startsWith(`data.${f}.`));
        if (!broken) return;
        checked++;
        expect([...facts.complaints()], change).toEqual([]);
        if (error !== undefined) expect(error._tag, change).toBe('ScoringEventError');
      }),
      { numRuns: 3000 },
    );
    expect(checked).toBeGreaterThan(100);
  });

  it('reads a field its codec accepts even where a stricter reading would not (an empty class)', () => {
    const [received, classified] = envelopes([
      {
        complaintId: 'C-1',
        events: [
          receivedC1('phone'),
          {
            type: 'ComplaintClassified',
            data: { at: '2026-03-02T02:00:00+08:00', complaintClass: '' },
          },
        ],
      },
    ]);
    const facts = new ScoringFacts();
    expect(facts.apply(received!)).toBeUndefined();
    expect(facts.apply(classified!)).toBeUndefined();
    expect(facts.complaint('C-1')?.complaintClass).toBe('');
    expect(facts.complaint('C-1')?.receivedAt).toBe(Date.parse('2026-03-02T01:00:00.000Z'));
  });

  it('names the field of a complaint event it cannot read', () => {
    const [received] = envelopes([
      {
        complaintId: 'C-1',
        events: [receivedC1('carrier pigeon')],
      },
    ]);
    const error = new ScoringFacts().apply(received!);
    expect(error?._tag).toBe('ScoringEventError');
    expect(error?.cause.message).toContain('data.channel');
  });
});
