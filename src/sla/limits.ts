import {
  addWorking,
  type CalendarTrace,
  countWorking,
  nextWorkingDay,
  subtractWorking,
  workdayMs,
} from '../calendar/working-time';
import {
  atLocalMinute,
  dayFromParts,
  dayOf,
  partsOfDay,
  startOfDay,
  fromWall,
  toWall,
} from '../calendar/zone';
import type { Limit } from '../policy/types';
import { DAY_MS, HOUR_MS } from '../shared/time';
import type { SlaContext } from './context';

/** Whether a limit counts working time on the policy's calendar. */
export const countsWorkingTime = (limit: Limit): boolean =>
  'clock' in limit && limit.clock === 'working';

const rolls = (limit: Limit): boolean =>
  'rollToWorkingDay' in limit && limit.rollToWorkingDay === true;

/**
 * The due time of a limit counted from `start`, before pauses and before rolling off a
 * non-working day. `notice` limits take the deadline written on the notice.
 *
 * - hours: elapsed hours (or working hours);
 * - days: local calendar days at the same local time (or, on working time, that many
 *   working days' worth of working hours);
 * - sameDay: midnight ending the start's local day in the policy's zone;
 * - months: the same local time and day of month, `months` later; a day the month lacks
 *   clamps to its last day or overflows into the next month (policy.monthEnd).
 */
export const baseDue = (
  ctx: SlaContext,
  limit: Limit,
  start: number,
  noticeDeadline: number,
  trace: CalendarTrace | null,
): number => {
  const wt = ctx.workingTime;
  switch (limit.kind) {
    case 'hours':
      return countsWorkingTime(limit) && wt !== null
        ? addWorking(wt, start, limit.hours * HOUR_MS, trace)
        : start + limit.hours * HOUR_MS;
    case 'days':
      return countsWorkingTime(limit) && wt !== null
        ? addWorking(wt, start, limit.days * workdayMs(wt), trace)
        : fromWall(ctx.zone, toWall(ctx.zone, start) + limit.days * DAY_MS);
    case 'sameDay':
      return startOfDay(ctx.zone, dayOf(ctx.zone, start) + 1);
    case 'months': {
      const wall = toWall(ctx.zone, start);
      const day = Math.floor(wall / DAY_MS);
      const timeOfDay = wall - day * DAY_MS;
      const { year, month, day: dom } = partsOfDay(day);
      const lastOfTarget = partsOfDay(dayFromParts(year, month + limit.months + 1, 0)).day;
      const targetDom = ctx.policy.monthEnd === 'clamp' ? Math.min(dom, lastOfTarget) : dom;
      return fromWall(
        ctx.zone,
        dayFromParts(year, month + limit.months, targetDom) * DAY_MS + timeOfDay,
      );
    }
    case 'notice':
      return noticeDeadline;
  }
};

/**
 * 遇节假日顺延: a due time on a non-working day moves to the next working day (when the
 * limit says so), at the same local time or at the close of working hours
 * (policy.sla.rollForwardTo). A "same day" limit looks at the start's day, since its due is
 * that day's closing midnight.
 */
export const rollDue = (
  ctx: SlaContext,
  limit: Limit,
  start: number,
  due: number,
  trace: CalendarTrace | null,
): number => {
  const wt = ctx.workingTime;
  if (!rolls(limit) || wt === null) return due;
  const sameDay = limit.kind === 'sameDay';
  const day = dayOf(ctx.zone, sameDay ? start : due);
  const info = wt.calendar.dayInfo(day);
  trace?.saw(info);
  if (info.working) return due;
  const target = nextWorkingDay(wt, day + 1, trace);
  if (ctx.rollForwardTo === 'endOfWorkingDay') return atLocalMinute(ctx.zone, target, wt.endMinute);
  if (sameDay) return startOfDay(ctx.zone, target + 1);
  const wall = toWall(ctx.zone, due);
  return fromWall(ctx.zone, target * DAY_MS + (wall - Math.floor(wall / DAY_MS) * DAY_MS));
};

/** Time that counts between two instants: elapsed, or working time for working clocks. */
export const counted = (
  ctx: SlaContext,
  working: boolean,
  from: number,
  to: number,
  trace: CalendarTrace | null = null,
): number =>
  working && ctx.workingTime !== null
    ? countWorking(ctx.workingTime, from, to, trace)
    : Math.max(0, to - from);

/** `from` plus an amount of counted time. */
export const plusCounted = (
  ctx: SlaContext,
  working: boolean,
  from: number,
  amount: number,
  trace: CalendarTrace | null = null,
): number =>
  working && ctx.workingTime !== null
    ? addWorking(ctx.workingTime, from, amount, trace)
    : from + amount;

/** `to` minus an amount of counted time. */
export const minusCounted = (
  ctx: SlaContext,
  working: boolean,
  to: number,
  amount: number,
): number =>
  working && ctx.workingTime !== null ? subtractWorking(ctx.workingTime, to, amount) : to - amount;
