import { defaultScoringSettings, type ScoringSettings } from '../policy/scoring';
import type { Policy } from '../policy/types';

/** The policy's scoring settings, or the defaults when it has none. */
export const scoringSettingsOf = (policy: Policy): ScoringSettings =>
  policy.scoring ?? defaultScoringSettings;

/** Points are compared and summed in hundredths, exactly. */
export const toCents = (points: number): number => Math.round(points * 100);
export const fromCents = (cents: number): number => cents / 100;
