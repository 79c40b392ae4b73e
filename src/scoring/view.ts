import * as E from 'fp-ts/Either';
import type { WorkCalendar } from '../calendar/calendar';
import { type CalendarRegistry, findCalendar } from '../calendar/registry';
import type { ScoringSettings } from '../policy/scoring';
import type { SlaClock } from '../sla/clock';
import type { SlaContext } from '../sla/context';
import type { ComplaintSla } from '../sla/evaluate';
import { slaPortfolio } from '../sla/portfolio';
import type { CentreFacts, ComplaintFacts } from './facts';
import { monthOf } from './month-zone';
import type { ScoringProjection } from './projection';
import { scoringSettingsOf } from './settings';

/** Due days roll forward on the policy's calendar, which no registry has. */
export interface UnknownScoringCalendar {
  readonly _tag: 'UnknownCalendar';
  readonly calendarId: string;
  readonly message: string;
}

/**
 * Everything scores, indicators and the report read, evaluated once at `now`: the SLA of
 * every complaint, the facts, the settings. A pure value: the same events, policy and `now`
 * give the same view.
 */
export interface ScoringView {
  readonly ctx: SlaContext;
  readonly settings: ScoringSettings;
  readonly zone: string;
  readonly now: number;
  /** The policy's calendar, for due days that roll forward (undefined when none is needed). */
  readonly calendar: WorkCalendar | undefined;
  readonly projection: ScoringProjection;
  readonly complaints: readonly ComplaintFacts[];
  readonly sla: ReadonlyMap<string, ComplaintSla>;
  readonly clocks: readonly SlaClock[];
  /** Every centre known: from complaints, registrations, recorded scores and `options.centres`. */
  readonly centres: readonly string[];
  centreFacts(centre: string): CentreFacts | undefined;
  /** The month a centre was first seen in (undefined: only named in options). */
  firstMonth(centre: string): string | undefined;
  monthOf(epochMs: number): string;
}

export interface ScoringViewOptions {
  /** Centres to score even before they have any event. */
  readonly centres?: readonly string[];
  readonly calendars?: CalendarRegistry;
}

const byId = (a: { complaintId: string }, b: { complaintId: string }) =>
  a.complaintId < b.complaintId ? -1 : a.complaintId > b.complaintId ? 1 : 0;

export const scoringView = (
  ctx: SlaContext,
  projection: ScoringProjection,
  now: number,
  options: ScoringViewOptions = {},
): E.Either<UnknownScoringCalendar, ScoringView> => {
  const policy = ctx.policy;
  const settings = scoringSettingsOf(policy);
  const needsCalendar =
    settings.hrDue.rollForward !== 'none' || settings.report.rollForward !== 'none';
  const calendar = findCalendar(policy.calendar.id, options.calendars);
  if (needsCalendar && calendar === undefined)
    return E.left({
      _tag: 'UnknownCalendar',
      calendarId: policy.calendar.id,
      message: `policy ${policy.id} rolls due days forward on calendar "${policy.calendar.id}", which is not registered`,
    });
  const zone = policy.timeZone;
  const sla = new Map<string, ComplaintSla>();
  for (const c of slaPortfolio(ctx, projection.sla, now)) sla.set(c.complaintId, c);
  const complaints = [...projection.facts.complaints()].sort(byId);
  const clocks: SlaClock[] = [];
  for (const c of complaints) clocks.push(...(sla.get(c.complaintId)?.clocks ?? []));
  const firstMonths = new Map<string, string>();
  for (const f of projection.facts.centres())
    firstMonths.set(f.centre, monthOf(zone, f.firstSeenAt));
  const centres = [...new Set([...firstMonths.keys(), ...(options.centres ?? [])])].sort();
  return E.right({
    ctx,
    settings,
    zone,
    now,
    calendar,
    projection,
    complaints,
    sla,
    clocks,
    centres,
    centreFacts: (centre) => projection.facts.centre(centre),
    firstMonth: (centre) => firstMonths.get(centre),
    monthOf: (ms) => monthOf(zone, ms),
  });
};
