import type { StepKind } from './steps';
import type { ClassPolicy, Policy, StepRule } from './types';

export const classPolicy = (policy: Policy, classId: string): ClassPolicy | undefined =>
  Object.hasOwn(policy.classes, classId) ? policy.classes[classId] : undefined;

// A loop rather than `find`: decide looks rules up several times per command.
export const stepRule = (cls: ClassPolicy, step: StepKind): StepRule | undefined => {
  for (const rule of cls.steps) if (rule.step === step) return rule;
  return undefined;
};
