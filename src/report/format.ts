import { formatLocal, formatPoints } from '../scoring/format';
import type { CentreName, MonthlyReport } from './model';

export const percent = (rate: number | null, digits = 1): string =>
  rate === null ? '—' : `${(rate * 100).toFixed(digits)}%`;

export const hours = (ms: number | null): string =>
  ms === null ? '—' : `${(ms / 3_600_000).toFixed(1)} h`;

export const points = formatPoints;

export const signed = (n: number): string =>
  n > 0 ? `+${formatPoints(n)}` : n < 0 ? `−${formatPoints(-n)}` : '0';

export const localTime = (report: MonthlyReport, ms: number | null): string =>
  ms === null ? '—' : formatLocal(report.zone, ms);

/** `Call centre 客服中心 (call-centre)`, or the id alone when the centre was never named. */
export const centreLabel = (report: MonthlyReport, id: string): string => {
  const c: CentreName | undefined = report.centres.find((x) => x.id === id);
  if (c === undefined || (c.name === null && c.zh === null)) return id;
  return [c.name, c.zh].filter((x) => x !== null && x !== '').join(' ');
};

export const CLASS_LABEL: Readonly<Record<string, string>> = {
  invalid: 'invalid 无效投诉',
  general: 'general 一般性投诉',
  generalServiceQuality: 'general service quality 一般服务质量投诉',
  majorServiceQuality: 'major service quality 重大服务质量投诉',
  unclassified: 'not yet classified',
};

export const classLabel = (id: string): string => CLASS_LABEL[id] ?? id;

export const CHANNEL_LABEL: Readonly<Record<string, string>> = {
  phone: 'phone 电话',
  letter: 'letter 信函',
  inPerson: 'in person 当面',
  online: 'online 网络',
};

export const STEP_LABEL: Readonly<Record<string, string>> = {
  verify: 'verify 调查核实',
  explain: 'explain 联系客户解释',
  negotiate: 'negotiate 协商',
  sign: 'sign 领导签字',
  report: 'report 上报',
  draftSolution: 'draft solution 制定方案',
  issueNotice: 'issue notice 下发整改通知书',
  rectify: 'rectify 整改',
  accept: 'accept 客户验收',
  close: 'close 处理完毕',
  revisit: 'revisit 回访',
};

export const stepLabel = (step: string): string => STEP_LABEL[step] ?? step;

export const RULE_LABEL: Readonly<Record<string, string>> = {
  average: 'quarterly average',
  lowestMonthlyScore: 'higher lowest month',
  fewerBreaches: 'fewer breaches',
  timelinessRate: 'higher timeliness',
  satisfaction: 'higher satisfaction',
  fewerComplaints: 'fewer complaints',
  centreId: 'centre id (last resort)',
  alone: 'only centre',
};
