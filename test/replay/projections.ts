import * as E from 'fp-ts/Either';
import { hongchangPolicy } from '../../src/policy/hongchang';
import { scoreHistory } from '../../src/scoring/history';
import { foldScoring, type ScoringProjection } from '../../src/scoring/projection';
import { scoringView } from '../../src/scoring/view';
import { slaContext } from '../../src/sla/context';
import type { ComplaintSla } from '../../src/sla/evaluate';
import { slaAsOf, slaPortfolio } from '../../src/sla/portfolio';
import { foldSla, type SlaProjection } from '../../src/sla/projection';
import type { StoredEvent } from '../../src/store/envelope';

/** Fixed instants the projections are read at: some complaints closed by then, some not. */
export const NOW = Date.parse('2026-03-20T09:30:00+08:00');
/** A cut by recording time, which only the stores' clock decides. */
export const RECORDED_BY = Date.parse('2026-02-10T00:00:00+08:00');

const right = <A>(either: E.Either<unknown, A>, what: string): A => {
  if (E.isLeft(either)) throw new Error(`${what}: ${JSON.stringify(either.left)}`);
  return either.right;
};

const ctx = right(slaContext(hongchangPolicy), 'slaContext(hongchangPolicy)');

export interface Projected {
  /** Every complaint's clocks and SLA history at NOW. */
  readonly sla: readonly ComplaintSla[];
  /** The portfolio as it stood when only the events recorded by RECORDED_BY were in. */
  readonly slaAsRecorded: readonly ComplaintSla[];
  readonly centres: readonly string[];
  /** Each centre's monthly scores, deductions and remediation flags, as `rebuild` prints them. */
  readonly scores: ReturnType<typeof scoreHistory>;
}

/** The SLA and scoring projections of what one store read back, built as the CLI's rebuild does. */
export const project = (events: readonly StoredEvent[]): Projected =>
  projected(right(foldSla(events), 'foldSla'), right(foldScoring(events), 'foldScoring'));

/** What an SLA projection says of every complaint, however it was built. */
export const projectedSla = (sla: SlaProjection): Pick<Projected, 'sla' | 'slaAsRecorded'> => ({
  sla: slaPortfolio(ctx, sla, NOW),
  slaAsRecorded: slaAsOf(ctx, sla, RECORDED_BY),
});

/** What the projections say, however they were built. */
export const projected = (sla: SlaProjection, scoring: ScoringProjection): Projected => {
  const view = right(scoringView(ctx, scoring, NOW), 'scoringView');
  const months = view.centres
    .map((c) => view.firstMonth(c))
    .filter((m): m is string => m !== undefined)
    .sort();
  const first = months[0];
  const last = view.monthOf(NOW);
  return {
    ...projectedSla(sla),
    centres: view.centres,
    scores: first === undefined || first > last ? [] : scoreHistory(view, first, last),
  };
};

/**
 * Projections cite events by global position, which each store numbers its own way
 * (PostgreSQL's are not contiguous). Every `position` becomes the id of the event at that
 * position in the store the projection was built from, so that two stores compare by
 * which event is cited. A position the store never gave stays visible as such.
 */
export const citingEventIds = (value: unknown, idAt: ReadonlyMap<number, string>): unknown => {
  if (Array.isArray(value)) return value.map((v) => citingEventIds(v, idAt));
  if (value instanceof Map)
    return new Map([...value].map(([k, v]) => [k, citingEventIds(v, idAt)]));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value))
    out[key] =
      key === 'position' && typeof v === 'number'
        ? (idAt.get(v) ?? `no event at position ${v}`)
        : citingEventIds(v, idAt);
  return out;
};
