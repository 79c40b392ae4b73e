import {
  CalendarTrace,
  countWorking,
  type ExcludedInterval,
  type Interval,
} from '../calendar/working-time';
import { formatInZone } from '../calendar/zone';
import type { Limit, StepRule } from '../policy/types';
import type { SlaClock } from './clock';
import type { SlaContext } from './context';
import { evaluateTimeline, readClock } from './evaluate';
import type { Fact } from './facts';
import type { ComplaintRecord } from './projection';
import { buildTimeline, type Cut } from './timeline';

/** An event an explanation points at: enough to find it in the store. */
export interface EventRef {
  readonly type: string;
  readonly at: number;
  readonly position: number;
  readonly streamVersion: number;
}

export interface ClockExplanation {
  readonly clock: SlaClock;
  readonly policy: { readonly id: string; readonly version: string };
  readonly start: EventRef | null;
  readonly stop: EventRef | null;
  readonly rule: {
    readonly complaintClass: string;
    readonly step: string;
    readonly limit: Limit | null;
    readonly from: string;
    readonly source: string;
  };
  /** A breach kept from the class in force before a re-classification. */
  readonly keptFrom: {
    readonly complaintClass: string;
    readonly source: string;
    readonly reclassified: EventRef;
  } | null;
  readonly calendar: {
    readonly counts: 'calendar' | 'working';
    readonly timeZone: string;
    readonly calendarId: string | null;
    readonly calendarVersion: string | null;
    /** From the start to the due time (or the stop, if earlier). */
    readonly counted: readonly Interval[];
    readonly excluded: readonly ExcludedInterval[];
    readonly provisional: boolean;
    readonly uncoveredDates: readonly string[];
  };
  readonly pauses: readonly {
    readonly from: number;
    readonly to: number;
    readonly open: boolean;
    readonly countedMs: number;
    readonly applied: boolean;
    readonly started: EventRef;
    readonly ended: EventRef | null;
  }[];
  /** The due before rolling off a non-working day, when it was rolled. */
  readonly rolledFrom: number | null;
  readonly cancelledBy: EventRef | null;
  /**
   * The event by which the coordination meeting settled the step before it was done (the
   * escalation, or a refusal that reopened the step after it).
   */
  readonly settledBy: EventRef | null;
  /** The same, as sentences a person reads. */
  readonly lines: readonly string[];
}

const ref = (fact: Fact | null): EventRef | null =>
  fact === null
    ? null
    : {
        type: fact.eventType,
        at: fact.at,
        position: fact.position,
        streamVersion: fact.streamVersion,
      };

const describeLimit = (limit: Limit | null): string => {
  if (limit === null) return 'no limit';
  const clock = 'clock' in limit && limit.clock === 'working' ? ' working' : '';
  const roll =
    'rollToWorkingDay' in limit && limit.rollToWorkingDay ? ', rolled to the next working day' : '';
  switch (limit.kind) {
    case 'hours':
      return `${limit.hours}${clock} hours${roll}`;
    case 'days':
      return `${limit.days}${clock} days${roll}`;
    case 'sameDay':
      return `the same day${roll}`;
    case 'months':
      return `${limit.months} month${limit.months === 1 ? '' : 's'}${roll}`;
    case 'notice':
      return 'the deadline written on the notice';
  }
};

/** Cut `[from, to]` by the pauses: the parts that count. */
const minusPauses = (intervals: readonly Interval[], pauses: readonly Interval[]): Interval[] => {
  let out = [...intervals];
  for (const p of pauses) {
    const next: Interval[] = [];
    for (const i of out) {
      if (p.to <= i.from || p.from >= i.to) next.push(i);
      else {
        if (p.from > i.from) next.push({ from: i.from, to: p.from });
        if (p.to < i.to) next.push({ from: p.to, to: i.to });
      }
    }
    out = next;
  }
  return out;
};

/**
 * Why a clock is where it is: the event it started from, its limit and the rule it comes
 * from, the calendar intervals counted and excluded, the pauses, the policy version.
 * Computed from the complaint's events alone, so it can be reproduced at any time.
 */
export const explainClock = (
  ctx: SlaContext,
  record: ComplaintRecord,
  key: string,
  now: number,
  cut?: Cut,
): ClockExplanation | undefined => {
  const tl = buildTimeline(record.facts, cut, ctx.afterRefusal);
  if (tl === null) return undefined;
  const evaluation = evaluateTimeline(ctx, tl, now);
  const calc = evaluation.calcs.get(key);
  if (calc === undefined) return undefined;
  const complaintId = tl.received.extra ?? '';
  const clock = readClock(ctx, calc, complaintId, tl.received.text ?? '', now);
  const zone = ctx.zone;
  const fmt = (ms: number | null) => (ms === null ? '—' : formatInZone(zone, ms));

  const trace = new CalendarTrace(true);
  const rule: StepRule = calc.kept?.rule ?? calc.rule;
  let counted: Interval[] = [];
  const excluded: ExcludedInterval[] = [];
  if (calc.start !== null && calc.due !== null) {
    const end = Math.min(calc.due, calc.stop ?? calc.due);
    if (calc.working && ctx.workingTime !== null) {
      countWorking(ctx.workingTime, calc.start, end, trace);
      counted = [...(trace.counted ?? [])];
      excluded.push(...(trace.excluded ?? []));
    } else if (end > calc.start) counted = [{ from: calc.start, to: end }];
    const applied = calc.pauses.filter((p) => p.applied);
    counted = minusPauses(counted, applied);
    for (const p of applied) excluded.push({ from: p.from, to: p.to, reason: 'paused' });
    excluded.sort((a, b) => a.from - b.from);
  }

  const rolled =
    calc.baseDue !== null && calc.originalDue !== null && calc.originalDue !== calc.baseDue
      ? calc.baseDue
      : null;
  const wt = ctx.workingTime;
  const lines: string[] = [];
  lines.push(
    `${clock.id}: ${rule.step} of a ${calc.classId} complaint, within ${describeLimit(rule.limit)} from ${calc.from} (${rule.source}).`,
  );
  if (calc.kept !== null)
    lines.push(
      `Re-classified ${fmt(calc.kept.at)} (event #${calc.kept.fact.position}); the clock was already breached under ${calc.kept.classId}, and that breach stands.`,
    );
  lines.push(
    calc.startFact === null
      ? `Pending: ${calc.from} has not happened yet.`
      : `Started ${fmt(calc.start)} by ${calc.startFact.eventType} (event #${calc.startFact.position}, stream version ${calc.startFact.streamVersion}).`,
  );
  if (calc.from === 'escalation')
    lines.push(
      `${rule.from} was settled by the coordination meeting (协调会) before it was done: counted from the escalation.`,
    );
  if (calc.settled !== null)
    lines.push(
      `The step was settled by the coordination meeting (协调会; ${calc.classId}: coordinationMeetingSettles) from ${fmt(calc.settled.at)}, by ${calc.settled.eventType} (event #${calc.settled.position}); settledByMeeting: ${ctx.settledByMeeting}.`,
    );
  if (rolled !== null)
    lines.push(`Due ${fmt(rolled)} fell on a non-working day: rolled to ${fmt(calc.originalDue)}.`);
  for (const p of calc.pauses)
    lines.push(
      p.applied
        ? `Paused ${fmt(p.from)} → ${p.open ? 'still waiting' : fmt(p.to)} while waiting on the customer: due moved by ${(p.counted / 3_600_000).toFixed(2)} h.`
        : `Waiting on the customer from ${fmt(p.from)} did not pause the clock: it was already past due.`,
    );
  if (calc.due !== null)
    lines.push(
      `Due ${fmt(calc.due)}${calc.due !== calc.originalDue ? ` (originally ${fmt(calc.originalDue)})` : ''}; counted ${calc.working ? `working time on ${wt?.calendar.id} (${wt?.calendar.version})` : 'calendar time'} in ${zone}.`,
    );
  if (calc.cancelled !== null)
    lines.push(
      `Cancelled ${fmt(calc.cancelled.at)} by ${calc.cancelled.fact.eventType} (event #${calc.cancelled.fact.position}).`,
    );
  if (calc.stopFact !== null && calc.start !== null)
    lines.push(
      `Stopped ${fmt(calc.stop)} by ${calc.stopFact.eventType} (event #${calc.stopFact.position}): ${clock.state}.`,
    );
  else lines.push(`As of ${fmt(now)}: ${clock.state}${clock.atRisk ? ', at risk' : ''}.`);
  if (clock.provisional)
    lines.push(
      `Provisional: the calendar data (${wt?.calendar.version}) does not cover ${clock.uncoveredDates.join(', ')}.`,
    );
  lines.push(`Policy ${ctx.policy.id} version ${ctx.policy.version}.`);

  return {
    clock,
    policy: { id: ctx.policy.id, version: ctx.policy.version },
    start: ref(calc.startFact),
    stop: ref(calc.stopFact),
    rule: {
      complaintClass: calc.kept?.classId ?? calc.classId,
      step: rule.step,
      limit: rule.limit,
      from: rule.from,
      source: rule.source,
    },
    keptFrom:
      calc.kept === null
        ? null
        : {
            complaintClass: calc.kept.classId,
            source: calc.kept.rule.source,
            reclassified: ref(calc.kept.fact) as EventRef,
          },
    calendar: {
      counts: calc.working ? 'working' : 'calendar',
      timeZone: zone,
      calendarId: wt?.calendar.id ?? null,
      calendarVersion: wt?.calendar.version ?? null,
      counted,
      excluded,
      provisional: calc.provisional,
      uncoveredDates: calc.uncovered,
    },
    pauses: calc.pauses.map((p) => ({
      from: p.from,
      to: p.to,
      open: p.open,
      countedMs: p.counted,
      applied: p.applied,
      started: ref(p.wait.started) as EventRef,
      ended: ref(p.wait.ended),
    })),
    rolledFrom: rolled,
    cancelledBy: ref(calc.cancelled?.fact ?? null),
    settledBy: ref(calc.settled),
    lines,
  };
};
