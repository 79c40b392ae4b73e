import type { StepKind } from '../policy/steps';
import { breachedAsOf, type ClockCalc, type ClockState, type SlaClock } from './clock';
import { clocksForClass } from './compute';
import type { SlaContext } from './context';
import type { Fact } from './facts';
import { minusCounted } from './limits';
import type { ComplaintRecord } from './projection';
import { buildTimeline, type Cut, type Timeline } from './timeline';

/** How a re-classification changed one clock. */
export interface ClockChange {
  readonly key: string;
  readonly step: StepKind;
  readonly change: 'added' | 'cancelled' | 'dueChanged' | 'breachKept';
  readonly dueBefore: number | null;
  readonly dueAfter: number | null;
  readonly stateBefore: ClockState | null;
  readonly stateAfter: ClockState | null;
}

/** The complaint's SLA history: what changed its clocks, and how. */
export type SlaHistoryEntry =
  | {
      readonly kind: 'classified';
      readonly at: number;
      readonly position: number;
      readonly complaintClass: string;
    }
  | {
      readonly kind: 'reclassified';
      readonly at: number;
      readonly position: number;
      readonly from: string;
      readonly to: string;
      readonly reason: string;
      readonly changes: readonly ClockChange[];
    }
  | {
      readonly kind: 'refused';
      readonly at: number;
      readonly position: number;
      readonly reopened: readonly string[];
    }
  | {
      /** Escalated to the coordination meeting: the steps it settles stop (or are cancelled). */
      readonly kind: 'waitStarted' | 'waitEnded' | 'escalated';
      readonly at: number;
      readonly position: number;
    };

/** A problem that kept clocks from being computed (never thrown). */
export interface SlaProblem {
  readonly code: 'UnknownClass';
  readonly complaintClass: string;
  readonly message: string;
}

/** One complaint's deadlines as of an instant. */
export interface ComplaintSla {
  readonly complaintId: string;
  readonly centre: string;
  readonly complaintClass: string | null;
  readonly receivedAt: number;
  readonly closedAt: number | null;
  readonly clocks: readonly SlaClock[];
  readonly history: readonly SlaHistoryEntry[];
  readonly problems: readonly SlaProblem[];
  readonly policy: { readonly id: string; readonly version: string };
  /** The instant the clocks were read at. */
  readonly now: number;
}

/** Read a computed clock at `now`. */
export const readClock = (
  ctx: SlaContext,
  calc: ClockCalc,
  complaintId: string,
  centre: string,
  now: number,
): SlaClock => {
  const { start, stop, due } = calc;
  const cancelledAt = calc.cancelled?.at ?? null;
  const end = Math.min(stop ?? now, cancelledAt ?? Number.POSITIVE_INFINITY);
  const started = start !== null && due !== null;
  const breached = started && end > due;
  let state: ClockState;
  if (calc.cancelled !== null) state = 'cancelled';
  else if (!started) state = 'pending';
  else if (breached) state = 'breached';
  else state = stop === null ? 'running' : 'met';
  const atRiskAt =
    started && calc.allowed > 0
      ? minusCounted(ctx, calc.working, due, (1 - ctx.policy.atRiskShare) * calc.allowed)
      : null;
  const running = state === 'running';
  const lastPause = calc.pauses[calc.pauses.length - 1];
  return {
    id: `${complaintId}/${calc.key}`,
    key: calc.key,
    complaintId,
    centre,
    complaintClass: calc.classId,
    step: calc.step,
    round: calc.round,
    noticeId: calc.noticeId,
    from: calc.from,
    counts: calc.working ? 'working' : 'calendar',
    state,
    startedAt: start,
    dueAt: due,
    originalDueAt: calc.originalDue,
    stoppedAt: stop,
    breached,
    breachedAt: breached ? due : null,
    remainingMs: running && due !== null ? due - now : null,
    overdueMs: breached && due !== null ? end - due : null,
    atRisk: running && atRiskAt !== null && now >= atRiskAt,
    atRiskAt,
    paused: running && lastPause !== undefined && lastPause.open && lastPause.applied,
    pausedMs: calc.pauses.reduce((sum, p) => sum + p.counted, 0),
    provisional: calc.provisional,
    uncoveredDates: calc.uncovered,
    outcome: calc.outcome,
    cancelled:
      calc.cancelled === null ? null : { at: calc.cancelled.at, reason: calc.cancelled.reason },
    breachKeptFrom: calc.kept?.classId ?? null,
    settledAt: calc.settled?.at ?? null,
  };
};

const stateAt = (ctx: SlaContext, calc: ClockCalc, t: number): ClockState =>
  readClock(ctx, calc, '', '', t).state;

export interface Evaluation {
  readonly timeline: Timeline;
  /** The clocks in force and the cancelled ones, by key. */
  readonly calcs: ReadonlyMap<string, ClockCalc>;
  readonly history: readonly SlaHistoryEntry[];
  readonly problems: readonly SlaProblem[];
}

const historyOfFacts = (tl: Timeline): SlaHistoryEntry[] => {
  const entries: SlaHistoryEntry[] = [];
  for (const f of tl.refusals)
    entries.push({ kind: 'refused', at: f.at, position: f.position, reopened: f.list ?? [] });
  for (const w of tl.waits) {
    entries.push({ kind: 'waitStarted', at: w.started.at, position: w.started.position });
    if (w.ended !== null)
      entries.push({ kind: 'waitEnded', at: w.ended.at, position: w.ended.position });
  }
  const e = tl.escalated;
  if (e !== null) entries.push({ kind: 'escalated', at: e.at, position: e.position });
  return entries;
};

/**
 * Compute every clock of a complaint. Each class the complaint had is applied in turn from
 * the original start points (re-classification is retroactive); a clock already breached
 * when its class changed keeps that breach; clocks the new class lacks are cancelled; a
 * clock still open when the complaint closed is cancelled by the closure. A cancellation
 * stands: a later one (re-classification, closure) does not replace it.
 */
export const evaluateTimeline = (ctx: SlaContext, tl: Timeline, now: number): Evaluation => {
  const history: SlaHistoryEntry[] = [];
  const problems: SlaProblem[] = [];
  const cancelled = new Map<string, ClockCalc>();
  let current: Map<string, ClockCalc> = new Map();
  tl.classes.forEach((fact: Fact, i) => {
    const classId = fact.text ?? '';
    const next = clocksForClass(ctx, tl, classId, i, now) ?? new Map<string, ClockCalc>();
    if (!ctx.policy.classes[classId])
      problems.push({
        code: 'UnknownClass',
        complaintClass: classId,
        message: `policy ${ctx.policy.id} ${ctx.policy.version} has no class "${classId}"`,
      });
    if (i === 0) {
      history.push({
        kind: 'classified',
        at: fact.at,
        position: fact.position,
        complaintClass: classId,
      });
      current = next;
      return;
    }
    const t = fact.at;
    const changes: ClockChange[] = [];
    for (const [key, calc] of next) {
      const before = current.get(key);
      if (before === undefined) {
        changes.push({
          key,
          step: calc.step,
          change: 'added',
          dueBefore: null,
          dueAfter: calc.due,
          stateBefore: null,
          stateAfter: stateAt(ctx, calc, t),
        });
        cancelled.delete(key);
        continue;
      }
      if (breachedAsOf(before, t)) {
        const kept: ClockCalc = {
          ...calc,
          baseDue: before.baseDue,
          originalDue: before.originalDue,
          due: before.due,
          allowed: before.allowed,
          pauses: before.pauses,
          working: before.working,
          provisional: before.provisional,
          uncovered: before.uncovered,
          kept: before.kept ?? { at: t, fact, classId: before.classId, rule: before.rule },
        };
        next.set(key, kept);
        if (before.due !== calc.due)
          changes.push({
            key,
            step: calc.step,
            change: 'breachKept',
            dueBefore: before.due,
            dueAfter: before.due,
            stateBefore: stateAt(ctx, before, t),
            stateAfter: stateAt(ctx, kept, t),
          });
      } else if (before.due !== calc.due)
        changes.push({
          key,
          step: calc.step,
          change: 'dueChanged',
          dueBefore: before.due,
          dueAfter: calc.due,
          stateBefore: stateAt(ctx, before, t),
          stateAfter: stateAt(ctx, calc, t),
        });
    }
    for (const [key, before] of current) {
      if (next.has(key)) continue;
      cancelled.set(
        key,
        before.cancelled !== null
          ? before
          : { ...before, cancelled: { at: t, fact, reason: 'reclassified' } },
      );
      changes.push({
        key,
        step: before.step,
        change: 'cancelled',
        dueBefore: before.due,
        dueAfter: null,
        stateBefore: stateAt(ctx, before, t),
        stateAfter: 'cancelled',
      });
    }
    history.push({
      kind: 'reclassified',
      at: t,
      position: fact.position,
      from: fact.extra ?? '',
      to: classId,
      reason: fact.list?.[0] ?? '',
      changes,
    });
    current = next;
  });

  const calcs = new Map<string, ClockCalc>(cancelled);
  const closed = tl.closed;
  for (const [key, calc] of current) {
    const open =
      calc.stop === null &&
      calc.cancelled === null &&
      calc.step !== 'close' &&
      calc.step !== 'revisit';
    calcs.set(
      key,
      closed !== null && open
        ? { ...calc, cancelled: { at: closed.at, fact: closed, reason: 'closed' } }
        : calc,
    );
  }
  history.push(...historyOfFacts(tl));
  history.sort((a, b) => a.position - b.position);
  return { timeline: tl, calcs, history, problems };
};

/** A complaint's SLA as of `now`, from the facts in the cut (all when none is given). */
export const evaluateComplaint = (
  ctx: SlaContext,
  record: ComplaintRecord,
  now: number,
  cut?: Cut,
): ComplaintSla | null => {
  const tl = buildTimeline(record.facts, cut, ctx.afterRefusal);
  if (tl === null) return null;
  const evaluation = evaluateTimeline(ctx, tl, now);
  const complaintId = tl.received.extra ?? '';
  const centre = tl.received.text ?? '';
  const clocks: SlaClock[] = [];
  for (const calc of evaluation.calcs.values())
    clocks.push(readClock(ctx, calc, complaintId, centre, now));
  const lastClass = tl.classes[tl.classes.length - 1];
  return {
    complaintId,
    centre,
    complaintClass: lastClass?.text ?? null,
    receivedAt: tl.received.at,
    closedAt: tl.closed?.at ?? null,
    clocks,
    history: evaluation.history,
    problems: evaluation.problems,
    policy: { id: ctx.policy.id, version: ctx.policy.version },
    now,
  };
};
