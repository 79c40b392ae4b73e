import { describe, expect, it } from 'vitest';
import { defaultScoringSettings } from '../../src/policy/scoring';
import { type QuarterStanding, rankCentres } from '../../src/scoring/ranking';

const standing = (
  centre: string,
  scores: readonly number[],
  more: Partial<QuarterStanding> = {},
): QuarterStanding => ({
  centre,
  months: scores.map((score, i) => ({ month: `2026-0${4 + i}`, score })),
  average: scores.reduce((a, b) => a + b, 0) / scores.length,
  lowest: Math.min(...scores),
  breaches: 0,
  timelinessRate: null,
  satisfaction: null,
  complaints: 0,
  ...more,
});

const settings = defaultScoringSettings.ranking;
const order = (r: ReturnType<typeof rankCentres>) => r.ranking.map((x) => x.centre);

describe('quarterly ranking', () => {
  it('ranks by the quarterly average; the first is the star centre', () => {
    const r = rankCentres(
      [standing('b', [85, 85, 85]), standing('a', [90, 95, 100]), standing('c', [60, 70, 80])],
      settings,
    );
    expect(order(r)).toEqual(['a', 'b', 'c']);
    expect(r.ranking.map((x) => x.rank)).toEqual([1, 2, 3]);
    expect(r.star).toBe('a');
    expect(r.ranking[0]?.star).toBe(true);
    expect(r.ranking.slice(1).every((x) => !x.star)).toBe(true);
    expect(r.ranking.map((x) => x.decidedBy)).toEqual(['average', 'average', 'average']);
  });

  it('compares averages exactly, not rounded', () => {
    // 241 / 3 = 80.333… beats 80.33.
    const r = rankCentres([standing('x', [80.33]), standing('y', [81, 80, 80])], settings);
    expect(order(r)).toEqual(['y', 'x']);
  });

  it('a tie on the average goes to the steadier centre (higher lowest month)', () => {
    const r = rankCentres(
      [standing('swing', [100, 70, 100]), standing('steady', [90, 90, 90])],
      settings,
    );
    expect(order(r)).toEqual(['steady', 'swing']);
    expect(r.ranking[0]?.decidedBy).toBe('lowestMonthlyScore');
    expect(r.ranking[1]?.decidedBy).toBe('lowestMonthlyScore');
  });

  it('then to fewer breaches, then to higher timeliness', () => {
    const r = rankCentres(
      [
        standing('many', [90, 90, 90], { breaches: 5, timelinessRate: 0.99 }),
        standing('few', [90, 90, 90], { breaches: 2, timelinessRate: 0.5 }),
      ],
      settings,
    );
    expect(order(r)).toEqual(['few', 'many']);
    expect(r.ranking[0]?.decidedBy).toBe('fewerBreaches');
    const t = rankCentres(
      [
        standing('slow', [90, 90, 90], { breaches: 2, timelinessRate: 0.8 }),
        standing('fast', [90, 90, 90], { breaches: 2, timelinessRate: 0.9 }),
        standing('none', [90, 90, 90], { breaches: 2, timelinessRate: null }),
      ],
      settings,
    );
    expect(order(t)).toEqual(['fast', 'slow', 'none']);
    expect(t.ranking.map((x) => x.decidedBy)).toEqual([
      'timelinessRate',
      'timelinessRate',
      'timelinessRate',
    ]);
  });

  it('a complete tie is settled by the centre id, and says so', () => {
    const r = rankCentres(
      [standing('zeta', [90, 90, 90]), standing('alpha', [90, 90, 90])],
      settings,
    );
    expect(order(r)).toEqual(['alpha', 'zeta']);
    expect(r.ranking[0]?.decidedBy).toBe('centreId');
    expect(r.star).toBe('alpha');
  });

  it('the tie-break order is a setting', () => {
    const both = [
      standing('steady', [90, 90, 90], { breaches: 6 }),
      standing('swing', [100, 70, 100], { breaches: 1 }),
    ];
    expect(order(rankCentres(both, settings))).toEqual(['steady', 'swing']);
    expect(
      order(rankCentres(both, { ...settings, tieBreak: ['fewerBreaches', 'lowestMonthlyScore'] })),
    ).toEqual(['swing', 'steady']);
  });

  it('the ranking does not depend on the order centres come in', () => {
    const list = [
      standing('a', [90, 90, 90]),
      standing('b', [90, 90, 90], { breaches: 1 }),
      standing('c', [95, 85, 90]),
      standing('d', [99, 99, 99]),
    ];
    const expected = order(rankCentres(list, settings));
    expect(order(rankCentres([...list].reverse(), settings))).toEqual(expected);
    expect(expected).toEqual(['d', 'a', 'b', 'c']);
  });

  it('no star below the minimum score; null means the first is always the star', () => {
    const low = [standing('a', [79, 79, 79]), standing('b', [60, 60, 60])];
    expect(rankCentres(low, settings).star).toBeNull();
    expect(rankCentres(low, settings).ranking[0]?.star).toBe(false);
    expect(rankCentres(low, { ...settings, starMinimumScore: null }).star).toBe('a');
    expect(rankCentres([standing('a', [80, 80, 80])], settings).star).toBe('a');
  });

  it('centres with no scored month are left out', () => {
    const r = rankCentres([standing('a', [90]), { ...standing('b', [90]), months: [] }], settings);
    expect(order(r)).toEqual(['a']);
    expect(r.ranking[0]?.decidedBy).toBe('alone');
  });
});
