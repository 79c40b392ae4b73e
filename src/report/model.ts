import { addMonths, monthRange, quarterOf } from '../centre/month';
import type { DeductionCategory } from '../policy/scoring';
import { explainClock } from '../sla/explain';
import { type DueDate, hrDueDate, reportDueDate } from '../scoring/due-date';
import { type CentreIndicators, centreIndicators } from '../scoring/indicators';
import { monthBounds } from '../scoring/month-zone';
import { type QuarterRanking, quarterlyRanking } from '../scoring/ranking';
import { flagsInForce, type RemediationFlag } from '../scoring/remediation';
import { scoreHistory } from '../scoring/history';
import type { MonthlyScore } from '../scoring/score';
import type { ScoringView } from '../scoring/view';

export interface CentreName {
  readonly id: string;
  readonly name: string | null;
  readonly zh: string | null;
}

export interface ReportBreach {
  readonly clockId: string;
  readonly complaintId: string;
  readonly centre: string;
  readonly step: string;
  readonly complaintClass: string;
  readonly dueAt: number;
  readonly stoppedAt: number | null;
  readonly overdueMs: number | null;
  /** Still not done at the report's instant. */
  readonly open: boolean;
  /** Points this breach cost the centre (0 when a cap had been reached). */
  readonly points: number;
  /** The SLA projection's explanation, one sentence per line. */
  readonly explanation: readonly string[];
}

export interface CountRow {
  readonly key: string;
  readonly count: number;
}

/** 客户投诉分析报告: everything the monthly report shows, as data (rendered to Markdown and HTML). */
export interface MonthlyReport {
  readonly month: string;
  readonly quarter: string;
  readonly policy: { readonly id: string; readonly version: string; readonly name: string };
  readonly zone: string;
  /** The instant everything was evaluated at. */
  readonly asOf: number;
  /** The month is over at `asOf` (otherwise the figures are so far). */
  readonly final: boolean;
  readonly due: { readonly report: DueDate; readonly hr: DueDate };
  readonly centres: readonly CentreName[];
  readonly counts: {
    readonly received: number;
    readonly closed: number;
    readonly open: number;
    readonly repeat: number;
    readonly byClass: readonly CountRow[];
    readonly byChannel: readonly CountRow[];
    readonly byCentre: readonly CountRow[];
  };
  readonly scores: readonly (MonthlyScore & { readonly previous: number | null })[];
  readonly indicators: readonly CentreIndicators[];
  readonly ranking: QuarterRanking;
  /** Remediation plans in force this month. */
  readonly flags: readonly RemediationFlag[];
  readonly breaches: readonly ReportBreach[];
  /** Breaches left out of `breaches` beyond `maxBreaches`. */
  readonly breachesOmitted: number;
  readonly breachesByStep: readonly CountRow[];
  readonly topCauses: {
    /** 相关部门 of the month's complaints. */
    readonly departments: readonly CountRow[];
    /** What the month's deductions were for. */
    readonly deductions: readonly {
      readonly key: string;
      readonly count: number;
      readonly points: number;
    }[];
  };
  /** Score trend per centre, for the chart. */
  readonly trend: {
    readonly months: readonly string[];
    readonly series: readonly {
      readonly centre: string;
      readonly scores: readonly (number | null)[];
    }[];
    readonly threshold: number;
  };
}

export interface ReportOptions {
  /** Months in the score trend, ending with the report's month. Default 6. */
  readonly trendMonths?: number;
  /** Months looked back for remediation runs. Default 12. */
  readonly historyMonths?: number;
  /** Breaches listed with their explanations. Default 200. */
  readonly maxBreaches?: number;
}

const rows = (counts: Record<string, number>): CountRow[] =>
  Object.entries(counts)
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1));

const add = (into: Record<string, number>, key: string, n = 1) => {
  into[key] = (into[key] ?? 0) + n;
};

const CATEGORY_LABEL: Readonly<Record<DeductionCategory, string>> = {
  breach: 'breach',
  failedInspection: 'failed rectification inspection',
  missedRevisit: 'missed revisit',
  repeatComplaint: 'repeat complaint',
  customerRefusal: 'customer refusal',
};

/** Build the month's report from a scoring view (its `now` is the report's instant). */
export const buildMonthlyReport = (
  view: ScoringView,
  month: string,
  options: ReportOptions = {},
): MonthlyReport => {
  const trendMonths = options.trendMonths ?? 6;
  const historyMonths = Math.max(options.historyMonths ?? 12, trendMonths);
  const maxBreaches = options.maxBreaches ?? 200;
  const bounds = monthBounds(view.zone, month);
  const inMonth = (t: number) => t >= bounds.start && t < bounds.end;

  const history = scoreHistory(view, addMonths(month, -(historyMonths - 1)), month);
  const scoreOf = new Map<string, Map<string, MonthlyScore>>();
  for (const h of history) scoreOf.set(h.centre, new Map(h.scores.map((s) => [s.month, s])));
  const previousMonth = addMonths(month, -1);
  const scores = history
    .map((h) => scoreOf.get(h.centre)?.get(month))
    .filter((s): s is MonthlyScore => s !== undefined)
    .map((s) => ({ ...s, previous: scoreOf.get(s.centre)?.get(previousMonth)?.score ?? null }));
  const scoredCentres = scores.map((s) => s.centre);

  const byClass: Record<string, number> = {};
  const byChannel: Record<string, number> = {};
  const byCentre: Record<string, number> = {};
  const departments: Record<string, number> = {};
  let received = 0;
  let closed = 0;
  let repeat = 0;
  for (const f of view.complaints) {
    if (!inMonth(f.receivedAt)) continue;
    received++;
    if (f.closedAt !== null && f.closedAt <= view.now) closed++;
    if (f.repeatOf !== null) repeat++;
    add(byClass, f.complaintClass ?? 'unclassified');
    add(byChannel, f.channel);
    add(byCentre, f.centre);
    add(departments, f.responsibleDepartment ?? 'not attributed');
  }

  const pointsByClock = new Map<string, number>();
  const deductionRows = new Map<string, { count: number; points: number }>();
  for (const s of scores)
    for (const d of s.deductions) {
      if (d.cause.kind === 'clock') pointsByClock.set(d.cause.clockId, d.points);
      const key =
        d.category === 'breach' && d.cause.kind === 'clock'
          ? `breach: ${d.cause.step} (${d.cause.complaintClass})`
          : CATEGORY_LABEL[d.category];
      const row = deductionRows.get(key) ?? { count: 0, points: 0 };
      row.count++;
      row.points = Math.round((row.points + d.points) * 100) / 100;
      deductionRows.set(key, row);
    }

  const breachedClocks = view.clocks
    .filter((c) => c.breached && c.breachedAt !== null && inMonth(c.breachedAt))
    .sort((a, b) => (a.breachedAt ?? 0) - (b.breachedAt ?? 0) || (a.id < b.id ? -1 : 1));
  const byStep: Record<string, number> = {};
  for (const c of breachedClocks) add(byStep, c.step);
  const breaches: ReportBreach[] = breachedClocks.slice(0, maxBreaches).map((c) => {
    const record = view.projection.sla.complaint(c.complaintId);
    const explanation =
      record === undefined ? undefined : explainClock(view.ctx, record, c.key, view.now);
    return {
      clockId: c.id,
      complaintId: c.complaintId,
      centre: c.centre,
      step: c.step,
      complaintClass: c.breachKeptFrom ?? c.complaintClass,
      dueAt: c.breachedAt ?? 0,
      stoppedAt: c.stoppedAt,
      overdueMs: c.overdueMs,
      open: c.stoppedAt === null && c.cancelled === null,
      points: pointsByClock.get(c.id) ?? 0,
      explanation: explanation?.lines ?? [],
    };
  });

  const flags = history.flatMap((h) => flagsInForce(h.flags, month));
  const trend = monthRange(addMonths(month, -(trendMonths - 1)), month);
  const names: CentreName[] = view.centres.map((id) => {
    const f = view.centreFacts(id);
    return { id, name: f?.name ?? null, zh: f?.zh ?? null };
  });

  return {
    month,
    quarter: quarterOf(month),
    policy: {
      id: view.ctx.policy.id,
      version: view.ctx.policy.version,
      name: view.ctx.policy.name,
    },
    zone: view.zone,
    asOf: view.now,
    final: view.now >= bounds.end,
    due: { report: reportDueDate(view, month), hr: hrDueDate(view, month) },
    centres: names,
    counts: {
      received,
      closed,
      open: received - closed,
      repeat,
      byClass: rows(byClass),
      byChannel: rows(byChannel),
      byCentre: rows(byCentre),
    },
    scores,
    indicators: scoredCentres.map((c) => centreIndicators(view, c, month)),
    ranking: quarterlyRanking(view, quarterOf(month), month),
    flags,
    breaches,
    breachesOmitted: Math.max(0, breachedClocks.length - maxBreaches),
    breachesByStep: rows(byStep),
    topCauses: {
      departments: rows(departments),
      deductions: [...deductionRows.entries()]
        .map(([key, r]) => ({ key, ...r }))
        .sort((a, b) => b.points - a.points || b.count - a.count || (a.key < b.key ? -1 : 1)),
    },
    trend: {
      months: trend,
      series: history.map((h) => ({
        centre: h.centre,
        scores: trend.map((m) => scoreOf.get(h.centre)?.get(m)?.score ?? null),
      })),
      threshold: view.settings.remediation.threshold,
    },
  };
};
