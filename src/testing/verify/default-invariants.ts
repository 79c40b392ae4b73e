import type { PolicyInvariant } from './invariant';
import { clocksStopOrBreach } from './invariants/clocks-stop-or-breach';
import { DECIDER_INVARIANTS } from './invariants/index';

/**
 * What verifyPolicy runs unless told otherwise: the decider's invariants, then the SLA
 * projection's (every clock stops or breaches).
 */
export const DEFAULT_INVARIANTS: readonly PolicyInvariant<unknown>[] = [
  ...DECIDER_INVARIANTS,
  clocksStopOrBreach() as PolicyInvariant<unknown>,
];
