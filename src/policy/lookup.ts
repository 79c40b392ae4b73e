import type { StepKind } from './steps';
import type { ClassPolicy, Policy, StepRule } from './types';

export const classPolicy = (policy: Policy, classId: string): ClassPolicy | undefined =>
  Object.hasOwn(policy.classes, classId) ? policy.classes[classId] : undefined;

export const stepRule = (cls: ClassPolicy, step: StepKind): StepRule | undefined =>
  cls.steps.find((s) => s.step === step);
