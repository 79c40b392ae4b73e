import {
  DEDUCTION_CATEGORIES,
  type DeductionCategory,
  type ScoringSettings,
} from '../policy/scoring';
import { shareUnderCaps } from './caps';
import { candidatesOf, type Candidate, type Deduction } from './deductions';
import { monthBounds } from './month-zone';
import { fromCents, toCents } from './settings';
import type { ScoringView } from './view';

export interface CategoryTotal {
  readonly count: number;
  readonly nominal: number;
  readonly points: number;
}

/** A centre's monthly score (月度考评), with every deduction and its cause. */
export interface MonthlyScore {
  readonly centre: string;
  readonly month: string;
  readonly startingScore: number;
  readonly score: number;
  /** startingScore − score: the sum of `deductions[].points`, exactly. */
  readonly deducted: number;
  /** In the order they happened; items a cap cut to 0 points are kept, with `cappedBy`. */
  readonly deductions: readonly Deduction[];
  readonly byCategory: Readonly<Record<DeductionCategory, CategoryTotal>>;
  /** False while the month is not over at the view's `now`: more breaches may still come. */
  readonly final: boolean;
}

/**
 * Deduct the candidates under the caps and the floor (see `shareUnderCaps`): the most the
 * caps allow in all, earliest items first. Pure and monotone: one more candidate never
 * gives back points, wherever it falls in the order.
 */
export const allocate = (
  settings: ScoringSettings,
  centre: string,
  month: string,
  candidates: readonly Candidate[],
  final: boolean,
): MonthlyScore => {
  const start = toCents(settings.startingScore);
  const limit = (cap: number | null) => (cap === null ? Number.POSITIVE_INFINITY : toCents(cap));
  const category = Object.fromEntries(
    DEDUCTION_CATEGORIES.map((c) => [c, limit(settings.caps[c])]),
  ) as Record<DeductionCategory, number>;
  const nominals = candidates.map((c) => toCents(c.nominal));
  const shared = shareUnderCaps(
    candidates.map((c, k) => ({
      complaintId: c.complaintId,
      category: c.category,
      nominal: nominals[k]!,
    })),
    {
      perComplaint: limit(settings.caps.perComplaint),
      category,
      room: start - toCents(settings.floor),
    },
  );
  const totals = Object.fromEntries(
    DEDUCTION_CATEGORIES.map((c) => [c, { count: 0, nominal: 0, points: 0 }]),
  ) as Record<DeductionCategory, { count: number; nominal: number; points: number }>;
  const deductions: Deduction[] = [];
  let deducted = 0;
  candidates.forEach((c, k) => {
    const points = shared.points[k]!;
    deducted += points;
    const total = totals[c.category];
    total.count++;
    total.nominal += nominals[k]!;
    total.points += points;
    deductions.push({ ...c, points: fromCents(points), cappedBy: shared.cappedBy[k]! });
  });
  for (const t of Object.values(totals)) {
    t.nominal = fromCents(t.nominal);
    t.points = fromCents(t.points);
  }
  return {
    centre,
    month,
    startingScore: fromCents(start),
    score: fromCents(start - deducted),
    deducted: fromCents(deducted),
    deductions,
    byCategory: totals,
    final,
  };
};

/** One centre's score for one month, as of the view's `now`. */
export const monthlyScore = (view: ScoringView, centre: string, month: string): MonthlyScore =>
  allocate(
    view.settings,
    centre,
    month,
    candidatesOf(view, centre, month),
    view.now >= monthBounds(view.zone, month).end,
  );

/** Is the centre scored in this month (seen by its end, or named by the caller)? */
export const isScored = (view: ScoringView, centre: string, month: string): boolean => {
  const first = view.firstMonth(centre);
  return first === undefined || first <= month;
};

/** Every scored centre's score for the month, by centre id. */
export const monthlyScores = (view: ScoringView, month: string): MonthlyScore[] =>
  view.centres.filter((c) => isScored(view, c, month)).map((c) => monthlyScore(view, c, month));
