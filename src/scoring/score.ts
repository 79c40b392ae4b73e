import {
  DEDUCTION_CATEGORIES,
  type DeductionCategory,
  type ScoringSettings,
} from '../policy/scoring';
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
  /** In the order caps were applied; items a cap cut to 0 points are kept, with `cappedBy`. */
  readonly deductions: readonly Deduction[];
  readonly byCategory: Readonly<Record<DeductionCategory, CategoryTotal>>;
  /** False while the month is not over at the view's `now`: more breaches may still come. */
  readonly final: boolean;
}

/**
 * Deduct the candidates in order, each up to what its category cap, its complaint's cap and
 * the floor still allow. Pure and monotone: one more candidate never gives back points.
 */
export const allocate = (
  settings: ScoringSettings,
  centre: string,
  month: string,
  candidates: readonly Candidate[],
  final: boolean,
): MonthlyScore => {
  const start = toCents(settings.startingScore);
  let room = start - toCents(settings.floor);
  const categoryLeft = new Map<DeductionCategory, number>();
  for (const c of DEDUCTION_CATEGORIES) {
    const cap = settings.caps[c];
    categoryLeft.set(c, cap === null ? Number.POSITIVE_INFINITY : toCents(cap));
  }
  const perComplaint =
    settings.caps.perComplaint === null
      ? Number.POSITIVE_INFINITY
      : toCents(settings.caps.perComplaint);
  const complaintLeft = new Map<string, number>();
  const totals = Object.fromEntries(
    DEDUCTION_CATEGORIES.map((c) => [c, { count: 0, nominal: 0, points: 0 }]),
  ) as Record<DeductionCategory, { count: number; nominal: number; points: number }>;
  const deductions: Deduction[] = [];
  let deducted = 0;
  for (const c of candidates) {
    const nominal = toCents(c.nominal);
    const cat = categoryLeft.get(c.category) ?? 0;
    const comp = complaintLeft.get(c.complaintId) ?? perComplaint;
    const points = Math.max(0, Math.min(nominal, cat, comp, room));
    const cappedBy =
      points === nominal
        ? null
        : points === room
          ? 'floor'
          : points === cat
            ? 'category'
            : 'perComplaint';
    categoryLeft.set(c.category, cat - points);
    complaintLeft.set(c.complaintId, comp - points);
    room -= points;
    deducted += points;
    const total = totals[c.category];
    total.count++;
    total.nominal += nominal;
    total.points += points;
    deductions.push({ ...c, points: fromCents(points), cappedBy });
  }
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
