import { AssertionError } from 'node:assert';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ComplaintEvent } from '../../src/complaint/events';
import { hongchangPolicy } from '../../src/policy/hongchang';
import { arbitraries, given, scaledRuns, toStoredEvents } from '../../src/testing/index';

const received: ComplaintEvent = {
  type: 'ComplaintReceived',
  data: {
    at: '2026-03-02T01:00:00.000Z',
    complaintId: 'C-1',
    centre: 'call-centre',
    channel: 'phone',
    customer: { id: 'CUST-7' },
    summary: 'Pallet arrived dented',
  },
};
const classify = {
  type: 'ClassifyComplaint',
  complaintId: 'C-1',
  at: '2026-03-02T02:00:00.000Z',
  complaintClass: 'general',
} as const;

const countByType = (events: readonly ComplaintEvent[]) => {
  const counts: Record<string, number> = {};
  for (const e of events) counts[e.type] = (counts[e.type] ?? 0) + 1;
  return counts;
};

describe('given / when / then', () => {
  it('then passes on the recorded events and fails on others', () => {
    const e = given([received]).when(classify);
    e.then([{ type: 'ComplaintClassified', data: { at: classify.at, complaintClass: 'general' } }]);
    expect(() => e.then([])).toThrow(AssertionError);
    expect(() => e.thenRejected('NotReceived')).toThrow(/expected rejection NotReceived/);
  });

  it('thenRejected checks the code and the details', () => {
    const r = given([]).when(classify).thenRejected('NotReceived');
    expect(r.complaintId).toBe('C-1');
    expect(() =>
      given([received])
        .when({ ...classify, complaintClass: 'vip' })
        .thenRejected('UnknownClass', {
          complaintClass: 'gold',
        }),
    ).toThrow(AssertionError);
  });

  it('project folds the history and the command’s events through a projection', () => {
    given([received]).project(countByType).then({ ComplaintReceived: 1 });
    given([received])
      .when(classify)
      .project(countByType)
      .then({ ComplaintReceived: 1, ComplaintClassified: 1 });
    expect(() => given([received]).project(countByType).then({})).toThrow(AssertionError);
    expect(() => given([]).when(classify).project(countByType)).toThrow(
      /got rejection NotReceived/,
    );
    given([received])
      .project((events) => events.length)
      .thenSatisfies((n) => n === 1);
    expect(() =>
      given([received])
        .project((events) => events.length)
        .thenSatisfies((n) => n > 1, 'more than one'),
    ).toThrow(/more than one/);
  });

  it('toStoredEvents gives one stream with consecutive versions and positions', () => {
    fc.assert(
      fc.property(arbitraries.lifecycle(hongchangPolicy), fc.nat(100), (life, after) => {
        const stored = toStoredEvents(life.events, { after });
        expect(stored.map((s) => s.streamVersion)).toEqual(stored.map((_, i) => i + 1));
        expect(stored.map((s) => s.globalPosition)).toEqual(stored.map((_, i) => after + i + 1));
        expect(new Set(stored.map((s) => s.streamId))).toEqual(
          new Set([`complaint-${life.plan.complaintId}`]),
        );
        expect(new Set(stored.map((s) => s.eventId)).size).toBe(stored.length);
      }),
      { numRuns: scaledRuns(50) },
    );
  });
});
