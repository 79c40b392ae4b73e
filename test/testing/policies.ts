/** Broken and weakened variants of the default policy, for tests of verifyPolicy. */
import { hongchangPolicy } from '../../src/policy/hongchang';
import type { ClassPolicy, Policy, StepRule } from '../../src/policy/types';

export const withClass = (
  policy: Policy,
  classId: string,
  change: (cls: ClassPolicy) => ClassPolicy,
): Policy => {
  const cls = policy.classes[classId];
  if (cls === undefined) throw new Error(`no class ${classId}`);
  return { ...policy, classes: { ...policy.classes, [classId]: change(cls) } };
};

export const mapSteps = (
  policy: Policy,
  classId: string,
  change: (rule: StepRule) => StepRule | undefined,
): Policy =>
  withClass(policy, classId, (cls) => ({
    ...cls,
    steps: cls.steps.flatMap((r) => {
      const next = change(r);
      return next === undefined ? [] : [next];
    }),
  }));

/** The example: the major class has no closing deadline (no close step at all). */
export const majorWithoutClose = mapSteps(hongchangPolicy, 'majorServiceQuality', (r) =>
  r.step === 'close' ? undefined : r,
);

/** The close step is there but has no limit. */
export const majorCloseWithoutLimit = mapSteps(hongchangPolicy, 'majorServiceQuality', (r) =>
  r.step === 'close' ? { ...r, limit: null } : r,
);

/**
 * Decodes fine, yet weak: a refusal of a major complaint reopens only the report, so the
 * customer's earlier acceptance still stands and the complaint closes over the refusal.
 */
export const refusalKeepsAcceptance = withClass(hongchangPolicy, 'majorServiceQuality', (c) => ({
  ...c,
  refusalReopens: ['report'],
}));

/** Not a policy decodePolicy would let through: general's steps are missing altogether. */
export const generalWithoutSteps = withClass(
  hongchangPolicy,
  'general',
  (c) => ({ ...c, steps: null }) as unknown as ClassPolicy,
);

/**
 * General's signature waits for a report general complaints never make: the signature,
 * required before closing, can never happen, so the class can never close.
 */
export const signNeedsReport = mapSteps(hongchangPolicy, 'general', (r) =>
  r.step === 'sign' ? { ...r, after: [...r.after, 'report'] } : r,
);
