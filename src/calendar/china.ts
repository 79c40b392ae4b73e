import chineseDays from 'chinese-days';
import { type WorkCalendar, calendarFromData, lazyCalendar } from './calendar';
import type { CalendarData } from './data';
import { dateKey, dayFromParts, weekdayOf } from './zone';

/** The calendar id the default policy names. */
export const CHINA_MAINLAND = 'china-mainland';

/**
 * The data package the China calendar is built on, pinned to an exact version in
 * package.json: it knows public holidays and make-up working days (调休) as published by the
 * State Council each year. A test checks that the installed version is this one; when the
 * pin is raised (a new year's arrangement is published), the coverage grows by itself.
 */
export const CHINESE_DAYS_VERSION = '1.5.7';

const FIRST_YEAR_PROBED = 2000;
const LAST_YEAR_PROBED = 2100;

/** chinese-days reads dates in the machine's zone: local noon names the same civil date everywhere. */
const detail = (year: number, month: number, day: number) =>
  chineseDays.getDayDetail(new Date(year, month - 1, day, 12));

/**
 * A year is covered when the package knows its New Year's Day (元旦): for a year it has no
 * data for, it answers with the bare weekday name, like any ordinary day.
 */
const knowsYear = (year: number): boolean => detail(year, 1, 1).name.includes('元旦');

/** `Spring Festival,春节,4` → `春节 Spring Festival`. */
const holidayName = (raw: string): string => {
  const [english, chinese] = raw.split(',');
  return chinese === undefined ? raw : `${chinese} ${english}`;
};

const buildData = (): CalendarData => {
  const years: number[] = [];
  for (let y = FIRST_YEAR_PROBED; y <= LAST_YEAR_PROBED; y++) if (knowsYear(y)) years.push(y);
  // Only the unbroken run of years up to the newest one counts as covered.
  const last = years[years.length - 1] ?? FIRST_YEAR_PROBED - 1;
  let first = last;
  while (years.includes(first - 1)) first--;
  const holidays: Record<string, string> = {};
  const makeUpWorkdays: Record<string, string> = {};
  for (let day = dayFromParts(first, 1, 1); day <= dayFromParts(last, 12, 31); day++) {
    const key = dateKey(day);
    const [y, m, d] = key.split('-').map(Number) as [number, number, number];
    const info = detail(y, m, d);
    const weekend = weekdayOf(day) === 0 || weekdayOf(day) === 6;
    const named = info.name.includes(',');
    if (info.work && weekend) makeUpWorkdays[key] = holidayName(info.name);
    else if (!info.work && (!weekend || named)) holidays[key] = holidayName(info.name);
  }
  return {
    id: CHINA_MAINLAND,
    version: `chinese-days@${CHINESE_DAYS_VERSION}`,
    coverage: { from: `${first}-01-01`, to: `${last}-12-31` },
    holidays,
    makeUpWorkdays,
    workingWeekdays: [1, 2, 3, 4, 5],
  };
};

let cachedData: CalendarData | undefined;

/** The China mainland calendar as plain data (to inspect, store, or extend with your own days). */
export const chinaMainlandCalendarData = (): CalendarData => {
  cachedData ??= buildData();
  return cachedData;
};

/** The China mainland calendar: Monday–Friday weeks, public holidays and 调休 make-up days. */
export const chinaMainlandCalendar: WorkCalendar = lazyCalendar(
  CHINA_MAINLAND,
  `chinese-days@${CHINESE_DAYS_VERSION}`,
  () => calendarFromData(chinaMainlandCalendarData()),
);
