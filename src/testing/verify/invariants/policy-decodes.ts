import * as E from 'fp-ts/Either';
import * as fc from 'fast-check';
import { decodePolicy } from '../../../policy/validate';
import { invariant } from '../invariant';

/**
 * The policy is well-formed: the one check that needs no generated cases. The other
 * invariants still run on a policy that fails it, so that a user sees what the defect does.
 */
export const policyDecodes = invariant<null>({
  name: 'policy-decodes',
  description:
    'decodePolicy accepts the policy: fields well-typed, steps in a valid order, every class with a close step that has a limit',
  arbitrary: () => fc.constant(null),
  fixedRuns: 1,
  check: (_, { policy }) => {
    const decoded = decodePolicy(policy);
    if (E.isRight(decoded)) return undefined;
    return {
      reason: `decodePolicy refuses the policy (${decoded.left.problems.length} problem(s))`,
      counterexample: decoded.left.problems
        .map((p) => `  ${p.path}: ${p.message ?? `expected ${p.expected}`}`)
        .join('\n'),
    };
  },
});
