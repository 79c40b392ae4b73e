import { parseYearMonth, type YearMonth } from '../centre/month';
import type { WorkCalendar } from '../calendar/calendar';
import { dateKey, dayFromParts, partsOfDay, startOfDay } from '../calendar/zone';
import type { RollForward } from '../policy/scoring';
import type { ScoringView } from './view';

/** A due day, after rolling off a holiday when the settings say so (遇节假日顺延). */
export interface DueDate {
  /** `YYYY-MM-DD`: the last day on which the thing is on time. */
  readonly date: string;
  /** The day the rule names, before any roll. */
  readonly scheduled: string;
  /** Why it moved: the holiday's name, or `weekend`; null when it did not. */
  readonly rolledBecause: string | null;
  /** The end of the due day in the policy's zone (epoch ms): on time means before this. */
  readonly deadline: number;
  /** A day consulted lies past the calendar data's coverage: the date may still change. */
  readonly provisional: boolean;
}

const MAX_ROLL_DAYS = 60;

/**
 * Roll a day forward to the next working day when it is a holiday (`holidays`) or any
 * non-working day (`nonWorkingDays`).
 */
export const rollDay = (
  calendar: WorkCalendar | undefined,
  zone: string,
  day: number,
  rollForward: RollForward,
): DueDate => {
  let provisional = false;
  let target = day;
  let because: string | null = null;
  if (rollForward !== 'none' && calendar !== undefined) {
    const first = calendar.dayInfo(day);
    provisional = !first.covered;
    const moves =
      rollForward === 'nonWorkingDays'
        ? !first.working
        : first.kind === 'holiday' && !first.working;
    if (moves) {
      because = first.kind === 'holiday' ? (first.name ?? 'public holiday') : 'weekend';
      for (let d = day + 1; d < day + MAX_ROLL_DAYS; d++) {
        const info = calendar.dayInfo(d);
        if (!info.covered) provisional = true;
        if (info.working) {
          target = d;
          break;
        }
      }
    }
  }
  return {
    date: dateKey(target),
    scheduled: dateKey(day),
    rolledBecause: because,
    deadline: startOfDay(zone, target + 1),
    provisional,
  };
};

/** The day `dayOfMonth` of the month `monthsAfter` months after `ym`, clamped to its last day. */
const dayIn = (ym: YearMonth, monthsAfter: number, dayOfMonth: number): number => {
  const p = parseYearMonth(ym);
  if (p === undefined) throw new TypeError(`not a YYYY-MM month: ${ym}`);
  const last = partsOfDay(dayFromParts(p.year, p.month + monthsAfter + 1, 0)).day;
  return dayFromParts(p.year, p.month + monthsAfter, Math.min(dayOfMonth, last));
};

/** When the month's scores are due to HR: the set day of the following month. */
export const hrDueDate = (view: ScoringView, month: YearMonth): DueDate =>
  rollDay(
    view.calendar,
    view.zone,
    dayIn(month, 1, view.settings.hrDue.dayOfMonth),
    view.settings.hrDue.rollForward,
  );

/**
 * When the month's complaint analysis report (客户投诉分析报告) is due: before the set day
 * of the following month, so its last day is the day before, rolled forward if need be.
 */
export const reportDueDate = (view: ScoringView, month: YearMonth): DueDate =>
  rollDay(
    view.calendar,
    view.zone,
    dayIn(month, 1, view.settings.report.dueBeforeDay) - 1,
    view.settings.report.rollForward,
  );
