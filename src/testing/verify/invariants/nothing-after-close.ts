import * as fc from 'fast-check';
import { command } from '../../arbitraries/commands';
import { classIdsOf, lifecyclePlan } from '../../arbitraries/lifecycle';
import { commandSequence, HOSTILE_CLASS_NAMES } from '../../arbitraries/sequences';
import { walk } from '../../lifecycle/walk';
import { runCommands } from '../../run';
import { HOUR_MS, instantFromMillis, toMillis } from '../../../shared/time';
import { invariant } from '../invariant';
import { stepsUpTo } from '../trace-checks';

/** After 处理完毕 the only thing left to do is the one revisit (回访). */
export const nothingAfterCloseButRevisit = invariant({
  name: 'no-step-after-closing-but-the-revisit',
  description: 'no step runs after closing except the revisit, and the revisit runs once',
  arbitrary: ({ policy, lifecycle, window }) => {
    const options = window === undefined ? lifecycle : { ...lifecycle, window };
    const afterwards = fc.array(
      command({ classes: [...classIdsOf(policy), ...HOSTILE_CLASS_NAMES] }),
      { minLength: 1, maxLength: 6 },
    );
    const closedThenMore = fc
      .tuple(lifecyclePlan(policy, options), afterwards, fc.integer({ min: 0, max: 48 }))
      .map(([plan, tail, hours]) => {
        const done = walk(policy, plan).commands;
        const last = done[done.length - 1];
        const start = last === undefined ? 0 : toMillis(last.at);
        return [
          ...done,
          ...tail.map((c, i) => ({
            ...c,
            complaintId: plan.complaintId,
            at: instantFromMillis(start + (i + 1) * hours * HOUR_MS),
          })),
        ];
      });
    return fc.oneof(closedThenMore, commandSequence(policy, options));
  },
  check: (commands, { policy }) => {
    const trace = runCommands(policy, commands);
    let closed = false;
    let revisits = 0;
    for (const [i, s] of trace.steps.entries()) {
      if (s.outcome.kind !== 'accepted') continue;
      const types = s.outcome.events.map((e) => e.type);
      if (closed) {
        const other = types.filter((t) => t !== 'ComplaintRevisited');
        revisits += types.length - other.length;
        if (other.length > 0 || revisits > 1)
          return {
            reason:
              other.length > 0
                ? `after closing, ${s.command.type} was accepted and recorded ${other.join(', ')}`
                : 'the complaint was revisited twice',
            counterexample: stepsUpTo(trace.steps, i),
          };
      }
      if (types.includes('ComplaintClosed')) closed = true;
    }
    return undefined;
  },
});
