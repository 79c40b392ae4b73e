import { describe, expect, it } from 'vitest';
import type { ComplaintCommand } from '../../src/complaint/commands';
import { centreIndicators, nearestRank } from '../../src/scoring/indicators';
import { generalComplaint, history, T0, viewOf } from './helpers';

const MAY = Date.parse('2026-05-01T00:00:00+08:00');

describe('indicators per centre and month', () => {
  it('timeliness, resolution, response time, satisfaction, revisits, repeats, counts', async () => {
    const open: ComplaintCommand[] = [
      {
        type: 'ReceiveComplaint',
        complaintId: 'O-1',
        at: new Date(T0 + 3 * 86_400_000).toISOString(),
        centre: 'ops',
        channel: 'online',
        customer: { id: 'X' },
        summary: 'Lost parcel',
      },
    ];
    const events = await history([
      ...generalComplaint('G-1', 'ops', T0),
      ...generalComplaint('G-2', 'ops', T0 + 86_400_000, ['verify'], {
        repeatOf: 'G-1',
        refuse: true,
      }),
      ...open,
    ]);
    const i = centreIndicators(viewOf(events, MAY), 'ops', '2026-03');
    expect(i.complaints).toBe(3);
    expect(i.byClass).toEqual({ general: 2, unclassified: 1 });
    expect(i.byChannel).toEqual({ phone: 2, online: 1 });
    expect(i.resolution).toEqual({ numerator: 2, denominator: 3, rate: 2 / 3 });
    // Receipt → verification: 10 h and 50 h; the open complaint was never verified.
    expect(i.responseTime).toMatchObject({
      count: 2,
      averageMs: 30 * 3_600_000,
      percentileMs: 50 * 3_600_000,
    });
    // G-1: verify, negotiate, sign, close met. G-2: verify breached, the rest met, plus a
    // second negotiate and sign after the refusal. O-1 is not classified: no clocks yet.
    expect(i.timeliness).toMatchObject({ numerator: 9, denominator: 10 });
    // Both revisits (satisfied) and G-2's refusal (dissatisfied) fall in March.
    expect(i.satisfaction).toMatchObject({
      satisfied: 2,
      neutral: 0,
      dissatisfied: 1,
      rate: 2 / 3,
    });
    expect(i.revisitInTime).toEqual({ numerator: 2, denominator: 2, rate: 1 });
    expect(i.repeatComplaints).toBe(1);
    const april = centreIndicators(viewOf(events, MAY), 'ops', '2026-04');
    expect(april.complaints).toBe(0);
    expect(april.resolution.rate).toBeNull();
  });

  it('the percentile is the nearest rank', () => {
    expect(nearestRank([], 0.9)).toBeNull();
    expect(nearestRank([5], 0.9)).toBe(5);
    expect(nearestRank([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9);
    expect(nearestRank([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 0.9)).toBe(10);
  });
});
