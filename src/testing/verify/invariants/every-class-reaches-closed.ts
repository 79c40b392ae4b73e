import { describeCommand, describeOutcome, describeSteps } from '../../describe';
import { lifecyclePlan } from '../../arbitraries/lifecycle';
import { walk } from '../../lifecycle/walk';
import { invariant } from '../invariant';

/**
 * Whatever detours a complaint takes — re-classification, failed inspections, refusals,
 * waits, escalation — the steps of its class lead to closed, and then to the revisit.
 */
export const everyClassReachesClosed = invariant({
  name: 'every-class-reaches-closed',
  description:
    'every class can reach closed (and the revisit after it), through re-classification, failed rectifications, refusals and waits',
  arbitrary: ({ policy, lifecycle, window }) =>
    lifecyclePlan(policy, window === undefined ? lifecycle : { ...lifecycle, window }),
  check: (plan, { policy }) => {
    const w = walk(policy, plan);
    if (w.outcome !== 'stuck') return undefined;
    const closed = w.trace.steps.some(
      (s) =>
        s.outcome.kind === 'accepted' && s.outcome.events.some((e) => e.type === 'ComplaintClosed'),
    );
    const final = w.trace.state.status === 'none' ? null : w.trace.state.complaintClass;
    const reclassified = w.trace.events.some((e) => e.type === 'ComplaintReclassified');
    const story = reclassified
      ? `a complaint classified ${plan.firstClass}, re-classified ${final},`
      : `a ${final ?? plan.firstClass} complaint`;
    const tried =
      w.attempts.length === 0
        ? '  (the walk ran out of steps without closing)'
        : w.attempts
            .map((a) => `    - ${describeCommand(a.command)}  ${describeOutcome(a.outcome)}`)
            .join('\n');
    return {
      reason: closed
        ? `${story} closed but cannot be revisited`
        : `${story} cannot reach closed: after these steps nothing the class calls for is accepted`,
      counterexample: `${describeSteps(w.trace.steps)}\n  then every next step is refused:\n${tried}`,
    };
  },
});
