import { hongchangScoring } from './hongchang-scoring';
import type { ClassPolicy, Policy, StepRule } from './types';

const MANUAL = '宏昌物流运营部投诉处理管理办法实施细则';

/** Revisit: 处理完毕后一个月内, 对处理效果进行一次回访 — every class. */
const revisit: StepRule = {
  step: 'revisit',
  from: 'close',
  limit: { kind: 'months', months: 1 },
  after: ['close'],
  requiredToClose: false,
  source: `${MANUAL}: 处理完毕后一个月内, 对处理效果进行一次回访`,
};

/**
 * Closing deadline. The sources give one only for general complaints (10 days from
 * receipt) and say every complaint must have one; the same 10 days is the default for the
 * other classes, a setting each company should review.
 */
const closeWithin10Days = (after: StepRule['after'], source: string): StepRule => ({
  step: 'close',
  from: 'received',
  limit: { kind: 'days', days: 10 },
  after,
  requiredToClose: false,
  source,
});

const invalid: ClassPolicy = {
  label: 'invalid',
  zh: '无效投诉',
  serviceQuality: false,
  coordinationMeeting: false,
  refusalReopens: ['explain'],
  steps: [
    {
      step: 'verify',
      from: 'received',
      limit: { kind: 'hours', hours: 24 },
      after: [],
      requiredToClose: true,
      source: `${MANUAL}: 无效投诉, 相关部门在24小时内调查核实`,
    },
    {
      step: 'explain',
      from: 'verify',
      limit: { kind: 'hours', hours: 24 },
      after: ['verify'],
      requiredToClose: true,
      source: `${MANUAL}: 确认为无效投诉后24小时内与客户联系并解释`,
    },
    closeWithin10Days(
      ['verify', 'explain'],
      'setting: 所有的投诉处理都要规定结束的期限 (default 10 days, as for general complaints)',
    ),
    revisit,
  ],
};

const general: ClassPolicy = {
  label: 'general',
  zh: '一般性投诉',
  serviceQuality: false,
  coordinationMeeting: false,
  refusalReopens: ['negotiate', 'sign'],
  steps: [
    {
      step: 'verify',
      from: 'received',
      limit: { kind: 'hours', hours: 48 },
      after: [],
      requiredToClose: true,
      source: `${MANUAL}: 一般性投诉, 相关部门在48小时内调查核实`,
    },
    {
      step: 'negotiate',
      from: 'verify',
      limit: { kind: 'hours', hours: 48 },
      after: ['verify'],
      requiredToClose: true,
      source: `${MANUAL}: 核实后48小时内与客户协商`,
    },
    {
      step: 'sign',
      from: 'negotiate',
      limit: { kind: 'hours', hours: 24 },
      after: ['negotiate'],
      requiredToClose: true,
      source: `${MANUAL}: 各方签字的协议24小时内由公司领导签字 (特殊情况除外)`,
    },
    closeWithin10Days(['verify', 'negotiate', 'sign'], `${MANUAL}: 一般性投诉10日内解决`),
    revisit,
  ],
};

const generalServiceQuality: ClassPolicy = {
  label: 'general service quality',
  zh: '一般服务质量投诉',
  serviceQuality: true,
  coordinationMeeting: false,
  refusalReopens: ['issueNotice', 'rectify', 'accept'],
  steps: [
    {
      step: 'verify',
      from: 'received',
      limit: { kind: 'hours', hours: 24 },
      after: [],
      requiredToClose: true,
      source: `${MANUAL}: 一般服务质量投诉, 24小时内核实分析`,
    },
    {
      step: 'draftSolution',
      from: 'verify',
      limit: { kind: 'hours', hours: 24 },
      after: ['verify'],
      requiredToClose: true,
      source: `${MANUAL}: 核实后24小时内制定解决方案`,
    },
    {
      step: 'issueNotice',
      from: 'draftSolution',
      limit: { kind: 'hours', hours: 24 },
      after: ['draftSolution'],
      requiredToClose: true,
      source: `${MANUAL}: 方案制定后24小时内下发限时整改通知书`,
    },
    {
      step: 'rectify',
      from: 'issueNotice',
      limit: { kind: 'notice' },
      after: ['issueNotice'],
      requiredToClose: true,
      source: `${MANUAL}: 按整改通知书规定的期限整改 (整改时限表缺失: 由通知书写明)`,
    },
    {
      step: 'accept',
      from: 'rectify',
      limit: null,
      after: ['rectify'],
      requiredToClose: true,
      source: `${MANUAL}: 整改合格后由客户验收满意`,
    },
    closeWithin10Days(
      ['verify', 'draftSolution', 'issueNotice', 'rectify', 'accept'],
      'setting: 所有的投诉处理都要规定结束的期限 (default 10 days, as for general complaints)',
    ),
    revisit,
  ],
};

const majorServiceQuality: ClassPolicy = {
  label: 'major service quality',
  zh: '重大服务质量投诉',
  serviceQuality: true,
  coordinationMeeting: true,
  // Setting: the source is cut off after the 48 h negotiation; the meeting is what follows a
  // failed one, so it settles the handling plan in the negotiation's place.
  coordinationMeetingSettles: ['negotiate'],
  refusalReopens: ['issueNotice', 'rectify', 'accept'],
  steps: [
    {
      step: 'verify',
      from: 'received',
      limit: { kind: 'hours', hours: 24 },
      after: [],
      requiredToClose: true,
      source: `${MANUAL}: 重大服务质量投诉, 24小时内核实`,
    },
    {
      step: 'report',
      from: 'verify',
      limit: { kind: 'sameDay' },
      after: ['verify'],
      requiredToClose: true,
      source: `${MANUAL}: 核实当天上报公司领导及运营部备案`,
    },
    {
      step: 'negotiate',
      from: 'verify',
      limit: { kind: 'hours', hours: 48 },
      after: ['verify'],
      requiredToClose: true,
      source: `${MANUAL}: 48小时内与客户协商处理方案 (原文此后缺失)`,
    },
    {
      step: 'issueNotice',
      from: 'negotiate',
      limit: { kind: 'hours', hours: 24 },
      after: ['negotiate'],
      requiredToClose: true,
      source:
        'setting: the source is cut off; 24 h from the handling plan, as for general service quality',
    },
    {
      step: 'rectify',
      from: 'issueNotice',
      limit: { kind: 'notice' },
      after: ['issueNotice'],
      requiredToClose: true,
      source: `${MANUAL}: 按整改通知书规定的期限整改`,
    },
    {
      step: 'accept',
      from: 'rectify',
      limit: null,
      after: ['rectify'],
      requiredToClose: true,
      source: `${MANUAL}: 整改合格后由客户验收满意`,
    },
    closeWithin10Days(
      ['verify', 'report', 'negotiate', 'issueNotice', 'rectify', 'accept'],
      'setting: 所有的投诉处理都要规定结束的期限 (default 10 days, as for general complaints)',
    ),
    revisit,
  ],
};

/**
 * The default policy: the time table of POLICY.md (Hongchang Logistics' manual), with
 * every value the sources leave open set to a documented default.
 */
export const hongchangPolicy: Policy = {
  id: 'hongchang',
  version: '2026-11-23.3',
  name: 'Hongchang Logistics complaint handling (宏昌物流运营部投诉处理管理办法实施细则)',
  timeZone: 'Asia/Shanghai',
  classes: { invalid, general, generalServiceQuality, majorServiceQuality },
  calendar: { id: 'china-mainland', workdayStart: '09:00', workdayEnd: '18:00' },
  atRiskShare: 0.8,
  monthEnd: 'clamp',
  rectification: { defaultNoticeHours: 72, maxNoticeHours: null },
  reclassification: { allowed: true },
  sla: { rollForwardTo: 'sameTimeOfDay', afterRefusal: 'newRound' },
  scoring: hongchangScoring,
};
