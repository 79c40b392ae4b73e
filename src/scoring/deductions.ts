import type { DeductionCategory, ScoringSettings } from '../policy/scoring';
import { DEDUCTION_CATEGORIES } from '../policy/scoring';
import type { StepKind } from '../policy/steps';
import type { CancelReason, SlaClock } from '../sla/clock';
import type { EventLink } from './event-link';
import { formatDuration, formatLocal } from './format';
import type { ScoringView } from './view';

/** What caused a deduction: a clock (a breach) or an event (an inspection, a refusal, …). */
export type DeductionCause =
  | {
      readonly kind: 'clock';
      /** `<complaintId>/<key>`, as the SLA projection names it. */
      readonly clockId: string;
      readonly complaintId: string;
      readonly step: StepKind;
      /** The class whose limit was missed (the former one when a breach was kept). */
      readonly complaintClass: string;
      readonly dueAt: number;
      readonly stoppedAt: number | null;
      readonly overdueMs: number | null;
    }
  | { readonly kind: 'event'; readonly complaintId: string; readonly event: EventLink };

/** One deduction from a centre's monthly score, with its cause. */
export interface Deduction {
  readonly category: DeductionCategory;
  readonly centre: string;
  readonly month: string;
  readonly complaintId: string;
  /** When it happened: a breach at the due time it missed, the others at their event. */
  readonly at: number;
  /** Points the settings deduct for it before caps. */
  readonly nominal: number;
  /** Points actually deducted: less than nominal when a cap or the floor was reached. */
  readonly points: number;
  readonly cappedBy: 'perComplaint' | 'category' | 'floor' | null;
  readonly cause: DeductionCause;
  readonly reason: string;
}

export type Candidate = Omit<Deduction, 'points' | 'cappedBy'>;

/** Points for a breached clock of `step` under `classId`. */
export const breachPoints = (
  settings: ScoringSettings,
  classId: string,
  step: StepKind,
): number => {
  const table = settings.deductions.breach;
  const row =
    table.byClass !== undefined && Object.hasOwn(table.byClass, classId)
      ? table.byClass[classId]
      : undefined;
  const byStep =
    row?.steps !== undefined && Object.hasOwn(row.steps, step) ? row.steps[step] : undefined;
  return byStep ?? row?.default ?? table.default;
};

const cancelledBy: Readonly<Record<CancelReason, string>> = {
  closed: 'closed',
  reclassified: 're-classified',
  settled: 'settled by the coordination meeting',
};

const clockCandidate = (view: ScoringView, clock: SlaClock): Candidate | undefined => {
  if (!clock.breached || clock.breachedAt === null) return undefined;
  const classId = clock.breachKeptFrom ?? clock.complaintClass;
  const missedRevisit = clock.step === 'revisit';
  const category: DeductionCategory = missedRevisit ? 'missedRevisit' : 'breach';
  const nominal = missedRevisit
    ? view.settings.deductions.missedRevisit
    : breachPoints(view.settings, classId, clock.step);
  const due = formatLocal(view.zone, clock.breachedAt);
  const late =
    clock.stoppedAt !== null && clock.overdueMs !== null
      ? clock.settledAt !== null
        ? `settled by the coordination meeting ${formatDuration(clock.overdueMs)} late`
        : `done ${formatDuration(clock.overdueMs)} late`
      : clock.cancelled !== null
        ? `not done before it was ${cancelledBy[clock.cancelled.reason]}`
        : `still not done (${formatDuration(clock.overdueMs ?? 0)} overdue)`;
  return {
    category,
    centre: clock.centre,
    month: view.monthOf(clock.breachedAt),
    complaintId: clock.complaintId,
    at: clock.breachedAt,
    nominal,
    cause: {
      kind: 'clock',
      clockId: clock.id,
      complaintId: clock.complaintId,
      step: clock.step,
      complaintClass: classId,
      dueAt: clock.breachedAt,
      stoppedAt: clock.stoppedAt,
      overdueMs: clock.overdueMs,
    },
    reason: missedRevisit
      ? `revisit of ${clock.complaintId} due ${due}: ${late}`
      : `${clock.step} of ${classId} complaint ${clock.complaintId} due ${due}: ${late}`,
  };
};

const eventCandidate = (
  view: ScoringView,
  centre: string,
  complaintId: string,
  category: DeductionCategory,
  nominal: number,
  event: EventLink,
  reason: string,
): Candidate => ({
  category,
  centre,
  month: view.monthOf(event.at),
  complaintId,
  at: event.at,
  nominal,
  cause: { kind: 'event', complaintId, event },
  reason,
});

/** Every possible deduction of the view, before caps, whatever its month. */
export const allCandidates = (view: ScoringView): Candidate[] => {
  const out: Candidate[] = [];
  const d = view.settings.deductions;
  for (const clock of view.clocks) {
    const c = clockCandidate(view, clock);
    if (c !== undefined) out.push(c);
  }
  for (const f of view.complaints) {
    if (f.repeatOf !== null)
      out.push(
        eventCandidate(
          view,
          f.centre,
          f.complaintId,
          'repeatComplaint',
          d.repeatComplaint,
          f.received,
          `${f.complaintId} repeats complaint ${f.repeatOf} (反复投诉)`,
        ),
      );
    for (const i of f.inspections)
      if (i.result === 'failed')
        out.push(
          eventCandidate(
            view,
            f.centre,
            f.complaintId,
            'failedInspection',
            d.failedInspection,
            i.ref,
            `rectification ${i.noticeId} of ${f.complaintId} failed inspection (${formatLocal(view.zone, i.ref.at)})`,
          ),
        );
    for (const r of f.refusals)
      out.push(
        eventCandidate(
          view,
          f.centre,
          f.complaintId,
          'customerRefusal',
          d.customerRefusal,
          r.ref,
          `customer refused the result of ${f.complaintId} (${formatLocal(view.zone, r.ref.at)}): ${r.reason}`,
        ),
      );
  }
  return out;
};

/**
 * A tie-break that every store gives the same answer to: clocks by id, events by stream and
 * stream version (global positions differ between stores, e.g. PostgreSQL's are gapped).
 */
const byCause = (a: Candidate, b: Candidate): number => {
  if (a.cause.kind !== b.cause.kind) return a.cause.kind === 'clock' ? -1 : 1;
  if (a.cause.kind === 'clock' && b.cause.kind === 'clock')
    return a.cause.clockId < b.cause.clockId ? -1 : a.cause.clockId > b.cause.clockId ? 1 : 0;
  if (a.cause.kind === 'event' && b.cause.kind === 'event') {
    const x = a.cause.event;
    const y = b.cause.event;
    if (x.streamId !== y.streamId) return x.streamId < y.streamId ? -1 : 1;
    return x.streamVersion - y.streamVersion;
  }
  return 0;
};

/** The order caps favour items in (see `shareUnderCaps`): earliest first, so a cap cuts the latest. */
export const byOccurrence = (a: Candidate, b: Candidate): number =>
  a.at - b.at ||
  DEDUCTION_CATEGORIES.indexOf(a.category) - DEDUCTION_CATEGORIES.indexOf(b.category) ||
  byCause(a, b);

const cache = new WeakMap<ScoringView, Map<string, Candidate[]>>();

export const bucketKey = (centre: string, month: string): string => `${centre}\u0000${month}`;

/** The candidates of one centre and month, in the order caps apply to them. */
export const candidatesOf = (
  view: ScoringView,
  centre: string,
  month: string,
): readonly Candidate[] => {
  let buckets = cache.get(view);
  if (buckets === undefined) {
    buckets = new Map();
    for (const c of allCandidates(view)) {
      const key = bucketKey(c.centre, c.month);
      const list = buckets.get(key);
      if (list === undefined) buckets.set(key, [c]);
      else list.push(c);
    }
    for (const list of buckets.values()) list.sort(byOccurrence);
    cache.set(view, buckets);
  }
  return buckets.get(bucketKey(centre, month)) ?? [];
};
