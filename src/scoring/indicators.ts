import type { SlaClock } from '../sla/clock';
import type { RecordedScore } from './facts';
import { monthBounds } from './month-zone';
import type { ScoringView } from './view';

export interface Rate {
  /** What counted as a success. */
  readonly numerator: number;
  readonly denominator: number;
  /** null when there was nothing to count. */
  readonly rate: number | null;
}

const rate = (numerator: number, denominator: number): Rate => ({
  numerator,
  denominator,
  rate: denominator === 0 ? null : numerator / denominator,
});

/** 服务质量指标 = [(监听考核分值 + 拨测评定分数)/2 − 客户投诉数 × 客诉投诉系数] × 100%. */
export interface ServiceQualityIndex {
  readonly monitoring: RecordedScore | null;
  readonly testCall: RecordedScore | null;
  /** Complaints received in the month, less those of excluded classes. */
  readonly complaints: number;
  readonly coefficient: number;
  /** As a share (0.87 is 87%); null when a score is missing. */
  readonly index: number | null;
  readonly missing: readonly ('monitoring' | 'testCall')[];
}

/** A centre's indicators for one month. */
export interface CentreIndicators {
  readonly centre: string;
  readonly month: string;
  /** Complaints received in the month. */
  readonly complaints: number;
  /** By the class in force now ('unclassified' before classification). */
  readonly byClass: Readonly<Record<string, number>>;
  readonly byChannel: Readonly<Record<string, number>>;
  /** 投诉处理及时率: clocks decided in the month (met when stopped, breached at the due time), revisits aside. */
  readonly timeliness: Rate;
  /** 问题解决率: complaints received in the month and closed by now. */
  readonly resolution: Rate;
  /** 客户满意度: acceptances, refusals and revisit verdicts given in the month. */
  readonly satisfaction: Rate & {
    readonly satisfied: number;
    readonly neutral: number;
    readonly dissatisfied: number;
  };
  /** 服务响应时间: receipt → the `responseUntil` step, complaints received in the month. */
  readonly responseTime: {
    readonly count: number;
    readonly averageMs: number | null;
    readonly percentile: number;
    readonly percentileMs: number | null;
  };
  /** Revisit clocks decided in the month: revisited within the month after closing. */
  readonly revisitInTime: Rate;
  /** 反复投诉 received in the month. */
  readonly repeatComplaints: number;
  readonly serviceQuality: ServiceQualityIndex;
}

const inMonth = (t: number | null, b: { start: number; end: number }): boolean =>
  t !== null && t >= b.start && t < b.end;

/** When a clock's verdict was settled: its stop when met, its due time when breached. */
export const decidedAt = (clock: SlaClock): number | null => {
  if (clock.breached) return clock.breachedAt;
  return clock.state === 'met' ? clock.stoppedAt : null;
};

/** Nearest-rank percentile of sorted values. */
export const nearestRank = (sorted: readonly number[], p: number): number | null =>
  sorted.length === 0 ? null : (sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? null);

const count = (into: Record<string, number>, key: string) => {
  into[key] = (into[key] ?? 0) + 1;
};

export const centreIndicators = (
  view: ScoringView,
  centre: string,
  month: string,
): CentreIndicators => {
  const b = monthBounds(view.zone, month);
  const s = view.settings;
  const byClass: Record<string, number> = {};
  const byChannel: Record<string, number> = {};
  let complaints = 0;
  let closed = 0;
  let repeats = 0;
  let counted = 0;
  const responses: number[] = [];
  let satisfied = 0;
  let neutral = 0;
  let dissatisfied = 0;
  for (const f of view.complaints) {
    if (f.centre !== centre) continue;
    for (const a of f.acceptances) if (inMonth(a.at, b)) satisfied++;
    for (const r of f.refusals) if (inMonth(r.ref.at, b)) dissatisfied++;
    for (const r of f.revisits) {
      if (!inMonth(r.ref.at, b)) continue;
      if (r.verdict === 'satisfied') satisfied++;
      else if (r.verdict === 'neutral') neutral++;
      else if (r.verdict === 'dissatisfied') dissatisfied++;
    }
    if (!inMonth(f.receivedAt, b)) continue;
    complaints++;
    const cls = f.complaintClass ?? 'unclassified';
    count(byClass, cls);
    count(byChannel, f.channel);
    if (f.closedAt !== null && f.closedAt <= view.now) closed++;
    if (f.repeatOf !== null) repeats++;
    if (!s.serviceQuality.excludeClasses.includes(cls)) counted++;
    const responded = f.firstDone[s.indicators.responseUntil];
    if (responded !== undefined && responded <= view.now) responses.push(responded - f.receivedAt);
  }
  let met = 0;
  let decided = 0;
  let revisitMet = 0;
  let revisitDecided = 0;
  for (const clock of view.clocks) {
    if (clock.centre !== centre || !inMonth(decidedAt(clock), b)) continue;
    if (clock.step === 'revisit') {
      revisitDecided++;
      if (!clock.breached) revisitMet++;
    } else {
      decided++;
      if (!clock.breached) met++;
    }
  }
  responses.sort((x, y) => x - y);
  const facts = view.centreFacts(centre);
  const monitoring = facts?.monitoring.get(month) ?? null;
  const testCall = facts?.testCall.get(month) ?? null;
  const missing: ('monitoring' | 'testCall')[] = [];
  if (monitoring === null) missing.push('monitoring');
  if (testCall === null) missing.push('testCall');
  const coefficient = s.serviceQuality.complaintCoefficient;
  const opinions = satisfied + neutral + dissatisfied;
  return {
    centre,
    month,
    complaints,
    byClass,
    byChannel,
    timeliness: rate(met, decided),
    resolution: rate(closed, complaints),
    satisfaction: {
      ...rate(satisfied + s.indicators.neutralWeight * neutral, opinions),
      satisfied,
      neutral,
      dissatisfied,
    },
    responseTime: {
      count: responses.length,
      averageMs:
        responses.length === 0 ? null : responses.reduce((a, x) => a + x, 0) / responses.length,
      percentile: s.indicators.percentile,
      percentileMs: nearestRank(responses, s.indicators.percentile),
    },
    revisitInTime: rate(revisitMet, revisitDecided),
    repeatComplaints: repeats,
    serviceQuality: {
      monitoring,
      testCall,
      complaints: counted,
      coefficient,
      index:
        monitoring === null || testCall === null
          ? null
          : serviceQualityIndex(
              monitoring.score / monitoring.outOf,
              testCall.score / testCall.outOf,
              counted,
              coefficient,
            ),
      missing,
    },
  };
};

/** [(monitoring + test call)/2 − complaints × coefficient], scores as shares of their maximum. */
export const serviceQualityIndex = (
  monitoringShare: number,
  testCallShare: number,
  complaints: number,
  coefficient: number,
): number => (monitoringShare + testCallShare) / 2 - complaints * coefficient;
