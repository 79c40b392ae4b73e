import type { ComplaintCommand } from '../../complaint/commands';
import type { ComplaintState } from '../../complaint/state';
import type { ClassPolicy, Policy } from '../../policy/types';
import { describeSteps } from '../describe';
import type { TraceStep } from '../run';

/** A class of an unchecked policy, looked up without trusting its shape. */
export const classNamed = (policy: Policy, classId: string | null): ClassPolicy | undefined => {
  if (classId === null) return undefined;
  const classes = (policy as { classes?: unknown }).classes;
  if (typeof classes !== 'object' || classes === null || !Object.hasOwn(classes, classId))
    return undefined;
  return (classes as Record<string, ClassPolicy>)[classId];
};

export const classOfState = (state: ComplaintState): string | null =>
  state.status === 'none' ? null : state.complaintClass;

/** The steps up to and including the one at `index`: the counterexample stops where it fails. */
export const stepsUpTo = (steps: readonly TraceStep[], index: number): string =>
  describeSteps(steps.slice(0, index + 1));

export const sameComplaint = (commands: readonly ComplaintCommand[]): boolean =>
  new Set(commands.map((c) => c.complaintId)).size <= 1;
