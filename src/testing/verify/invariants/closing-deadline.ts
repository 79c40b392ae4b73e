import * as fc from 'fast-check';
import { lifecyclePlan } from '../../arbitraries/lifecycle';
import { commandSequence } from '../../arbitraries/sequences';
import { walk } from '../../lifecycle/walk';
import { runCommands } from '../../run';
import { invariant } from '../invariant';
import { classNamed, classOfState, stepsUpTo } from '../trace-checks';

/**
 * 所有的投诉处理都要规定结束的期限: whatever class a complaint is in, at any moment, that
 * class sets a time limit for closing it.
 */
export const everyComplaintHasClosingDeadline = invariant({
  name: 'every-complaint-has-a-closing-deadline',
  description:
    'every complaint has a deadline for being closed: each class a complaint can be in has a close step with a limit (所有的投诉处理都要规定结束的期限)',
  arbitrary: ({ policy, lifecycle, window }) => {
    const options = window === undefined ? lifecycle : { ...lifecycle, window };
    return fc.oneof(
      lifecyclePlan(policy, options).map((plan) => walk(policy, plan).commands),
      commandSequence(policy, options),
    );
  },
  check: (commands, { policy }) => {
    const trace = runCommands(policy, commands);
    for (const [i, s] of trace.steps.entries()) {
      if (s.outcome.kind !== 'accepted') continue;
      const cls = classOfState(s.state);
      const rules = classNamed(policy, cls)?.steps;
      if (cls === null || !Array.isArray(rules)) continue;
      const close = rules.find((r) => r.step === 'close');
      const why =
        close === undefined
          ? 'has no close step'
          : close.limit == null
            ? 'has a close step without a limit'
            : undefined;
      if (why !== undefined)
        return {
          reason: `class ${cls} ${why}: a complaint in it has no deadline for being closed`,
          counterexample: stepsUpTo(trace.steps, i),
        };
    }
    return undefined;
  },
});
