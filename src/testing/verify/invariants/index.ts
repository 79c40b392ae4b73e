import type { PolicyInvariant } from '../invariant';
import { everyComplaintHasClosingDeadline } from './closing-deadline';
import { decideNeverThrows } from './decide-never-throws';
import { everyClassReachesClosed } from './every-class-reaches-closed';
import { nothingAfterCloseButRevisit } from './nothing-after-close';
import { policyDecodes } from './policy-decodes';
import { serviceQualityClosing } from './service-quality-closing';

export {
  decideNeverThrows,
  everyClassReachesClosed,
  everyComplaintHasClosingDeadline,
  nothingAfterCloseButRevisit,
  policyDecodes,
  serviceQualityClosing,
};

/** The invariants of the decider every policy must keep. */
export const DECIDER_INVARIANTS: readonly PolicyInvariant<unknown>[] = [
  policyDecodes,
  everyClassReachesClosed,
  serviceQualityClosing,
  everyComplaintHasClosingDeadline,
  nothingAfterCloseButRevisit,
  decideNeverThrows,
];
export { type ClockInvariantOptions, clocksStopOrBreach } from './clocks-stop-or-breach';
