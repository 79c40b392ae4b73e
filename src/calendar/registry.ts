import type { WorkCalendar } from './calendar';
import { CHINA_MAINLAND, chinaMainlandCalendar } from './china';

/** Calendars by id; a policy names the one its working-time clocks count on. */
export type CalendarRegistry = Readonly<Record<string, WorkCalendar>>;

export const builtInCalendars: CalendarRegistry = { [CHINA_MAINLAND]: chinaMainlandCalendar };

/** The caller's calendars first, then the built-in ones. */
export const findCalendar = (
  id: string,
  calendars: CalendarRegistry = {},
): WorkCalendar | undefined =>
  Object.hasOwn(calendars, id)
    ? calendars[id]
    : Object.hasOwn(builtInCalendars, id)
      ? builtInCalendars[id]
      : undefined;
