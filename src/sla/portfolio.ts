import type { SlaContext } from './context';
import { type ComplaintSla, evaluateComplaint } from './evaluate';
import type { SlaProjection } from './projection';
import type { Cut } from './timeline';

/** Every complaint's SLA as of `now`, from the facts in the cut (all when none is given). */
export const slaPortfolio = (
  ctx: SlaContext,
  projection: SlaProjection,
  now: number,
  cut?: Cut,
): ComplaintSla[] => {
  const out: ComplaintSla[] = [];
  for (const record of projection.complaints()) {
    const sla = evaluateComplaint(ctx, record, now, cut);
    if (sla !== null) out.push(sla);
  }
  return out;
};

/**
 * The portfolio as it stood at `instant` (bitemporal): only the events recorded by then,
 * evaluated at that time. Equal to evaluating a store cut at that instant.
 */
export const slaAsOf = (
  ctx: SlaContext,
  projection: SlaProjection,
  instant: number,
): ComplaintSla[] => slaPortfolio(ctx, projection, instant, { recordedAtOrBefore: instant });

/** One complaint as of `now` (or as of a cut); undefined when the projection never saw it. */
export const complaintSla = (
  ctx: SlaContext,
  projection: SlaProjection,
  complaintId: string,
  now: number,
  cut?: Cut,
): ComplaintSla | undefined => {
  const record = projection.complaint(complaintId);
  return record === undefined ? undefined : (evaluateComplaint(ctx, record, now, cut) ?? undefined);
};
