import * as fc from 'fast-check';
import { classIdsOf } from '../../arbitraries/lifecycle';
import { commandSequence, mutatedLifecycle } from '../../arbitraries/sequences';
import { runCommands } from '../../run';
import { invariant } from '../invariant';
import { classNamed, stepsUpTo } from '../trace-checks';

/**
 * 服务质量投诉: closed only after the last rectification notice passed inspection and the
 * customer accepted the result afterwards — an acceptance before a refusal or before the
 * passing inspection does not count.
 */
export const serviceQualityClosing = invariant({
  name: 'service-quality-closes-after-rectification-and-acceptance',
  description:
    'no sequence closes a service-quality complaint without a passed rectification and the customer’s acceptance after it (整改合格, 客户验收满意)',
  arbitrary: ({ policy, lifecycle, window }) => {
    const options = window === undefined ? lifecycle : { ...lifecycle, window };
    const sq = classIdsOf(policy).filter((c) => classNamed(policy, c)?.serviceQuality === true);
    return sq.length === 0
      ? commandSequence(policy, options)
      : fc.oneof(
          commandSequence(policy, options),
          mutatedLifecycle(policy, { ...options, classes: sq }),
        );
  },
  check: (commands, { policy }) => {
    const trace = runCommands(policy, commands);
    let cls: string | null = null;
    let issued = -1;
    let passed = -1;
    let accepted = -1;
    let refused = -1;
    for (const [i, s] of trace.steps.entries()) {
      if (s.outcome.kind !== 'accepted') continue;
      for (const e of s.outcome.events) {
        switch (e.type) {
          case 'ComplaintClassified':
            cls = e.data.complaintClass;
            break;
          case 'ComplaintReclassified':
            cls = e.data.to;
            break;
          case 'RectificationNoticeIssued':
            issued = i;
            break;
          case 'RectificationInspected':
            if (e.data.result === 'passed') passed = i;
            break;
          case 'CustomerAccepted':
            accepted = i;
            break;
          case 'CustomerRefused':
            refused = i;
            break;
          case 'ComplaintClosed': {
            if (classNamed(policy, cls)?.serviceQuality !== true) break;
            const why =
              passed < 0
                ? 'no rectification ever passed inspection'
                : passed < issued
                  ? 'the latest rectification notice had not passed inspection'
                  : accepted < passed
                    ? 'the customer had not accepted the result after the rectification passed'
                    : accepted < refused
                      ? 'the customer refused after accepting, and did not accept again'
                      : undefined;
            if (why !== undefined)
              return {
                reason: `a ${cls} complaint was closed although ${why}`,
                counterexample: stepsUpTo(trace.steps, i),
              };
          }
        }
      }
    }
    return undefined;
  },
});
