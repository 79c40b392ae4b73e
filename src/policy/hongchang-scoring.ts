import { defaultScoringSettings, type ScoringSettings } from './scoring';

/**
 * Scoring of the default policy. Breach points grow with the class's weight, in the ratio of
 * the sources' penalties (20 to 100 yuan per substantiated complaint, 1 : 5), and within a
 * class the steps that the customer feels (closing, rectifying) weigh most. The README
 * section "Monthly scores" gives the reasoning for every number.
 */
export const hongchangScoring: ScoringSettings = {
  ...defaultScoringSettings,
  deductions: {
    ...defaultScoringSettings.deductions,
    breach: {
      default: 2,
      byClass: {
        invalid: { default: 1, steps: { close: 2 } },
        general: { default: 2, steps: { sign: 1, close: 3 } },
        generalServiceQuality: { default: 2, steps: { rectify: 3, close: 3 } },
        majorServiceQuality: { default: 4, steps: { issueNotice: 3, rectify: 5, close: 5 } },
      },
    },
  },
};
