import { addMonths } from '../centre/month';
import type { ScoringSettings } from '../policy/scoring';

export interface MonthScore {
  readonly month: string;
  readonly score: number;
}

/** A centre below the threshold for enough consecutive months: a written remediation plan is due. */
export interface RemediationFlag {
  readonly centre: string;
  readonly threshold: number;
  readonly consecutiveMonths: number;
  /** Every month of the run, in order, with its score (at least `consecutiveMonths`). */
  readonly months: readonly MonthScore[];
  /** The month the run reached `consecutiveMonths`: when the plan fell due. */
  readonly raisedIn: string;
}

/**
 * Runs of consecutive calendar months scoring strictly below the threshold, at least
 * `consecutiveMonths` long. A missing month (a gap in `scores`) ends a run: a month nobody
 * scored is no evidence either way. Scores may come in any order.
 */
export const remediationFlags = (
  centre: string,
  scores: readonly MonthScore[],
  rule: ScoringSettings['remediation'],
): RemediationFlag[] => {
  const sorted = [...scores].sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : 0));
  const flags: RemediationFlag[] = [];
  let run: MonthScore[] = [];
  const close = () => {
    if (run.length >= rule.consecutiveMonths)
      flags.push({
        centre,
        threshold: rule.threshold,
        consecutiveMonths: rule.consecutiveMonths,
        months: run,
        raisedIn: run[rule.consecutiveMonths - 1]!.month,
      });
    run = [];
  };
  for (const s of sorted) {
    const previous = run[run.length - 1];
    if (previous !== undefined && addMonths(previous.month, 1) !== s.month) close();
    if (s.score < rule.threshold) run.push(s);
    else close();
  }
  close();
  return flags;
};

/** The flags in force in `month`: runs that reached their length by then and include it. */
export const flagsInForce = (flags: readonly RemediationFlag[], month: string): RemediationFlag[] =>
  flags
    .map((f) => ({ ...f, months: f.months.filter((m) => m.month <= month) }))
    .filter((f) => f.raisedIn <= month && f.months[f.months.length - 1]?.month === month);
