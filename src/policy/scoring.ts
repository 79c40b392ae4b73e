import * as t from 'io-ts';
import type { DecodeProblem } from '../shared/decode';
import { STEP_KINDS, StepKind } from './steps';

/**
 * Points are kept to two decimals so that sums of deductions are exact (a score of 79.99999
 * must never pass for 80 or fail as 79).
 */
const Points = t.refinement(
  t.number,
  (n) => Number.isFinite(n) && n >= 0 && Math.abs(Math.round(n * 100) - n * 100) < 1e-6,
  'Points (≥ 0, at most two decimals)',
);
/** A ceiling on points deducted; null: none. */
const Cap = t.union([Points, t.null], 'Cap');
const Share = t.refinement(t.number, (n) => n >= 0 && n <= 1, 'ShareBetween0And1');
const PositiveInt = t.refinement(t.number, (n) => Number.isSafeInteger(n) && n > 0, 'PositiveInt');
const DayOfMonth = t.refinement(
  t.number,
  (n) => Number.isInteger(n) && n >= 1 && n <= 31,
  'DayOfMonth (1–31)',
);

/**
 * Which due days move forward (遇节假日顺延): none, those on a public holiday, or every
 * non-working day (holidays and weekends). They move to the next working day of the
 * policy's calendar.
 */
export const RollForward = t.keyof(
  { none: null, holidays: null, nonWorkingDays: null },
  'RollForward',
);
export type RollForward = t.TypeOf<typeof RollForward>;

/** Rules that separate centres with the same quarterly score, applied in order. */
export const TieBreak = t.keyof(
  {
    /** The higher of the centres' worst month: steadiness wins. */
    lowestMonthlyScore: null,
    /** Fewer breached clocks over the quarter. */
    fewerBreaches: null,
    /** Higher share of clocks met over the quarter. */
    timelinessRate: null,
    /** Higher customer satisfaction over the quarter. */
    satisfaction: null,
    /** Fewer complaints received over the quarter. */
    fewerComplaints: null,
  },
  'TieBreak',
);
export type TieBreak = t.TypeOf<typeof TieBreak>;

/** Points per breached clock: by class and step, then the class's default, then `default`. */
export const BreachPoints = t.intersection(
  [
    t.type({ default: Points }),
    t.partial({
      byClass: t.record(
        t.string,
        t.partial({ default: Points, steps: t.record(t.string, Points) }),
      ),
    }),
  ],
  'BreachPoints',
);
export type BreachPoints = t.TypeOf<typeof BreachPoints>;

/** The five kinds of deduction a monthly score (月度考评) knows. */
export const DEDUCTION_CATEGORIES = [
  'breach',
  'failedInspection',
  'missedRevisit',
  'repeatComplaint',
  'customerRefusal',
] as const;
export type DeductionCategory = (typeof DEDUCTION_CATEGORIES)[number];

/**
 * How complaint handling turns into monthly centre scores. The sources say centres are
 * scored monthly but the chapter on points is missing, so every number here is a setting;
 * the README justifies the defaults.
 */
export const ScoringSettings = t.type(
  {
    /** Each centre starts each month here and loses points. */
    startingScore: Points,
    /** No month scores below this, whatever is deducted. */
    floor: Points,
    deductions: t.type({
      /** A clock past its due time, in the month it fell due (not the revisit: see below). */
      breach: BreachPoints,
      /** A rectification that failed inspection (整改不合格). */
      failedInspection: Points,
      /** A revisit not made within its limit (回访). */
      missedRevisit: Points,
      /** A complaint about the same problem again (反复投诉, `repeatOf`). */
      repeatComplaint: Points,
      /** The customer refused the result, sending the work back. */
      customerRefusal: Points,
    }),
    /** Ceilings per month: per category and per complaint. */
    caps: t.type({
      perComplaint: Cap,
      breach: Cap,
      failedInspection: Cap,
      missedRevisit: Cap,
      repeatComplaint: Cap,
      customerRefusal: Cap,
    }),
    /** Below `threshold` for `consecutiveMonths` months in a row: a written remediation plan. */
    remediation: t.type({ threshold: Points, consecutiveMonths: PositiveInt }),
    ranking: t.type({
      /** After the quarterly average; the centre id is always the last resort. */
      tieBreak: t.array(TieBreak),
      /** The first centre is the star (明星客户服务中心) only at or above this; null: always. */
      starMinimumScore: t.union([Points, t.null]),
    }),
    /** The month's scores go to HR on this day of the following month. */
    hrDue: t.type({ dayOfMonth: DayOfMonth, rollForward: RollForward }),
    /**
     * The monthly analysis report (客户投诉分析报告) is due before this day of the following
     * month: its last day is the day before, which rolls forward when it is not a working day.
     */
    report: t.type({ dueBeforeDay: DayOfMonth, rollForward: RollForward }),
    indicators: t.type({
      /** Response time runs from receipt to this step (服务响应时间). */
      responseUntil: StepKind,
      /** Weight of a neutral revisit verdict in satisfaction (satisfied 1, dissatisfied 0). */
      neutralWeight: Share,
      /** The percentile of response time reported beside the average (0.9: p90). */
      percentile: Share,
    }),
    /** 服务质量指标 = [(监听考核分值 + 拨测评定分数)/2 − 客户投诉数 × 客诉投诉系数] × 100%. */
    serviceQuality: t.type({
      /** Subtracted per complaint, from a bracket whose scores are shares of their maximum. */
      complaintCoefficient: t.refinement(
        t.number,
        (n) => Number.isFinite(n) && n >= 0,
        'NonNegative',
      ),
      /** Classes whose complaints do not count (invalid complaints are no service failure). */
      excludeClasses: t.array(t.string),
    }),
  },
  'ScoringSettings',
);
export type ScoringSettings = t.TypeOf<typeof ScoringSettings>;

/**
 * The scoring defaults, for any policy: a policy without a `scoring` field is scored with
 * these (class-specific breach points are left to the policy's own table).
 */
export const defaultScoringSettings: ScoringSettings = {
  startingScore: 100,
  floor: 0,
  deductions: {
    breach: { default: 2 },
    failedInspection: 2,
    missedRevisit: 2,
    repeatComplaint: 3,
    customerRefusal: 2,
  },
  caps: {
    perComplaint: 10,
    breach: 30,
    failedInspection: 10,
    missedRevisit: 10,
    repeatComplaint: 15,
    customerRefusal: 10,
  },
  remediation: { threshold: 80, consecutiveMonths: 3 },
  ranking: {
    tieBreak: ['lowestMonthlyScore', 'fewerBreaches', 'timelinessRate'],
    starMinimumScore: 80,
  },
  hrDue: { dayOfMonth: 10, rollForward: 'holidays' },
  report: { dueBeforeDay: 5, rollForward: 'nonWorkingDays' },
  indicators: { responseUntil: 'verify', neutralWeight: 0.5, percentile: 0.9 },
  serviceQuality: { complaintCoefficient: 0.01, excludeClasses: ['invalid'] },
};

/** The shape of a policy as far as scoring checks need it. */
interface ClassesOnly {
  readonly classes: Readonly<
    Record<string, { readonly steps: readonly { readonly step: string }[] }>
  >;
}

const STEP_SET: ReadonlySet<string> = new Set(STEP_KINDS);

/** Rules a well-typed scoring setting must also satisfy against its policy's classes. */
export const scoringProblems = (
  scoring: ScoringSettings,
  policy: ClassesOnly,
  base = 'scoring',
): DecodeProblem[] => {
  const problems: DecodeProblem[] = [];
  const add = (path: string, message: string, actual: unknown) =>
    problems.push({ path: `${base}.${path}`, expected: 'valid scoring settings', actual, message });
  if (scoring.floor >= scoring.startingScore)
    add('floor', 'must be below startingScore', scoring.floor);
  if (scoring.remediation.threshold > scoring.startingScore)
    add('remediation.threshold', 'cannot exceed startingScore', scoring.remediation.threshold);
  const star = scoring.ranking.starMinimumScore;
  if (star !== null && star > scoring.startingScore)
    add('ranking.starMinimumScore', 'cannot exceed startingScore', star);
  scoring.ranking.tieBreak.forEach((rule, i) => {
    if (scoring.ranking.tieBreak.indexOf(rule) !== i)
      add(`ranking.tieBreak[${i}]`, `"${rule}" listed twice`, rule);
  });
  if (scoring.indicators.percentile === 0)
    add('indicators.percentile', 'must be above 0', scoring.indicators.percentile);
  for (const [classId, row] of Object.entries(scoring.deductions.breach.byClass ?? {})) {
    const at = `deductions.breach.byClass.${classId}`;
    const cls = Object.hasOwn(policy.classes, classId) ? policy.classes[classId] : undefined;
    if (cls === undefined) {
      add(at, `"${classId}" is not a class of the policy`, classId);
      continue;
    }
    const steps = new Set(cls.steps.map((s) => s.step));
    for (const step of Object.keys(row.steps ?? {})) {
      if (!STEP_SET.has(step)) add(`${at}.steps.${step}`, `"${step}" is not a step`, step);
      else if (step === 'revisit')
        add(
          `${at}.steps.${step}`,
          'a missed revisit is deducted by deductions.missedRevisit',
          step,
        );
      else if (!steps.has(step))
        add(`${at}.steps.${step}`, `"${step}" is not a step of class ${classId}`, step);
    }
  }
  scoring.serviceQuality.excludeClasses.forEach((classId, i) => {
    if (!Object.hasOwn(policy.classes, classId))
      add(
        `serviceQuality.excludeClasses[${i}]`,
        `"${classId}" is not a class of the policy`,
        classId,
      );
  });
  return problems;
};
