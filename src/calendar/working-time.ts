import type { CalendarSettings } from '../policy/types';
import { DAY_MS } from '../shared/time';
import type { DayInfo, WorkCalendar } from './calendar';
import { atLocalMinute, dateKey, dayOf, parseHhMm } from './zone';

/**
 * Working time: the policy's zone and daily hours over a calendar's working days. Counting
 * working time skips nights, weekends and holidays, and counts make-up working days (调休).
 */
export interface WorkingTime {
  readonly zone: string;
  readonly calendar: WorkCalendar;
  /** Minutes after local midnight. */
  readonly startMinute: number;
  readonly endMinute: number;
}

export const workingTime = (
  zone: string,
  calendar: WorkCalendar,
  settings: CalendarSettings,
): WorkingTime => ({
  zone,
  calendar,
  startMinute: parseHhMm(settings.workdayStart),
  endMinute: parseHhMm(settings.workdayEnd),
});

/** Length of one working day in milliseconds. */
export const workdayMs = (wt: WorkingTime): number => (wt.endMinute - wt.startMinute) * 60_000;

export interface Interval {
  readonly from: number;
  readonly to: number;
}

export type ExcludedReason = 'outsideHours' | 'weekend' | 'holiday' | 'paused';

export interface ExcludedInterval extends Interval {
  readonly reason: ExcludedReason;
  /** The holiday's name, or the date of a day outside the data's coverage. */
  readonly note?: string;
}

/**
 * What a computation looked at: whether it relied on a day past the calendar data's coverage
 * (provisional), and, when asked for, the intervals it counted and excluded.
 */
export class CalendarTrace {
  provisional = false;
  readonly uncovered: string[] = [];
  readonly counted: Interval[] | null;
  readonly excluded: ExcludedInterval[] | null;

  constructor(collectIntervals = false) {
    this.counted = collectIntervals ? [] : null;
    this.excluded = collectIntervals ? [] : null;
  }

  /** Note a day consulted; a day past the coverage makes the result provisional. */
  saw(info: DayInfo): void {
    if (info.covered) return;
    this.provisional = true;
    if (this.uncovered.length < 8 && !this.uncovered.includes(info.date))
      this.uncovered.push(info.date);
  }

  count(from: number, to: number): void {
    if (this.counted !== null && to > from) this.counted.push({ from, to });
  }

  exclude(from: number, to: number, reason: ExcludedReason, note?: string): void {
    if (this.excluded === null || to <= from) return;
    const last = this.excluded[this.excluded.length - 1];
    if (last !== undefined && last.to === from && last.reason === reason && last.note === note)
      this.excluded[this.excluded.length - 1] = { ...last, to };
    else this.excluded.push(note === undefined ? { from, to, reason } : { from, to, reason, note });
  }
}

/** Longest walk through the calendar: beyond the data, the weekly pattern always has a workday. */
const MAX_DAYS = 366 * 30;

interface Window {
  readonly info: DayInfo;
  readonly dayStart: number;
  readonly dayEnd: number;
  /** Working hours of the day, or null on a non-working day. */
  readonly open: number | null;
  readonly close: number | null;
}

const windowOf = (wt: WorkingTime, day: number, trace: CalendarTrace | null): Window => {
  const info = wt.calendar.dayInfo(day);
  trace?.saw(info);
  const dayStart = atLocalMinute(wt.zone, day, 0);
  const dayEnd = atLocalMinute(wt.zone, day + 1, 0);
  if (!info.working) return { info, dayStart, dayEnd, open: null, close: null };
  return {
    info,
    dayStart,
    dayEnd,
    open: atLocalMinute(wt.zone, day, wt.startMinute),
    close: atLocalMinute(wt.zone, day, wt.endMinute),
  };
};

const excludeDay = (trace: CalendarTrace, w: Window, from: number, to: number): void => {
  const a = Math.max(from, w.dayStart);
  const b = Math.min(to, w.dayEnd);
  if (b <= a) return;
  if (w.open === null || w.close === null) {
    const note = w.info.covered ? (w.info.name ?? undefined) : `${w.info.date} past coverage`;
    trace.exclude(a, b, w.info.kind === 'holiday' ? 'holiday' : 'weekend', note);
    return;
  }
  trace.exclude(a, Math.min(b, w.open), 'outsideHours');
  trace.exclude(Math.max(a, w.close), b, 'outsideHours');
};

/** Working time between two instants (0 when `to` ≤ `from`). */
export const countWorking = (
  wt: WorkingTime,
  from: number,
  to: number,
  trace: CalendarTrace | null = null,
): number => {
  if (to <= from) return 0;
  let total = 0;
  const last = dayOf(wt.zone, to);
  for (let day = dayOf(wt.zone, from); day <= last; day++) {
    const w = windowOf(wt, day, trace);
    if (trace?.excluded) excludeDay(trace, w, from, to);
    if (w.open === null || w.close === null) continue;
    const a = Math.max(from, w.open);
    const b = Math.min(to, w.close);
    if (b > a) {
      total += b - a;
      trace?.count(a, b);
    }
  }
  return total;
};

/**
 * The instant at which `amount` of working time has passed since `from`. Ending exactly at
 * the close of a working day gives that close, not the next morning.
 */
export const addWorking = (
  wt: WorkingTime,
  from: number,
  amount: number,
  trace: CalendarTrace | null = null,
): number => {
  if (amount <= 0) return from;
  let left = amount;
  const first = dayOf(wt.zone, from);
  for (let day = first; day < first + MAX_DAYS; day++) {
    const w = windowOf(wt, day, trace);
    if (w.open === null || w.close === null) continue;
    const a = Math.max(from, w.open);
    if (w.close <= a) continue;
    if (left <= w.close - a) return a + left;
    left -= w.close - a;
  }
  return from + MAX_DAYS * DAY_MS;
};

/** The instant `amount` of working time before `to` (the latest such instant). */
export const subtractWorking = (
  wt: WorkingTime,
  to: number,
  amount: number,
  trace: CalendarTrace | null = null,
): number => {
  if (amount <= 0) return to;
  let left = amount;
  const first = dayOf(wt.zone, to);
  for (let day = first; day > first - MAX_DAYS; day--) {
    const w = windowOf(wt, day, trace);
    if (w.open === null || w.close === null) continue;
    const b = Math.min(to, w.close);
    if (b > w.open) {
      if (left <= b - w.open) return b - left;
      left -= b - w.open;
    }
  }
  return to - MAX_DAYS * DAY_MS;
};

/** The first working day on or after `day`. */
export const nextWorkingDay = (
  wt: WorkingTime,
  day: number,
  trace: CalendarTrace | null = null,
): number => {
  for (let d = day; d < day + MAX_DAYS; d++) {
    const info = wt.calendar.dayInfo(d);
    trace?.saw(info);
    if (info.working) return d;
  }
  return day;
};

/** `YYYY-MM-DD` of the local day of an instant. */
export const localDate = (wt: WorkingTime, at: number): string => dateKey(dayOf(wt.zone, at));
