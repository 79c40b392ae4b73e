import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { type DecodeError, type DecodeProblem, decodeError, decodeWith } from '../shared/decode';
import { dayFromKey } from './zone';

/** A civil date `YYYY-MM-DD` that exists. */
export const DateKey = t.refinement(t.string, (s) => !Number.isNaN(dayFromKey(s)), 'DateKey');

const Weekday = t.refinement(
  t.number,
  (n) => Number.isInteger(n) && n >= 0 && n <= 6,
  'Weekday (0 = Sunday … 6 = Saturday)',
);

/**
 * Calendar data as a user supplies it (a JSON file, a database row) or as the built-in China
 * calendar produces it. `coverage` is the span of dates the holiday data is known for: a
 * deadline that depends on a day outside it is reported as provisional, because an unknown
 * holiday arrangement cannot be told from an ordinary weekday.
 */
export const CalendarData = t.intersection(
  [
    t.type({
      id: t.string,
      /** Where the data came from and which version, e.g. `chinese-days@1.5.7`. */
      version: t.string,
      coverage: t.type({ from: DateKey, to: DateKey }),
      /** Non-working days (法定节假日), with their names. */
      holidays: t.record(t.string, t.string),
      /** Weekend days that are working days (调休 make-up days), with the holiday they belong to. */
      makeUpWorkdays: t.record(t.string, t.string),
    }),
    t.partial({
      /** Working days of an ordinary week; default Monday to Friday. */
      workingWeekdays: t.array(Weekday),
    }),
  ],
  'CalendarData',
);
export type CalendarData = t.TypeOf<typeof CalendarData>;

const semanticProblems = (data: CalendarData): DecodeProblem[] => {
  const problems: DecodeProblem[] = [];
  const add = (path: string, message: string, actual: unknown) =>
    problems.push({ path, expected: 'valid calendar data', actual, message });
  const from = dayFromKey(data.coverage.from);
  const to = dayFromKey(data.coverage.to);
  if (from > to) add('coverage.to', 'coverage ends before it starts', data.coverage.to);
  const checkDays = (field: 'holidays' | 'makeUpWorkdays') => {
    for (const key of Object.keys(data[field])) {
      const day = dayFromKey(key);
      if (Number.isNaN(day)) add(`${field}.${key}`, 'expected a date YYYY-MM-DD', key);
      else if (day < from || day > to)
        add(`${field}.${key}`, 'lies outside the coverage the data declares', key);
    }
  };
  checkDays('holidays');
  checkDays('makeUpWorkdays');
  for (const key of Object.keys(data.makeUpWorkdays))
    if (Object.hasOwn(data.holidays, key))
      add(`makeUpWorkdays.${key}`, 'is also listed as a holiday', key);
  if (data.workingWeekdays !== undefined && data.workingWeekdays.length === 0)
    add('workingWeekdays', 'a week needs at least one working day', data.workingWeekdays);
  return problems;
};

/** Decode calendar data from outside; each problem names its field. */
export const decodeCalendarData = (input: unknown): E.Either<DecodeError, CalendarData> =>
  E.chain((data: CalendarData) => {
    const problems = semanticProblems(data);
    return problems.length === 0 ? E.right(data) : E.left(decodeError('calendar', problems));
  })(decodeWith(CalendarData, 'calendar')(input));
