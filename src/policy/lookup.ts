import type { StepKind } from './steps';
import type { ClassPolicy, Policy, StepRule } from './types';

export const classPolicy = (policy: Policy, classId: string): ClassPolicy | undefined =>
  Object.hasOwn(policy.classes, classId) ? policy.classes[classId] : undefined;

// A loop rather than `find`: decide looks rules up several times per command.
export const stepRule = (cls: ClassPolicy, step: StepKind): StepRule | undefined => {
  for (const rule of cls.steps) if (rule.step === step) return rule;
  return undefined;
};

const NOTHING_SETTLED: readonly StepKind[] = [];

/**
 * The steps the coordination meeting (协调会) settles for a complaint of this class once it is
 * escalated: none for a class without the meeting. The aggregate and the SLA clocks both ask
 * this, so that the clocks never wait for a step the aggregate no longer asks for.
 */
export const meetingSettles = (cls: ClassPolicy): readonly StepKind[] =>
  cls.coordinationMeeting ? (cls.coordinationMeetingSettles ?? NOTHING_SETTLED) : NOTHING_SETTLED;
