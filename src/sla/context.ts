import * as E from 'fp-ts/Either';
import { type CalendarRegistry, findCalendar } from '../calendar/registry';
import { type WorkingTime, workingTime } from '../calendar/working-time';
import type { Policy, StepRule } from '../policy/types';

/** The policy's calendar is needed (working time or roll-forward) but no calendar has its id. */
export interface UnknownCalendar {
  readonly _tag: 'UnknownCalendar';
  readonly calendarId: string;
  readonly message: string;
}

/** Everything clocks are evaluated against besides the events and `now`. */
export interface SlaContext {
  readonly policy: Policy;
  readonly zone: string;
  /** Null when no limit of the policy counts working time or rolls to a working day. */
  readonly workingTime: WorkingTime | null;
  readonly rollForwardTo: 'sameTimeOfDay' | 'endOfWorkingDay';
  readonly afterRefusal: 'newRound' | 'originalDue';
  readonly settledByMeeting: 'stopped' | 'cancelled';
}

const usesCalendar = (rule: StepRule): boolean => {
  const limit = rule.limit;
  if (limit === null || limit.kind === 'notice') return false;
  return limit.rollToWorkingDay === true || ('clock' in limit && limit.clock === 'working');
};

/** True when some limit of the policy counts working time or rolls to a working day. */
export const policyUsesCalendar = (policy: Policy): boolean =>
  Object.values(policy.classes).some((cls) => cls.steps.some(usesCalendar));

/**
 * Prepare a policy for clock evaluation, with the calendars its working-time limits count on
 * (the caller's, then the built-in China calendar).
 */
export const slaContext = (
  policy: Policy,
  calendars?: CalendarRegistry,
): E.Either<UnknownCalendar, SlaContext> => {
  const base = {
    policy,
    zone: policy.timeZone,
    rollForwardTo: policy.sla?.rollForwardTo ?? 'sameTimeOfDay',
    afterRefusal: policy.sla?.afterRefusal ?? 'newRound',
    settledByMeeting: policy.sla?.settledByMeeting ?? 'stopped',
  } as const;
  const calendar = findCalendar(policy.calendar.id, calendars);
  if (calendar === undefined) {
    if (policyUsesCalendar(policy))
      return E.left({
        _tag: 'UnknownCalendar',
        calendarId: policy.calendar.id,
        message: `policy ${policy.id} counts working time on calendar "${policy.calendar.id}", which is not registered`,
      });
    return E.right({ ...base, workingTime: null });
  }
  return E.right({
    ...base,
    workingTime: workingTime(policy.timeZone, calendar, policy.calendar),
  });
};
