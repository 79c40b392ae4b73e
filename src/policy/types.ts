import * as t from 'io-ts';
import { ScoringSettings } from './scoring';
import { Anchor, StepKind } from './steps';

const PositiveNumber = t.refinement(t.number, (n) => Number.isFinite(n) && n > 0, 'PositiveNumber');
const PositiveInt = t.refinement(t.number, (n) => Number.isSafeInteger(n) && n > 0, 'PositiveInt');
const Share = t.refinement(t.number, (n) => n > 0 && n <= 1, 'ShareBetween0And1');
/** What a class id looks like; checked by decodePolicy, which names the offending key. */
export const CLASS_ID = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

/** Count elapsed calendar time, or only working time on the policy's calendar. */
export const ClockKind = t.keyof({ calendar: null, working: null }, 'ClockKind');
export type ClockKind = t.TypeOf<typeof ClockKind>;

/**
 * A time limit. `sameDay` ends at midnight of the anchor's day in the policy's time zone;
 * `notice` is the deadline written on each rectification notice; `months` is calendar
 * months (what a month after the 31st means is `policy.monthEnd`).
 */
export const Limit = t.union(
  [
    t.intersection([
      t.type({ kind: t.literal('hours'), hours: PositiveNumber }),
      t.partial({ clock: ClockKind, rollToWorkingDay: t.boolean }),
    ]),
    t.intersection([
      t.type({ kind: t.literal('days'), days: PositiveNumber }),
      t.partial({ clock: ClockKind, rollToWorkingDay: t.boolean }),
    ]),
    t.intersection([
      t.type({ kind: t.literal('sameDay') }),
      t.partial({ rollToWorkingDay: t.boolean }),
    ]),
    t.intersection([
      t.type({ kind: t.literal('months'), months: PositiveInt }),
      t.partial({ rollToWorkingDay: t.boolean }),
    ]),
    t.type({ kind: t.literal('notice') }),
  ],
  'Limit',
);
export type Limit = t.TypeOf<typeof Limit>;

/** One step a class requires: when its clock starts, its limit, what must come before. */
export const StepRule = t.intersection(
  [
    t.type({
      step: StepKind,
      /** The event its clock counts from. */
      from: Anchor,
      /** null: the step has no clock (e.g. customer acceptance, which the sources do not time). */
      limit: t.union([Limit, t.null]),
      /** Steps that must be done before this one may be recorded. */
      after: t.array(StepKind),
      /** The complaint cannot close before this step is done. */
      requiredToClose: t.boolean,
      /** The rule in the source this row encodes, quoted for explanations. */
      source: t.string,
    }),
    t.partial({
      /** The clock may pause while the centre waits on the customer. */
      pausable: t.boolean,
    }),
  ],
  'StepRule',
);
export type StepRule = t.TypeOf<typeof StepRule>;

export const ClassPolicy = t.intersection(
  [
    t.type({
      label: t.string,
      /** The Chinese name, e.g. 重大服务质量投诉. */
      zh: t.string,
      /**
       * Service-quality classes need a passed rectification and the customer's acceptance
       * before closing (a hard rule of the sources, enforced by the aggregate).
       */
      serviceQuality: t.boolean,
      /** In order of handling. Must include `close` (every complaint has a closing deadline). */
      steps: t.array(StepRule),
      /** May be escalated to the general manager's coordination meeting (协调会). */
      coordinationMeeting: t.boolean,
      /** Steps a customer's refusal sends back: they must be done again before closing. */
      refusalReopens: t.array(StepKind),
    }),
    // Optional so that policies written before it existed still decode (as settling nothing).
    t.partial({
      /**
       * Steps the coordination meeting settles in the centre's place once the complaint is
       * escalated: they no longer hold back the steps after them nor the close (they may still
       * be recorded). POLICY.md leaves what follows a failed 48 h negotiation of a major
       * complaint to a setting; the default policy's meeting settles the negotiation.
       * Absent: none. Only for a class with `coordinationMeeting`.
       */
      coordinationMeetingSettles: t.array(StepKind),
    }),
  ],
  'ClassPolicy',
);
export type ClassPolicy = t.TypeOf<typeof ClassPolicy>;

/**
 * Working-time calendar the policy counts `working` clocks on. The data (holidays,
 * make-up working days) is supplied separately by a Calendar implementation; the policy
 * names which one and the working hours.
 */
export const CalendarSettings = t.type(
  {
    /** e.g. `china-mainland` (built on the chinese-days package) or a user calendar id. */
    id: t.string,
    /** Working hours of a working day, local time, e.g. 09:00–18:00. */
    workdayStart: t.string,
    workdayEnd: t.string,
  },
  'CalendarSettings',
);
export type CalendarSettings = t.TypeOf<typeof CalendarSettings>;

export const RectificationSettings = t.type(
  {
    /**
     * Deadline given to a notice whose command names none, in hours from issue. null: every
     * notice must carry its own deadline (the manual's table of rectification times is missing).
     */
    defaultNoticeHours: t.union([PositiveNumber, t.null]),
    /** Longest deadline a notice may carry, in hours from issue; null: no cap. */
    maxNoticeHours: t.union([PositiveNumber, t.null]),
  },
  'RectificationSettings',
);

export const ReclassificationSettings = t.type(
  {
    allowed: t.boolean,
  },
  'ReclassificationSettings',
);

/**
 * Settings of the SLA projection that the sources leave open. Optional so that policies
 * written before they existed still decode; the defaults are the ones named here.
 */
export const SlaSettings = t.partial(
  {
    /**
     * 遇节假日顺延: where a deadline rolled off a non-working day lands (for limits with
     * `rollToWorkingDay`): the next working day at the same local time of day
     * (`sameTimeOfDay`, default; a "same day" limit then ends at that day's midnight), or at
     * the close of that day's working hours (`endOfWorkingDay`).
     */
    rollForwardTo: t.keyof({ sameTimeOfDay: null, endOfWorkingDay: null }, 'RollForwardTo'),
    /**
     * A customer's refusal sends steps back. `newRound` (default): each reopened step gets a
     * new clock, counted from the refusal (or from its reopened anchor step's new
     * completion), with the same limit. `originalDue`: the step keeps counting to the due
     * time of its first clock.
     */
    afterRefusal: t.keyof({ newRound: null, originalDue: null }, 'AfterRefusal'),
    /**
     * How the clock of a step the coordination meeting settles (the class's
     * `coordinationMeetingSettles`) ends when the complaint is escalated before the step was
     * done. The sources do not say whether handing a step to the meeting counts as doing it
     * in time. `stopped` (default): the escalation stops the clock as the step's completion
     * would: met when it came within the limit, breached (for good) when after.
     * `cancelled`: the escalation cancels the clock (reason `settled`): it leaves the
     * timeliness rate, and a breach already past stays on it. Either way the steps counting
     * from a settled step count from the escalation.
     */
    settledByMeeting: t.keyof({ stopped: null, cancelled: null }, 'SettledByMeeting'),
  },
  'SlaSettings',
);
export type SlaSettings = t.TypeOf<typeof SlaSettings>;

const PolicyRequired = t.type(
  {
    id: t.string,
    /** Changes whenever any value changes; recorded in explanations. */
    version: t.string,
    name: t.string,
    /** IANA zone for "the same day" and calendar days, e.g. Asia/Shanghai. */
    timeZone: t.string,
    /** Keyed by class id (invalid, general, generalServiceQuality, majorServiceQuality, …). */
    // Keyed by plain strings: io-ts drops keys a refined key codec refuses, and a class
    // must never vanish from a policy silently. decodePolicy checks the ids.
    classes: t.record(t.string, ClassPolicy),
    calendar: CalendarSettings,
    /** Share of the allowed time after which a running clock is "at risk". */
    atRiskShare: Share,
    /** One month after Jan 31: `clamp` → Feb 28/29; `overflow` → Mar 2/3. */
    monthEnd: t.keyof({ clamp: null, overflow: null }, 'MonthEnd'),
    rectification: RectificationSettings,
    reclassification: ReclassificationSettings,
  },
  'Policy',
);

export const Policy = t.intersection(
  [
    PolicyRequired,
    t.partial({
      sla: SlaSettings,
      /** Monthly centre scores (月度考评) and the report; defaultScoringSettings when absent. */
      scoring: ScoringSettings,
    }),
  ],
  'Policy',
);
export type Policy = t.TypeOf<typeof Policy>;
