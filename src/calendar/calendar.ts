import * as E from 'fp-ts/Either';
import type { DecodeError } from '../shared/decode';
import { type CalendarData, decodeCalendarData } from './data';
import { dateKey, dayFromKey, weekdayOf } from './zone';

/** Why a day is or is not a working day. */
export type DayKind = 'workday' | 'weekend' | 'holiday' | 'makeUpWorkday';

export interface DayInfo {
  /** Local civil date as days since 1970-01-01. */
  readonly day: number;
  readonly date: string;
  readonly kind: DayKind;
  readonly working: boolean;
  /** The holiday a holiday or make-up day belongs to, e.g. `春节 Spring Festival`. */
  readonly name: string | null;
  /** False past the data's coverage: the day was classified by the weekly pattern alone. */
  readonly covered: boolean;
}

/** Which days are working days. Working hours come from the policy's calendar settings. */
export interface WorkCalendar {
  readonly id: string;
  readonly version: string;
  /** First and last day number the holiday data covers, inclusive. */
  readonly coverage: { readonly from: number; readonly to: number };
  dayInfo(day: number): DayInfo;
  isWorking(day: number): boolean;
}

const DEFAULT_WEEKDAYS = [1, 2, 3, 4, 5] as const;

/** A calendar over data the caller vouches for (see decodeCalendar for data from outside). */
export const calendarFromData = (data: CalendarData): WorkCalendar => {
  const weekdays = new Set<number>(data.workingWeekdays ?? DEFAULT_WEEKDAYS);
  const from = dayFromKey(data.coverage.from);
  const to = dayFromKey(data.coverage.to);
  const holidays = new Map<number, string>();
  const makeUp = new Map<number, string>();
  for (const [key, name] of Object.entries(data.holidays)) holidays.set(dayFromKey(key), name);
  for (const [key, name] of Object.entries(data.makeUpWorkdays)) makeUp.set(dayFromKey(key), name);

  const isWorking = (day: number): boolean => {
    if (makeUp.has(day)) return true;
    if (holidays.has(day)) return false;
    return weekdays.has(weekdayOf(day));
  };
  const dayInfo = (day: number): DayInfo => {
    const covered = day >= from && day <= to;
    const date = dateKey(day);
    const made = makeUp.get(day);
    if (made !== undefined)
      return { day, date, kind: 'makeUpWorkday', working: true, name: made, covered };
    const holiday = holidays.get(day);
    if (holiday !== undefined)
      return { day, date, kind: 'holiday', working: false, name: holiday, covered };
    const working = weekdays.has(weekdayOf(day));
    return { day, date, kind: working ? 'workday' : 'weekend', working, name: null, covered };
  };
  return { id: data.id, version: data.version, coverage: { from, to }, dayInfo, isWorking };
};

/** Decode and build a user-supplied calendar. */
export const decodeCalendar = (input: unknown): E.Either<DecodeError, WorkCalendar> =>
  E.map(calendarFromData)(decodeCalendarData(input));

/**
 * Defer building a calendar until a working-time clock first asks for a day: the default
 * policy counts calendar time, so most deployments never pay for the holiday table.
 */
export const lazyCalendar = (id: string, load: () => WorkCalendar): WorkCalendar => {
  let built: WorkCalendar | undefined;
  const get = (): WorkCalendar => {
    built ??= load();
    return built;
  };
  return {
    id,
    get version() {
      return get().version;
    },
    get coverage() {
      return get().coverage;
    },
    dayInfo: (day) => get().dayInfo(day),
    isWorking: (day) => get().isWorking(day),
  };
};
