import type { SlaClock } from './clock';
import { policyUsesCalendar, type SlaContext } from './context';
import { slaPortfolio } from './portfolio';
import type { SlaProjection } from './projection';
import type { Cut } from './timeline';

/** How one clock differs between two evaluations of the same history. */
export interface ClockDiff {
  readonly id: string;
  readonly complaintId: string;
  readonly key: string;
  readonly before: SlaClock | null;
  readonly after: SlaClock | null;
  /** The state changed (e.g. met → breached), or the clock exists on one side only. */
  readonly verdictChanged: boolean;
  /** after.dueAt − before.dueAt, when both have a due time. */
  readonly dueShiftMs: number | null;
  /** after.overdueMs − before.overdueMs, treating "not overdue" as 0. */
  readonly overdueShiftMs: number;
}

export interface WhatIfReport {
  readonly now: number;
  readonly before: { readonly policy: string; readonly calendar: string | null };
  readonly after: { readonly policy: string; readonly calendar: string | null };
  /** Clocks whose verdict or due time differ, sorted by id. */
  readonly changed: readonly ClockDiff[];
  readonly unchanged: number;
  readonly verdictChanges: number;
  readonly newlyBreached: number;
  readonly noLongerBreached: number;
}

const indexClocks = (
  ctx: SlaContext,
  projection: SlaProjection,
  now: number,
  cut?: Cut,
): Map<string, SlaClock> => {
  const map = new Map<string, SlaClock>();
  for (const c of slaPortfolio(ctx, projection, now, cut))
    for (const k of c.clocks) map.set(k.id, k);
  return map;
};

const describe = (ctx: SlaContext) => ({
  policy: `${ctx.policy.id}@${ctx.policy.version}`,
  calendar:
    ctx.workingTime === null || !policyUsesCalendar(ctx.policy)
      ? null
      : `${ctx.workingTime.calendar.id}@${ctx.workingTime.calendar.version}`,
});

/**
 * Replay the same history under another policy or calendar and compare: which clocks change
 * verdict and by how much their due times move.
 */
export const whatIf = (
  projection: SlaProjection,
  before: SlaContext,
  after: SlaContext,
  now: number,
  cut?: Cut,
): WhatIfReport => {
  const a = indexClocks(before, projection, now, cut);
  const b = indexClocks(after, projection, now, cut);
  const ids = [...new Set([...a.keys(), ...b.keys()])].sort();
  const changed: ClockDiff[] = [];
  let unchanged = 0;
  let verdictChanges = 0;
  let newlyBreached = 0;
  let noLongerBreached = 0;
  for (const id of ids) {
    const x = a.get(id) ?? null;
    const y = b.get(id) ?? null;
    const verdictChanged = x?.state !== y?.state;
    const dueShiftMs = x?.dueAt != null && y?.dueAt != null ? y.dueAt - x.dueAt : null;
    if (!verdictChanged && (dueShiftMs === null || dueShiftMs === 0) && x?.dueAt === y?.dueAt) {
      unchanged++;
      continue;
    }
    if (verdictChanged) verdictChanges++;
    if (!x?.breached && y?.breached) newlyBreached++;
    if (x?.breached && !y?.breached) noLongerBreached++;
    const sample = (x ?? y) as SlaClock;
    changed.push({
      id,
      complaintId: sample.complaintId,
      key: sample.key,
      before: x,
      after: y,
      verdictChanged,
      dueShiftMs,
      overdueShiftMs: (y?.overdueMs ?? 0) - (x?.overdueMs ?? 0),
    });
  }
  return {
    now,
    before: describe(before),
    after: describe(after),
    changed,
    unchanged,
    verdictChanges,
    newlyBreached,
    noLongerBreached,
  };
};
