import type { StepKind } from '../policy/steps';
import { HOUR_MS } from '../shared/time';
import type { ClockState, SlaClock } from './clock';
import type { ComplaintSla } from './evaluate';

export interface ClockFilter {
  readonly centre?: string;
  readonly complaintClass?: string;
  readonly step?: StepKind;
}

const matches = (clock: SlaClock, filter: ClockFilter | undefined): boolean =>
  filter === undefined ||
  ((filter.centre === undefined || clock.centre === filter.centre) &&
    (filter.complaintClass === undefined || clock.complaintClass === filter.complaintClass) &&
    (filter.step === undefined || clock.step === filter.step));

/** Past due and still open: nobody has done the step yet. */
export const isOverdue = (clock: SlaClock): boolean =>
  clock.state === 'breached' && clock.stoppedAt === null;

const rank = (clock: SlaClock): number => {
  if (isOverdue(clock)) return 0;
  if (clock.state === 'running') return clock.atRisk ? 1 : 2;
  if (clock.state === 'pending') return 3;
  return 4;
};

/**
 * Most urgent first: overdue clocks by how late they are, then running clocks (at risk
 * first) by time left, then pending, then finished ones; ties by clock id.
 */
export const byUrgency = (a: SlaClock, b: SlaClock): number => {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (ra === 0) return (b.overdueMs ?? 0) - (a.overdueMs ?? 0) || a.id.localeCompare(b.id);
  if (ra <= 2) return (a.remainingMs ?? 0) - (b.remainingMs ?? 0) || a.id.localeCompare(b.id);
  return a.id.localeCompare(b.id);
};

export interface SlaSummary {
  readonly key: string;
  readonly clocks: number;
  readonly byState: Readonly<Record<ClockState, number>>;
  readonly overdue: number;
  readonly atRisk: number;
  /** Clocks ever breached (stopped late, overdue, or breached before cancellation). */
  readonly breached: number;
  /** Met among finished (met or breached and stopped) clocks; null when none finished. */
  readonly timelinessRate: number | null;
}

const summarise = (key: string, clocks: readonly SlaClock[]): SlaSummary => {
  const byState: Record<ClockState, number> = {
    pending: 0,
    running: 0,
    met: 0,
    breached: 0,
    cancelled: 0,
  };
  let overdue = 0;
  let atRisk = 0;
  let breached = 0;
  let finished = 0;
  for (const c of clocks) {
    byState[c.state]++;
    if (isOverdue(c)) overdue++;
    if (c.atRisk) atRisk++;
    if (c.breached) breached++;
    if (c.state === 'met' || (c.state === 'breached' && c.stoppedAt !== null)) finished++;
  }
  return {
    key,
    clocks: clocks.length,
    byState,
    overdue,
    atRisk,
    breached,
    timelinessRate: finished === 0 ? null : byState.met / finished,
  };
};

/** Queries over the whole portfolio at the instant it was evaluated. */
export interface SlaQueries {
  /** All clocks matching the filter, most urgent first. */
  clocks(filter?: ClockFilter): SlaClock[];
  /** Past due and still open. */
  overdue(filter?: ClockFilter): SlaClock[];
  /** Running and due within the next `hours`, soonest first. */
  dueWithin(hours: number, filter?: ClockFilter): SlaClock[];
  atRisk(filter?: ClockFilter): SlaClock[];
  /** Clocks whose due time was missed within [from, to). */
  breachedBetween(from: number, to: number, filter?: ClockFilter): SlaClock[];
  /** Counts per centre or per class, sorted by key. */
  summaryBy(dimension: 'centre' | 'complaintClass', filter?: ClockFilter): SlaSummary[];
}

export const slaQueries = (complaints: readonly ComplaintSla[]): SlaQueries => {
  const all: SlaClock[] = complaints.flatMap((c) => c.clocks).sort(byUrgency);
  const now = complaints[0]?.now ?? 0;
  const select = (filter: ClockFilter | undefined, pick: (c: SlaClock) => boolean) =>
    all.filter((c) => matches(c, filter) && pick(c));
  return {
    clocks: (filter) => select(filter, () => true),
    overdue: (filter) => select(filter, isOverdue),
    dueWithin: (hours, filter) =>
      select(
        filter,
        (c) => c.state === 'running' && c.dueAt !== null && c.dueAt - now <= hours * HOUR_MS,
      ).sort((a, b) => (a.dueAt ?? 0) - (b.dueAt ?? 0) || a.id.localeCompare(b.id)),
    atRisk: (filter) => select(filter, (c) => c.atRisk),
    breachedBetween: (from, to, filter) =>
      select(filter, (c) => c.breachedAt !== null && c.breachedAt >= from && c.breachedAt < to),
    summaryBy: (dimension, filter) => {
      const groups = new Map<string, SlaClock[]>();
      for (const c of select(filter, () => true)) {
        const key = c[dimension];
        const list = groups.get(key);
        if (list === undefined) groups.set(key, [c]);
        else list.push(c);
      }
      return [...groups.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, clocks]) => summarise(key, clocks));
    },
  };
};
