import { formatYearMonth, parseYearMonth, type YearMonth } from '../centre/month';
import { dateKey, dayFromParts, dayOf, partsOfDay, startOfDay } from '../calendar/zone';

/** The month an instant falls in, in the policy's time zone (not UTC, not the machine's). */
export const monthOf = (zone: string, epochMs: number): YearMonth => {
  const p = partsOfDay(dayOf(zone, epochMs));
  return formatYearMonth(p.year, p.month);
};

export interface MonthBounds {
  /** First instant of the month (local midnight of the 1st). */
  readonly start: number;
  /** First instant of the next month. */
  readonly end: number;
}

export const monthBounds = (zone: string, ym: YearMonth): MonthBounds => {
  const p = parseYearMonth(ym);
  if (p === undefined) throw new TypeError(`not a YYYY-MM month: ${ym}`);
  return {
    start: startOfDay(zone, dayFromParts(p.year, p.month, 1)),
    end: startOfDay(zone, dayFromParts(p.year, p.month + 1, 1)),
  };
};

/** `YYYY-MM-DD` of an instant in the zone. */
export const localDateOf = (zone: string, epochMs: number): string => dateKey(dayOf(zone, epochMs));
