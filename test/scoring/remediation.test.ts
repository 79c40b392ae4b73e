import { describe, expect, it } from 'vitest';
import { flagsInForce, remediationFlags } from '../../src/scoring/remediation';

const rule = { threshold: 80, consecutiveMonths: 3 };
const series = (start: number, scores: readonly number[]) =>
  scores.map((score, i) => ({ month: `2026-${String(start + i).padStart(2, '0')}`, score }));

describe('three consecutive months below 80', () => {
  it('79/79/79 is flagged, naming the months and their scores', () => {
    const flags = remediationFlags('call-centre', series(4, [79, 79, 79]), rule);
    expect(flags).toEqual([
      {
        centre: 'call-centre',
        threshold: 80,
        consecutiveMonths: 3,
        months: [
          { month: '2026-04', score: 79 },
          { month: '2026-05', score: 79 },
          { month: '2026-06', score: 79 },
        ],
        raisedIn: '2026-06',
      },
    ]);
  });

  it('79/85/79 is not: a good month in between ends the run', () => {
    expect(remediationFlags('c', series(4, [79, 85, 79]), rule)).toEqual([]);
  });

  it('80 is not below 80', () => {
    expect(remediationFlags('c', series(4, [80, 79, 79]), rule)).toEqual([]);
    expect(remediationFlags('c', series(4, [79, 80, 79]), rule)).toEqual([]);
    expect(remediationFlags('c', series(4, [79, 79, 80]), rule)).toEqual([]);
    expect(remediationFlags('c', series(4, [79.99, 79.99, 79.99]), rule)).toHaveLength(1);
  });

  it('two months below are not enough', () => {
    expect(remediationFlags('c', series(4, [79, 79]), rule)).toEqual([]);
  });

  it('a longer run is one flag, raised in its third month', () => {
    const [flag, ...rest] = remediationFlags('c', series(1, [90, 70, 75, 60, 78, 95]), rule);
    expect(rest).toEqual([]);
    expect(flag?.months.map((m) => m.month)).toEqual(['2026-02', '2026-03', '2026-04', '2026-05']);
    expect(flag?.raisedIn).toBe('2026-04');
  });

  it('a month nobody scored breaks the run, and input order does not matter', () => {
    const gap = [
      { month: '2026-06', score: 70 },
      { month: '2026-01', score: 70 },
      { month: '2026-02', score: 70 },
      { month: '2026-04', score: 70 },
      { month: '2026-05', score: 70 },
    ];
    const flags = remediationFlags('c', gap, rule);
    expect(flags.map((f) => f.months.map((m) => m.month))).toEqual([
      ['2026-04', '2026-05', '2026-06'],
    ]);
  });

  it('the threshold and the run length are settings', () => {
    const s = series(1, [85, 85, 95]);
    expect(remediationFlags('c', s, rule)).toEqual([]);
    expect(
      remediationFlags('c', s, { threshold: 90, consecutiveMonths: 2 })[0]?.months,
    ).toHaveLength(2);
    expect(
      remediationFlags('c', series(1, [70]), { threshold: 80, consecutiveMonths: 1 }),
    ).toHaveLength(1);
  });

  it('a flag is in force in the months of its run from the month it was raised', () => {
    const flags = remediationFlags('c', series(1, [70, 70, 70, 70, 90]), rule);
    expect(flagsInForce(flags, '2026-02')).toEqual([]);
    expect(flagsInForce(flags, '2026-03')[0]?.months.map((m) => m.month)).toEqual([
      '2026-01',
      '2026-02',
      '2026-03',
    ]);
    expect(flagsInForce(flags, '2026-04')[0]?.months).toHaveLength(4);
    expect(flagsInForce(flags, '2026-05')).toEqual([]);
  });
});
