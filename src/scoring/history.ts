import { monthRange } from '../centre/month';
import { type RemediationFlag, remediationFlags } from './remediation';
import { isScored, type MonthlyScore, monthlyScore } from './score';
import type { ScoringView } from './view';

export interface CentreHistory {
  readonly centre: string;
  /** The months the centre was scored in, oldest first. */
  readonly scores: readonly MonthlyScore[];
  /** Remediation runs found within the range. */
  readonly flags: readonly RemediationFlag[];
}

/** Each centre's monthly scores from `from` to `to` and the remediation runs among them. */
export const scoreHistory = (view: ScoringView, from: string, to: string): CentreHistory[] => {
  const months = monthRange(from, to);
  return view.centres.map((centre) => {
    const scores = months
      .filter((m) => isScored(view, centre, m))
      .map((m) => monthlyScore(view, centre, m));
    return {
      centre,
      scores,
      flags: remediationFlags(
        centre,
        scores.map((s) => ({ month: s.month, score: s.score })),
        view.settings.remediation,
      ),
    };
  });
};
