import { CalendarTrace } from '../calendar/working-time';
import { classPolicy } from '../policy/lookup';
import type { Anchor, StepKind } from '../policy/steps';
import type { StepRule } from '../policy/types';
import type { ClockCalc, PauseEffect } from './clock';
import type { SlaContext } from './context';
import type { Fact } from './facts';
import { baseDue, counted, countsWorkingTime, plusCounted, rollDue } from './limits';
import type { Round, Timeline } from './timeline';

interface ClockInput {
  readonly key: string;
  readonly rule: StepRule;
  readonly classId: string;
  readonly round: number;
  readonly noticeId: string | null;
  readonly from: Anchor | 'refusal';
  readonly startFact: Fact | null;
  readonly stopFact: Fact | null;
  readonly deadline: number;
  readonly outcome: 'passed' | 'failed' | null;
}

/**
 * One clock: its due from the limit, rolled off non-working days, moved by the pauses that
 * began while it was still in time. A trace, when given, collects the calendar intervals.
 */
export const computeClock = (
  ctx: SlaContext,
  tl: Timeline,
  input: ClockInput,
  now: number,
  trace: CalendarTrace = new CalendarTrace(),
): ClockCalc => {
  const { rule, startFact, stopFact } = input;
  const limit = rule.limit;
  const start = startFact?.at ?? null;
  const stop = start === null ? null : (stopFact?.at ?? null);
  const working = limit !== null && countsWorkingTime(limit) && ctx.workingTime !== null;
  const pending = {
    ...input,
    step: rule.step,
    working,
    start,
    stop,
    baseDue: null,
    originalDue: null,
    due: null,
    allowed: 0,
    pauses: [],
    provisional: false,
    uncovered: [],
    kept: null,
    cancelled: null,
  };
  if (start === null || limit === null) return pending;

  const base = baseDue(ctx, limit, start, input.deadline, trace);
  const originalDue = rollDue(ctx, limit, start, base, trace);
  let due = base;
  const pauses: PauseEffect[] = [];
  if (rule.pausable === true) {
    for (const wait of tl.waits) {
      const from = Math.max(wait.started.at, start);
      const open = wait.ended === null;
      const to = Math.min(wait.ended?.at ?? now, stop ?? Number.POSITIVE_INFINITY);
      if (to <= from) continue;
      // A clock already past due stays breached: waiting afterwards does not rescue it.
      if (from > rollDue(ctx, limit, start, due, trace)) {
        pauses.push({ wait, from, to, open, counted: 0, applied: false });
        continue;
      }
      const amount = counted(ctx, working, from, to, trace);
      due = plusCounted(ctx, working, due, amount, trace);
      pauses.push({ wait, from, to, open: open && stop === null, counted: amount, applied: true });
    }
  }
  return {
    ...pending,
    baseDue: base,
    originalDue,
    due: rollDue(ctx, limit, start, due, trace),
    allowed: counted(ctx, working, start, base, trace),
    pauses,
    provisional: trace.provisional,
    uncovered: [...trace.uncovered],
  };
};

const EMPTY_ROUND: Round = { index: 0, openedBy: null, firstDone: null, done: null };

/** The fact a round of a step counts from. */
const anchorOf = (
  ctx: SlaContext,
  tl: Timeline,
  rule: StepRule,
  round: Round,
): { fact: Fact | null; from: Anchor | 'refusal' } => {
  const from = rule.from;
  const first = (): Fact | null => {
    if (from === 'received') return tl.received;
    if (from === 'classified') return tl.classes[0] ?? null;
    return tl.rounds.get(from)?.[0]?.firstDone ?? null;
  };
  if (round.openedBy === null || ctx.afterRefusal === 'originalDue') return { fact: first(), from };
  // A new round after a refusal counts from the refusal, unless the step it counts from was
  // sent back by the same refusal: then from that step's new completion.
  const reopenedAnchor =
    from === 'received' || from === 'classified'
      ? undefined
      : tl.rounds.get(from)?.find((r) => r.openedBy === round.openedBy);
  return reopenedAnchor === undefined
    ? { fact: round.openedBy, from: 'refusal' }
    : { fact: reopenedAnchor.firstDone, from };
};

const roundKey = (step: StepKind, round: number): string =>
  round === 0 ? step : `${step}@${round}`;

/**
 * Every clock a class gives the complaint, keyed by clock key; null when the policy has no
 * such class.
 */
export const clocksForClass = (
  ctx: SlaContext,
  tl: Timeline,
  classId: string,
  now: number,
): Map<string, ClockCalc> | null => {
  const cls = classPolicy(ctx.policy, classId);
  if (cls === undefined) return null;
  const clocks = new Map<string, ClockCalc>();
  for (const rule of cls.steps) {
    if (rule.limit === null) continue;
    const add = (input: Omit<ClockInput, 'rule' | 'classId'>) =>
      clocks.set(input.key, computeClock(ctx, tl, { ...input, rule, classId }, now));
    const rounds = tl.rounds.get(rule.step) ?? [EMPTY_ROUND];
    for (const round of rounds) {
      if (rule.limit.kind !== 'notice') {
        const anchor = anchorOf(ctx, tl, rule, round);
        add({
          key: roundKey(rule.step, round.index),
          round: round.index,
          noticeId: null,
          from: anchor.from,
          startFact: anchor.fact,
          stopFact: round.done,
          deadline: Number.NaN,
          outcome: null,
        });
        continue;
      }
      const notices = tl.notices.filter((n) => n.round === round.index);
      // A round whose notice was never issued still has its (pending) rectify clock.
      if (notices.length === 0)
        add({
          key: roundKey(rule.step, round.index),
          round: round.index,
          noticeId: null,
          from: rule.from,
          startFact: null,
          stopFact: null,
          deadline: Number.NaN,
          outcome: null,
        });
      for (const notice of notices) {
        const result = notice.inspected?.extra;
        add({
          key: `${rule.step}:${notice.noticeId}`,
          round: round.index,
          noticeId: notice.noticeId,
          from: 'issueNotice',
          startFact: notice.issued,
          stopFact: notice.inspected,
          deadline: notice.deadline,
          outcome: result === 'passed' || result === 'failed' ? result : null,
        });
      }
    }
  }
  return clocks;
};
