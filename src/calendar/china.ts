import { createRequire } from 'node:module';
import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { type DecodeError, decodeWith } from '../shared/decode';
import { type WorkCalendar, calendarFromData, lazyCalendar } from './calendar';
import type { CalendarData } from './data';
import { dayFromKey } from './zone';

/** The calendar id the default policy names. */
export const CHINA_MAINLAND = 'china-mainland';

/**
 * The data package the China calendar is built on, pinned to an exact version in
 * package.json: it lists public holidays and make-up working days (调休) as the State
 * Council publishes them each year. A test checks that the installed version is this one;
 * when the pin is raised (a new year's arrangement is out), the coverage grows by itself.
 */
export const CHINESE_DAYS_VERSION = '1.5.7';

/**
 * The package's published JSON (dist/chinese-days.json, documented in its README), read as
 * data: its functions read dates in the machine's time zone and shift days on machines west
 * of UTC, while the JSON is keyed by civil date and means the same everywhere.
 */
const ChineseDaysJson = t.type(
  {
    holidays: t.record(t.string, t.string),
    workdays: t.record(t.string, t.string),
  },
  'chinese-days.json',
);

// tsup turns import.meta.url into the file's URL in the CommonJS build too.
const readPackageJson = (): unknown =>
  createRequire(import.meta.url)('chinese-days/dist/chinese-days.json');

/** `Spring Festival,春节,4` → `春节 Spring Festival`. */
const holidayName = (raw: string): string => {
  const [english, chinese] = raw.split(',');
  return chinese === undefined ? raw : `${chinese} ${english}`;
};

const isDate = (key: string): boolean => !Number.isNaN(dayFromKey(key));

/**
 * Calendar data from chinese-days' JSON. Coverage is the unbroken run of years, up to the
 * newest, for which the data lists any holiday: a year the State Council has not published
 * yet is past the horizon.
 */
export const chinaCalendarFromChineseDays = (raw: unknown): E.Either<DecodeError, CalendarData> =>
  E.map((json: t.TypeOf<typeof ChineseDaysJson>): CalendarData => {
    const years = new Set(
      Object.keys(json.holidays)
        .filter(isDate)
        .map((k) => Number(k.slice(0, 4))),
    );
    const last = Math.max(...years);
    let first = last;
    while (years.has(first - 1)) first--;
    const from = `${first}-01-01`;
    const to = `${last}-12-31`;
    const within = (key: string) => isDate(key) && key >= from && key <= to;
    const pick = (entries: Record<string, string>) =>
      Object.fromEntries(
        Object.entries(entries)
          .filter(([key]) => within(key))
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([key, name]) => [key, holidayName(name)]),
      );
    const makeUpWorkdays = pick(json.workdays);
    const holidays = Object.fromEntries(
      Object.entries(pick(json.holidays)).filter(([key]) => !Object.hasOwn(makeUpWorkdays, key)),
    );
    return {
      id: CHINA_MAINLAND,
      version: `chinese-days@${CHINESE_DAYS_VERSION}`,
      coverage: years.size === 0 ? { from: '1970-01-01', to: '1970-01-01' } : { from, to },
      holidays,
      makeUpWorkdays,
      workingWeekdays: [1, 2, 3, 4, 5],
    };
  })(decodeWith(ChineseDaysJson, 'chinese-days.json')(raw));

/**
 * Without readable data, every day is past the horizon: deadlines are all provisional, and
 * the version (shown in every explanation) says why.
 */
const noData = (why: string): CalendarData => ({
  id: CHINA_MAINLAND,
  version: `chinese-days@${CHINESE_DAYS_VERSION} (unreadable: ${why})`,
  coverage: { from: '1970-01-01', to: '1970-01-01' },
  holidays: {},
  makeUpWorkdays: {},
  workingWeekdays: [1, 2, 3, 4, 5],
});

let cachedData: CalendarData | undefined;

/** The China mainland calendar as plain data (to inspect, store, or extend with your own days). */
export const chinaMainlandCalendarData = (): CalendarData => {
  if (cachedData === undefined) {
    let read: E.Either<string, unknown>;
    try {
      read = E.right(readPackageJson());
    } catch (error) {
      read = E.left(error instanceof Error ? error.message : String(error));
    }
    cachedData = E.isLeft(read)
      ? noData(read.left)
      : E.getOrElse((e: DecodeError) => noData(e.message))(
          chinaCalendarFromChineseDays(read.right),
        );
  }
  return cachedData;
};

/** The China mainland calendar: Monday–Friday weeks, public holidays and 调休 make-up days. */
export const chinaMainlandCalendar: WorkCalendar = lazyCalendar(CHINA_MAINLAND, () =>
  calendarFromData(chinaMainlandCalendarData()),
);
