import * as t from 'io-ts';

/**
 * The steps of complaint handling the library knows. Each is completed by one event of the
 * complaint aggregate; which steps a class requires, in what order and within what limit
 * is the policy's business, not the code's.
 */
export const STEP_KINDS = [
  /** 调查核实 investigate and verify */
  'verify',
  /** 联系客户解释 contact the customer and explain (invalid complaints) */
  'explain',
  /** 协商 negotiate an agreement / handling plan with the customer */
  'negotiate',
  /** 领导签字 leadership signs the agreement */
  'sign',
  /** 上报公司领导及运营部 report to leadership and the operations department */
  'report',
  /** 制定解决方案 draft the solution */
  'draftSolution',
  /** 下发限时整改通知书 issue the time-limited rectification notice */
  'issueNotice',
  /** 整改 rectify, by the deadline written on each notice; met when an inspection passes */
  'rectify',
  /** 客户验收满意 the customer accepts the result */
  'accept',
  /** 处理完毕 close the complaint, with the result sent in writing */
  'close',
  /** 回访 revisit the customer after closure */
  'revisit',
] as const;

export type StepKind = (typeof STEP_KINDS)[number];

export const StepKind = t.keyof(
  Object.fromEntries(STEP_KINDS.map((s) => [s, null])) as Record<StepKind, null>,
  'StepKind',
);

/** What a clock counts from: the receipt, the classification, or the completion of a step. */
export const ANCHORS = ['received', 'classified', ...STEP_KINDS] as const;
export type Anchor = (typeof ANCHORS)[number];
export const Anchor = t.keyof(
  Object.fromEntries(ANCHORS.map((s) => [s, null])) as Record<Anchor, null>,
  'Anchor',
);
