import { CalendarTrace } from '../calendar/working-time';
import { classPolicy } from '../policy/lookup';
import type { StepKind } from '../policy/steps';
import type { StepRule } from '../policy/types';
import type { ClockCalc, ClockFrom, PauseEffect } from './clock';
import type { SlaContext } from './context';
import type { Fact } from './facts';
import { baseDue, counted, countsWorkingTime, plusCounted, rollDue } from './limits';
import { type Settlement, settledAnchor, settlementFor, settles, settlingFact } from './settlement';
import type { Round, Timeline } from './timeline';

interface ClockInput {
  readonly key: string;
  readonly rule: StepRule;
  readonly classId: string;
  readonly round: number;
  readonly noticeId: string | null;
  readonly from: ClockFrom;
  readonly startFact: Fact | null;
  readonly stopFact: Fact | null;
  readonly deadline: number;
  readonly outcome: 'passed' | 'failed' | null;
  /** The coordination meeting settled the step by this fact before it was done. */
  readonly settled: Fact | null;
}

/**
 * One clock: its due from the limit, rolled off non-working days, moved by the pauses that
 * began while it was still in time. A trace, when given, collects the calendar intervals.
 * A step the coordination meeting settled ends at the settlement (never before its start):
 * stopped there or cancelled there, as policy.sla.settledByMeeting says.
 */
export const computeClock = (
  ctx: SlaContext,
  tl: Timeline,
  input: ClockInput,
  now: number,
  trace: CalendarTrace = new CalendarTrace(),
): ClockCalc => {
  const { rule, startFact, settled } = input;
  const limit = rule.limit;
  const start = startFact?.at ?? null;
  let stopFact = input.stopFact;
  let stop = start === null ? null : (stopFact?.at ?? null);
  let cancelled: ClockCalc['cancelled'] = null;
  if (settled !== null) {
    const at = start === null ? settled.at : Math.max(start, settled.at);
    if (ctx.settledByMeeting === 'cancelled') cancelled = { at, fact: settled, reason: 'settled' };
    else {
      stopFact = settled;
      stop = start === null ? null : at;
    }
  }
  // Waiting on the customer counts until the clock stopped or was cancelled.
  const end = stop ?? cancelled?.at ?? Number.POSITIVE_INFINITY;
  const working = limit !== null && countsWorkingTime(limit) && ctx.workingTime !== null;
  const pending = {
    ...input,
    stopFact,
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
    cancelled,
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
      const to = Math.min(wait.ended?.at ?? now, end);
      if (to <= from) continue;
      // A clock already past due stays breached: waiting afterwards does not rescue it.
      if (from > rollDue(ctx, limit, start, due, trace)) {
        pauses.push({ wait, from, to, open, counted: 0, applied: false });
        continue;
      }
      const amount = counted(ctx, working, from, to, trace);
      due = plusCounted(ctx, working, due, amount, trace);
      pauses.push({
        wait,
        from,
        to,
        open: open && end === Number.POSITIVE_INFINITY,
        counted: amount,
        applied: true,
      });
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

const EMPTY_ROUND: Round = {
  index: 0,
  openedBy: null,
  firstDone: null,
  done: null,
  standingAtEscalation: null,
};

/**
 * The fact a round of a step counts from: the anchor's completion, or, when the meeting
 * settled the anchor step before it was done, the settlement.
 */
const fromAnchorRound = (
  settlement: Settlement | null,
  anchor: StepKind,
  round: Round,
): { fact: Fact | null; from: ClockFrom } => {
  const settled = settledAnchor(settlement, anchor, round);
  if (settled === null) return { fact: round.firstDone, from: anchor };
  return { fact: settled, from: settled === round.openedBy ? 'refusal' : 'escalation' };
};

/** The fact a round of a step counts from. */
const anchorOf = (
  ctx: SlaContext,
  tl: Timeline,
  settlement: Settlement | null,
  rule: StepRule,
  round: Round,
): { fact: Fact | null; from: ClockFrom } => {
  const from = rule.from;
  if (from === 'received') return { fact: tl.received, from };
  if (from === 'classified') return { fact: tl.classes[0] ?? null, from };
  if (round.openedBy === null || ctx.afterRefusal === 'originalDue')
    return fromAnchorRound(settlement, from, tl.rounds.get(from)?.[0] ?? EMPTY_ROUND);
  // A new round after a refusal counts from the refusal, unless the step it counts from was
  // sent back by the same refusal: then from that step's new completion.
  const reopenedAnchor = tl.rounds.get(from)?.find((r) => r.openedBy === round.openedBy);
  return reopenedAnchor === undefined
    ? { fact: round.openedBy, from: 'refusal' }
    : fromAnchorRound(settlement, from, reopenedAnchor);
};

/** How a notice's clock of a settled rectify step ends: by an inspection before, or else. */
const settledNotice = (
  settlement: Settlement,
  round: Round,
  inspected: Fact | null,
): Fact | null => {
  const fact = settlingFact(settlement, round);
  return inspected !== null && inspected.position < fact.position ? null : fact;
};

const roundKey = (step: StepKind, round: number): string =>
  round === 0 ? step : `${step}@${round}`;

/**
 * Every clock a class gives the complaint, keyed by clock key; null when the policy has no
 * such class. `classIndex` is the class's place in the timeline's classes: what the
 * coordination meeting settles is asked of each class in turn (see settlementFor).
 */
export const clocksForClass = (
  ctx: SlaContext,
  tl: Timeline,
  classId: string,
  classIndex: number,
  now: number,
): Map<string, ClockCalc> | null => {
  const cls = classPolicy(ctx.policy, classId);
  if (cls === undefined) return null;
  const settlement = settlementFor(cls, tl, classIndex);
  const clocks = new Map<string, ClockCalc>();
  for (const rule of cls.steps) {
    if (rule.limit === null) continue;
    const add = (input: Omit<ClockInput, 'rule' | 'classId'>) =>
      clocks.set(input.key, computeClock(ctx, tl, { ...input, rule, classId }, now));
    const own = settles(settlement, rule.step) ? settlement : null;
    const rounds = tl.rounds.get(rule.step) ?? [EMPTY_ROUND];
    for (const round of rounds) {
      if (rule.limit.kind !== 'notice') {
        const anchor = anchorOf(ctx, tl, settlement, rule, round);
        // A settled step ends at the completion that stood at the escalation (a later
        // refusal does not reopen what the meeting settled), or else by the settlement.
        let stopFact = round.done;
        let settled: Fact | null = null;
        if (own !== null) {
          if (round.standingAtEscalation !== null) stopFact = round.standingAtEscalation;
          else settled = settlingFact(own, round);
        }
        add({
          key: roundKey(rule.step, round.index),
          round: round.index,
          noticeId: null,
          from: anchor.from,
          startFact: anchor.fact,
          stopFact,
          deadline: Number.NaN,
          outcome: null,
          settled,
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
          settled: own === null ? null : settlingFact(own, round),
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
          settled: own === null ? null : settledNotice(own, round, notice.inspected),
        });
      }
    }
  }
  return clocks;
};
