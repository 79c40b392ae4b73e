import type { Anchor, StepKind } from '../policy/steps';
import type { StepRule } from '../policy/types';
import type { Fact } from './facts';
import type { Wait } from './timeline';

/**
 * pending: its start has not happened. running: started, not stopped, not past due.
 * met: stopped in time. breached: past due, stopped or not (a breach never goes away).
 * cancelled: the complaint was re-classified into a class without this step, or closed
 * before the step was done, or (with policy.sla.settledByMeeting `cancelled`) the
 * coordination meeting settled the step.
 */
export type ClockState = 'pending' | 'running' | 'met' | 'breached' | 'cancelled';

/**
 * What a clock counts from: its rule's anchor, the refusal that opened its round, or the
 * escalation, when the coordination meeting settled the step it counts from before that step
 * was done.
 */
export type ClockFrom = Anchor | 'refusal' | 'escalation';

/** settled: the coordination meeting settled the step (policy.sla.settledByMeeting `cancelled`). */
export type CancelReason = 'reclassified' | 'closed' | 'settled';

/** One deadline of one complaint, as of an instant. Times are epoch milliseconds. */
export interface SlaClock {
  /** `<complaintId>/<key>`, stable across replays. */
  readonly id: string;
  /** `verify`, `negotiate@1` (second round after a refusal), `rectify:N-2` (one notice). */
  readonly key: string;
  readonly complaintId: string;
  readonly centre: string;
  /** The class whose rule the clock follows. */
  readonly complaintClass: string;
  readonly step: StepKind;
  readonly round: number;
  readonly noticeId: string | null;
  /** What the clock counts from. */
  readonly from: ClockFrom;
  readonly counts: 'calendar' | 'working';
  readonly state: ClockState;
  readonly startedAt: number | null;
  /** Due time after pauses; equals originalDueAt when nothing paused the clock. */
  readonly dueAt: number | null;
  readonly originalDueAt: number | null;
  readonly stoppedAt: number | null;
  readonly breached: boolean;
  /** The due time that was missed. */
  readonly breachedAt: number | null;
  /** Time left while running (calendar milliseconds). */
  readonly remainingMs: number | null;
  /** How late: from due to the stop (or now, or the cancellation). */
  readonly overdueMs: number | null;
  /** Running with at most (1 − policy.atRiskShare) of the allowed time left. */
  readonly atRisk: boolean;
  /** When the clock becomes (or became) at risk. */
  readonly atRiskAt: number | null;
  /** Paused now, while the centre waits on the customer. */
  readonly paused: boolean;
  /** Counted time added to the due by pauses. */
  readonly pausedMs: number;
  /** The due depends on a calendar day past the data's coverage: it may change. */
  readonly provisional: boolean;
  readonly uncoveredDates: readonly string[];
  /** Notice clocks: how the inspection went. */
  readonly outcome: 'passed' | 'failed' | null;
  readonly cancelled: { readonly at: number; readonly reason: CancelReason } | null;
  /**
   * The coordination meeting settled the step before it was done (the class's
   * `coordinationMeetingSettles`): when that took effect, the escalation (or the refusal
   * that reopened the step after it). The clock stopped there, or at its start if that came
   * later (policy.sla.settledByMeeting `stopped`; a clock not started yet stays pending until
   * it starts, and stops as it starts), or was cancelled there (`cancelled`).
   */
  readonly settledAt: number | null;
  /**
   * Set when a re-classification found this clock already breached under the former class:
   * the breach is a fact and stays, with the due time that was missed.
   */
  readonly breachKeptFrom: string | null;
}

export interface PauseEffect {
  readonly wait: Wait;
  readonly from: number;
  /** End of the counted pause (the wait's end, the clock's stop, or now for an open wait). */
  readonly to: number;
  readonly open: boolean;
  /** Counted time the pause added to the due. */
  readonly counted: number;
  /** False when the clock was already past due when the wait began: breaches stay. */
  readonly applied: boolean;
}

/** A clock's computation, before it is read at an instant. */
export interface ClockCalc {
  readonly key: string;
  readonly step: StepKind;
  readonly round: number;
  readonly noticeId: string | null;
  readonly classId: string;
  readonly rule: StepRule;
  readonly from: ClockFrom;
  readonly working: boolean;
  readonly startFact: Fact | null;
  readonly start: number | null;
  readonly stopFact: Fact | null;
  readonly stop: number | null;
  readonly baseDue: number | null;
  readonly originalDue: number | null;
  readonly due: number | null;
  /** Counted time the limit allows, start → base due. */
  readonly allowed: number;
  readonly pauses: readonly PauseEffect[];
  readonly provisional: boolean;
  readonly uncovered: readonly string[];
  readonly outcome: 'passed' | 'failed' | null;
  /** The fact the coordination meeting settled the step by (see SlaClock.settledAt). */
  readonly settled: Fact | null;
  readonly kept: {
    readonly at: number;
    readonly fact: Fact;
    readonly classId: string;
    readonly rule: StepRule;
  } | null;
  readonly cancelled: {
    readonly at: number;
    readonly fact: Fact;
    readonly reason: CancelReason;
  } | null;
}

/** Was the clock past due at instant `t` (by its stop or cancellation, if before)? */
export const breachedAsOf = (calc: ClockCalc, t: number): boolean =>
  calc.start !== null &&
  calc.due !== null &&
  Math.min(calc.stop ?? t, t, calc.cancelled?.at ?? t) > calc.due;
