import { describe, expect, it } from 'vitest';
import { byOccurrence, type Candidate } from '../../src/scoring/deductions';

const failedInspection = (
  streamId: string,
  streamVersion: number,
  position: number,
): Candidate => ({
  category: 'failedInspection',
  centre: 'call-centre',
  month: '2026-04',
  complaintId: streamId.replace('complaint-', ''),
  at: Date.parse('2026-04-10T02:00:00Z'),
  nominal: 2,
  reason: 'rectification failed inspection',
  cause: {
    kind: 'event',
    complaintId: streamId.replace('complaint-', ''),
    event: {
      eventId: `${streamId}-${streamVersion}`,
      streamId,
      streamVersion,
      position,
      type: 'RectificationInspected',
      at: 0,
    },
  },
});

describe('deductions at the same instant and of the same kind', () => {
  it('are ordered by stream and version, the same in every store whatever its positions', () => {
    // Memory numbers positions 9 and 10; PostgreSQL numbers them far apart. As text, "10" < "9".
    const memory = [failedInspection('complaint-B', 4, 10), failedInspection('complaint-A', 4, 9)];
    const postgres = [
      failedInspection('complaint-B', 4, 2 ** 32 + 10 * 65_536),
      failedInspection('complaint-A', 4, 2 ** 32 + 9 * 65_536),
    ];
    const order = (cs: Candidate[]) => [...cs].sort(byOccurrence).map((c) => c.complaintId);
    expect(order(memory)).toEqual(['A', 'B']);
    expect(order(postgres)).toEqual(order(memory));
    expect(order([...memory].reverse())).toEqual(['A', 'B']);
  });
});
