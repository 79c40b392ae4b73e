import { meetingSettles } from '../policy/lookup';
import type { StepKind } from '../policy/steps';
import type { ClassPolicy } from '../policy/types';
import type { Fact } from './facts';
import type { Round, Timeline } from './timeline';

/**
 * What the coordination meeting (协调会) settles under one class: the steps the class names
 * in `coordinationMeetingSettles`, once the complaint is escalated. The same test as the
 * aggregate's (a step settled there no longer holds back the steps after it nor the close),
 * so that the clocks never wait for what the aggregate no longer asks for.
 */
export interface Settlement {
  readonly escalation: Fact;
  readonly steps: readonly StepKind[];
}

/**
 * The settlement under class `cls` of the complaint's clocks, or null when nothing is
 * settled. Each class the complaint had is applied from the original start points, but a
 * class left before the escalation was never in force with it: the aggregate settles steps
 * of the class in force when it decides, whichever class the complaint was escalated under.
 */
export const settlementFor = (
  cls: ClassPolicy,
  tl: Timeline,
  classIndex: number,
): Settlement | null => {
  const escalation = tl.escalated;
  const steps = meetingSettles(cls);
  if (escalation === null || steps.length === 0) return null;
  const superseded = tl.classes[classIndex + 1];
  if (superseded !== undefined && superseded.position < escalation.position) return null;
  return { escalation, steps };
};

export const settles = (s: Settlement | null, step: StepKind): s is Settlement =>
  s?.steps.includes(step) === true;

/**
 * The fact a round of a settled step is settled by: the escalation, or the refusal that
 * reopened the round after it (the meeting's settlement outlasts a refusal, as in the
 * aggregate, so the new round is settled from its opening).
 */
export const settlingFact = (s: Settlement, round: Round): Fact =>
  round.openedBy !== null && round.openedBy.position > s.escalation.position
    ? round.openedBy
    : s.escalation;

/**
 * The fact the steps after a settled step count from: its first completion if that came
 * before the settlement, else the settlement itself. Null when the step is not settled.
 */
export const settledAnchor = (s: Settlement | null, step: StepKind, round: Round): Fact | null => {
  if (!settles(s, step)) return null;
  const fact = settlingFact(s, round);
  const done = round.firstDone;
  return done !== null && done.position < fact.position ? null : fact;
};
