import * as E from 'fp-ts/Either';
import { describe, expect, it } from 'vitest';
import { centreEventFromStored, centreEventToNew } from '../../src/centre/codec';
import type { CentreCommand } from '../../src/centre/commands';
import { decideCentre, evolveCentre, initialCentreState } from '../../src/centre/decide';
import { addMonths, monthsOfQuarter, quarterOf } from '../../src/centre/month';
import { centreIndicators } from '../../src/scoring/indicators';
import { generalComplaint, history, T0, viewOf } from './helpers';

const record = (score: number, more: Partial<CentreCommand> = {}): CentreCommand =>
  ({
    type: 'RecordMonitoringScore',
    centre: 'ops',
    at: '2026-04-02T02:00:00Z',
    month: '2026-03',
    score,
    ...more,
  }) as CentreCommand;

describe('centre assessments (监听考核分值, 拨测评定分数)', () => {
  it('records a score out of 100 by default', () => {
    const decided = decideCentre(record(92), initialCentreState);
    expect(decided).toEqual(
      E.right([
        {
          type: 'MonitoringScoreRecorded',
          data: {
            centre: 'ops',
            at: '2026-04-02T02:00:00Z',
            month: '2026-03',
            score: 92,
            outOf: 100,
          },
        },
      ]),
    );
  });

  it('refuses a score above its maximum, a bad month, and time going backwards', () => {
    const above = decideCentre(
      record(9, { outOf: 5 } as Partial<CentreCommand>),
      initialCentreState,
    );
    expect(E.isLeft(above) && above.left.code).toBe('ScoreAboveMaximum');
    const badMonth = decideCentre(
      record(90, { month: '2026-13' } as Partial<CentreCommand>),
      initialCentreState,
    );
    expect(
      E.isLeft(badMonth) &&
        badMonth.left.code === 'InvalidCommand' &&
        badMonth.left.problems[0]?.path,
    ).toBe('month');
    const state = evolveCentre(initialCentreState, {
      type: 'CentreRegistered',
      data: { centre: 'ops', at: '2026-05-01T00:00:00Z', name: 'Operations' },
    });
    const back = decideCentre(record(90), state);
    expect(E.isLeft(back) && back.left.code).toBe('TimeWentBackwards');
    const other = decideCentre(
      record(90, { centre: 'call', at: '2026-06-01T00:00:00Z' } as Partial<CentreCommand>),
      state,
    );
    expect(E.isLeft(other) && other.left.code).toBe('WrongCentre');
  });

  it('registering again with the same names records nothing', () => {
    const register: CentreCommand = {
      type: 'RegisterCentre',
      centre: 'ops',
      at: '2026-01-01T00:00:00Z',
      name: 'Operations',
      zh: '运作中心',
    };
    const first = decideCentre(register, initialCentreState);
    if (E.isLeft(first)) throw new Error('refused');
    const state = first.right.reduce(evolveCentre, initialCentreState);
    expect(decideCentre(register, state)).toEqual(E.right([]));
  });

  it('stored centre events decode, and a bad field is named', () => {
    const stored = {
      eventId: '00000000-0000-7000-8000-000000000001',
      streamId: 'centre-ops',
      streamVersion: 1,
      globalPosition: 1,
      recordedAt: '2026-04-02T02:00:00.000Z',
      metadata: {},
      ...centreEventToNew({
        type: 'TestCallScoreRecorded',
        data: {
          centre: 'ops',
          at: '2026-04-02T02:00:00Z',
          month: '2026-03',
          score: 88,
          outOf: 100,
        },
      }),
    } as Parameters<typeof centreEventFromStored>[0];
    expect(E.isRight(centreEventFromStored(stored))).toBe(true);
    const bad = centreEventFromStored({ ...stored, data: { ...stored.data, score: 'high' } });
    expect(E.isLeft(bad) && bad.left.problems.map((p) => p.path)).toEqual(['data.score']);
  });

  it('months and quarters', () => {
    expect(addMonths('2026-11', 3)).toBe('2027-02');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(quarterOf('2026-06')).toBe('2026-Q2');
    expect(monthsOfQuarter('2026-Q4')).toEqual(['2026-10', '2026-11', '2026-12']);
  });
});

describe('service quality index', () => {
  it('is [(monitoring + test call)/2 − complaints × coefficient], the latest recording standing', async () => {
    const events = await history([
      ...generalComplaint('G-1', 'ops', T0),
      ...generalComplaint('G-2', 'ops', T0 + 86_400_000),
      record(80),
      record(90, { at: '2026-04-03T02:00:00Z' } as Partial<CentreCommand>),
      {
        type: 'RecordTestCallScore',
        centre: 'ops',
        at: '2026-04-03T03:00:00Z',
        month: '2026-03',
        score: 4,
        outOf: 5,
      },
    ]);
    const sq = centreIndicators(
      viewOf(events, Date.parse('2026-05-01T00:00:00Z')),
      'ops',
      '2026-03',
    ).serviceQuality;
    // (0.90 + 0.80) / 2 − 2 × 0.01 = 0.83
    expect(sq.index).toBeCloseTo(0.83, 10);
    expect(sq.complaints).toBe(2);
    expect(sq.monitoring?.score).toBe(90);
  });

  it('is missing, and says which score is, when one was not recorded', async () => {
    const events = await history([...generalComplaint('G-1', 'ops', T0), record(80)]);
    const sq = centreIndicators(
      viewOf(events, Date.parse('2026-05-01T00:00:00Z')),
      'ops',
      '2026-03',
    ).serviceQuality;
    expect(sq).toMatchObject({ index: null, missing: ['testCall'] });
  });
});
