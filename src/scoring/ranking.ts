import { monthsOfQuarter } from '../centre/month';
import type { ScoringSettings, TieBreak } from '../policy/scoring';
import { centreIndicators } from './indicators';
import { monthBounds } from './month-zone';
import type { MonthScore } from './remediation';
import { isScored, monthlyScore } from './score';
import { toCents } from './settings';
import type { ScoringView } from './view';

/** A centre's quarter: what it is ranked on. */
export interface QuarterStanding {
  readonly centre: string;
  /** The months of the quarter it was scored in, so far. */
  readonly months: readonly MonthScore[];
  /** Mean of the monthly scores. */
  readonly average: number;
  readonly lowest: number;
  /** Breached clocks (revisits included) over the quarter. */
  readonly breaches: number;
  readonly timelinessRate: number | null;
  readonly satisfaction: number | null;
  readonly complaints: number;
}

/** The rule that placed a centre below the one above it (for the first: above the second). */
export type DecidedBy = 'average' | TieBreak | 'centreId' | 'alone';

export interface RankedCentre extends QuarterStanding {
  readonly rank: number;
  readonly decidedBy: DecidedBy;
  readonly star: boolean;
}

export interface QuarterRanking {
  readonly quarter: string;
  readonly months: readonly string[];
  /** All three months are over at the view's `now`. */
  readonly complete: boolean;
  readonly ranking: readonly RankedCentre[];
  /** 明星客户服务中心: the first, if it reaches `starMinimumScore`. */
  readonly star: string | null;
}

type Rule = Exclude<DecidedBy, 'alone'>;

/** Exact comparison of two means of scores (sums in hundredths × counts). */
const compareAverage = (a: QuarterStanding, b: QuarterStanding): number => {
  const sum = (s: QuarterStanding) => s.months.reduce((t, m) => t + toCents(m.score), 0);
  return sum(b) * a.months.length - sum(a) * b.months.length;
};

/** Higher is better; a missing value is worse than any. */
const higher = (a: number | null, b: number | null): number =>
  a === b ? 0 : a === null ? 1 : b === null ? -1 : b - a;

/** Negative when `a` ranks before `b` under one rule. */
export const compareBy = (rule: Rule, a: QuarterStanding, b: QuarterStanding): number => {
  switch (rule) {
    case 'average':
      return compareAverage(a, b);
    case 'lowestMonthlyScore':
      return toCents(b.lowest) - toCents(a.lowest);
    case 'fewerBreaches':
      return a.breaches - b.breaches;
    case 'timelinessRate':
      return higher(a.timelinessRate, b.timelinessRate);
    case 'satisfaction':
      return higher(a.satisfaction, b.satisfaction);
    case 'fewerComplaints':
      return a.complaints - b.complaints;
    case 'centreId':
      return a.centre < b.centre ? -1 : a.centre > b.centre ? 1 : 0;
  }
};

/**
 * Rank centres: by quarterly average, then the tie-break rules in order, then the centre id
 * (so that the order is total and the same on every replay). Each centre says which rule
 * placed it. The first is the star centre when it reaches the minimum score.
 */
export const rankCentres = (
  standings: readonly QuarterStanding[],
  settings: ScoringSettings['ranking'],
): { ranking: RankedCentre[]; star: string | null } => {
  const rules: Rule[] = ['average', ...settings.tieBreak, 'centreId'];
  const compare = (a: QuarterStanding, b: QuarterStanding): number => {
    for (const rule of rules) {
      const c = compareBy(rule, a, b);
      if (c !== 0) return c;
    }
    return 0;
  };
  const deciding = (a: QuarterStanding, b: QuarterStanding): Rule =>
    rules.find((rule) => compareBy(rule, a, b) !== 0) ?? 'centreId';
  const sorted = standings.filter((s) => s.months.length > 0).sort(compare);
  const ranking = sorted.map((s, i): RankedCentre => {
    const neighbour = i === 0 ? sorted[1] : sorted[i - 1];
    const decidedBy: DecidedBy =
      neighbour === undefined ? 'alone' : i === 0 ? deciding(s, neighbour) : deciding(neighbour, s);
    return { ...s, rank: i + 1, decidedBy, star: false };
  });
  const first = ranking[0];
  const min = settings.starMinimumScore;
  const star =
    first !== undefined &&
    (min === null ||
      first.months.reduce((t, m) => t + toCents(m.score), 0) >= toCents(min) * first.months.length)
      ? first.centre
      : null;
  if (star !== null && first !== undefined) ranking[0] = { ...first, star: true };
  return { ranking, star };
};

/**
 * The quarter's standings and ranking from the view, over its months begun by `now`. A thrown
 * TypeError for a malformed quarter: callers pass quarters they made with `quarterOf`.
 */
export const quarterlyRanking = (
  view: ScoringView,
  quarter: string,
  /** Rank on the months up to this one (a report for the quarter's second month). */
  upTo?: string,
): QuarterRanking => {
  const months = monthsOfQuarter(quarter);
  if (months === undefined) throw new TypeError(`not a YYYY-Qn quarter: ${quarter}`);
  const begun = months.filter(
    (m) => monthBounds(view.zone, m).start < view.now && (upTo === undefined || m <= upTo),
  );
  const standings: QuarterStanding[] = view.centres.map((centre) => {
    const scored = begun.filter((m) => isScored(view, centre, m));
    const scores = scored.map((m) => monthlyScore(view, centre, m));
    const indicators = scored.map((m) => centreIndicators(view, centre, m));
    const sumRate = (
      pick: (i: (typeof indicators)[number]) => { numerator: number; denominator: number },
    ) => {
      const n = indicators.reduce((t, i) => t + pick(i).numerator, 0);
      const d = indicators.reduce((t, i) => t + pick(i).denominator, 0);
      return d === 0 ? null : n / d;
    };
    const monthScores = scores.map((s) => ({ month: s.month, score: s.score }));
    const totalCents = monthScores.reduce((t, m) => t + toCents(m.score), 0);
    return {
      centre,
      months: monthScores,
      average: monthScores.length === 0 ? 0 : Math.round(totalCents / monthScores.length) / 100,
      lowest: monthScores.length === 0 ? 0 : Math.min(...monthScores.map((m) => m.score)),
      breaches: scores.reduce(
        (t, s) => t + s.byCategory.breach.count + s.byCategory.missedRevisit.count,
        0,
      ),
      timelinessRate: sumRate((i) => i.timeliness),
      satisfaction: sumRate((i) => i.satisfaction),
      complaints: indicators.reduce((t, i) => t + i.complaints, 0),
    };
  });
  const { ranking, star } = rankCentres(standings, view.settings.ranking);
  const last = months[months.length - 1]!;
  return {
    quarter,
    months,
    complete: (upTo === undefined || upTo >= last) && view.now >= monthBounds(view.zone, last).end,
    ranking,
    star,
  };
};
