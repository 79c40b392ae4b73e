/**
 * The time table of POLICY.md, row by row, against the default policy value. A change to
 * `hongchangPolicy` that departs from the sources fails here.
 */
import { describe, expect, it } from 'vitest';
import { hongchangPolicy } from '../../src/policy/hongchang';
import { classPolicy, stepRule } from '../../src/policy/lookup';
import type { Anchor, StepKind } from '../../src/policy/steps';
import type { Limit } from '../../src/policy/types';

type ClassId = 'invalid' | 'general' | 'generalServiceQuality' | 'majorServiceQuality';
const CLASSES: readonly ClassId[] = [
  'invalid',
  'general',
  'generalServiceQuality',
  'majorServiceQuality',
];

interface Row {
  readonly cls: ClassId;
  readonly step: StepKind;
  /** The POLICY.md wording of the row. */
  readonly row: string;
  readonly limit: Limit;
  readonly from: Anchor;
}

const rows: readonly Row[] = [
  {
    cls: 'invalid',
    step: 'verify',
    row: 'responsible departments investigate and verify: 24 h from receipt',
    limit: { kind: 'hours', hours: 24 },
    from: 'received',
  },
  {
    cls: 'invalid',
    step: 'explain',
    row: 'contact the customer and explain: 24 h from the finding that it is invalid',
    limit: { kind: 'hours', hours: 24 },
    from: 'verify',
  },
  {
    cls: 'general',
    step: 'verify',
    row: 'responsible departments investigate and verify: 48 h from receipt',
    limit: { kind: 'hours', hours: 48 },
    from: 'received',
  },
  {
    cls: 'general',
    step: 'negotiate',
    row: 'negotiate with the customer (协商): 48 h from verification',
    limit: { kind: 'hours', hours: 48 },
    from: 'verify',
  },
  {
    cls: 'general',
    step: 'sign',
    row: 'leadership signs the agreement signed by all parties: 24 h from the agreement',
    limit: { kind: 'hours', hours: 24 },
    from: 'negotiate',
  },
  {
    cls: 'general',
    step: 'close',
    row: 'resolved: 10 days from receipt',
    limit: { kind: 'days', days: 10 },
    from: 'received',
  },
  {
    cls: 'generalServiceQuality',
    step: 'verify',
    row: 'verify and analyse: 24 h from receipt',
    limit: { kind: 'hours', hours: 24 },
    from: 'received',
  },
  {
    cls: 'generalServiceQuality',
    step: 'draftSolution',
    row: 'draft the solution: 24 h from verification',
    limit: { kind: 'hours', hours: 24 },
    from: 'verify',
  },
  {
    cls: 'generalServiceQuality',
    step: 'issueNotice',
    row: 'issue the rectification notice: 24 h from the solution',
    limit: { kind: 'hours', hours: 24 },
    from: 'draftSolution',
  },
  {
    cls: 'generalServiceQuality',
    step: 'rectify',
    row: 'rectify: the deadline written on each notice',
    limit: { kind: 'notice' },
    from: 'issueNotice',
  },
  {
    // Not a row of the table but lifecycle step 4: every service-quality complaint is
    // rectified by the deadline on each notice.
    cls: 'majorServiceQuality',
    step: 'rectify',
    row: 'rectify (lifecycle step 4): the deadline written on each notice',
    limit: { kind: 'notice' },
    from: 'issueNotice',
  },
  {
    cls: 'majorServiceQuality',
    step: 'verify',
    row: 'verify: 24 h from receipt',
    limit: { kind: 'hours', hours: 24 },
    from: 'received',
  },
  {
    cls: 'majorServiceQuality',
    step: 'report',
    row: 'report to leadership and the operations department: the same day as verification',
    limit: { kind: 'sameDay' },
    from: 'verify',
  },
  {
    cls: 'majorServiceQuality',
    step: 'negotiate',
    // POLICY.md gives no start for this row; verification, as for the general class.
    row: 'negotiate a handling plan with the customer: 48 h',
    limit: { kind: 'hours', hours: 48 },
    from: 'verify',
  },
  ...CLASSES.map(
    (cls): Row => ({
      cls,
      step: 'revisit',
      row: 'revisit: within one month after closure',
      limit: { kind: 'months', months: 1 },
      from: 'close',
    }),
  ),
];

const ruleOf = (cls: ClassId, step: StepKind) => {
  const c = classPolicy(hongchangPolicy, cls);
  if (c === undefined) throw new Error(`no class ${cls}`);
  return stepRule(c, step);
};

describe('the POLICY.md time table in hongchangPolicy', () => {
  it.each(
    rows.map((r) => [r.cls, r.step, r.row, r] as const),
  )('%s / %s: %s', (cls, step, _row, r) => {
    const rule = ruleOf(cls, step);
    expect(rule, `${cls} has a ${step} step`).toBeDefined();
    // Exactly the limit of the table: calendar time, no working-day roll-forward.
    expect(rule?.limit).toEqual(r.limit);
    expect(rule?.from).toBe(r.from);
    expect(rule?.source.length).toBeGreaterThan(0);
  });

  it('every timed step of the default policy is a row above or a documented setting', () => {
    for (const cls of CLASSES) {
      for (const rule of hongchangPolicy.classes[cls]!.steps) {
        if (rule.limit === null) continue;
        const inTable = rows.some((r) => r.cls === cls && r.step === rule.step);
        if (!inTable) expect(rule.source, `${cls}/${rule.step}`).toMatch(/^setting:/);
      }
    }
  });

  it('all limits run in calendar time, and "the same day" is in Asia/Shanghai', () => {
    expect(hongchangPolicy.timeZone).toBe('Asia/Shanghai');
    for (const cls of CLASSES)
      for (const rule of hongchangPolicy.classes[cls]!.steps) {
        const limit = rule.limit as { clock?: string; rollToWorkingDay?: boolean } | null;
        expect(limit?.clock ?? 'calendar').toBe('calendar');
        expect(limit?.rollToWorkingDay ?? false).toBe(false);
      }
  });
});

describe('the classes and their steps, in order of handling', () => {
  it.each([
    ['invalid', '无效投诉', false, ['verify', 'explain', 'close', 'revisit']],
    ['general', '一般性投诉', false, ['verify', 'negotiate', 'sign', 'close', 'revisit']],
    [
      'generalServiceQuality',
      '一般服务质量投诉',
      true,
      ['verify', 'draftSolution', 'issueNotice', 'rectify', 'accept', 'close', 'revisit'],
    ],
    [
      'majorServiceQuality',
      '重大服务质量投诉',
      true,
      ['verify', 'report', 'negotiate', 'issueNotice', 'rectify', 'accept', 'close', 'revisit'],
    ],
  ] as const)('%s (%s)', (cls, zh, serviceQuality, steps) => {
    const c = hongchangPolicy.classes[cls]!;
    expect(c.zh).toBe(zh);
    expect(c.serviceQuality).toBe(serviceQuality);
    expect(c.steps.map((r) => r.step)).toEqual(steps);
    // Every step but the close and the revisit must be done before closing.
    expect(c.steps.filter((r) => r.requiredToClose).map((r) => r.step)).toEqual(
      steps.filter((s) => s !== 'close' && s !== 'revisit'),
    );
  });

  it('service-quality classes accept only after the rectification passed (客户验收满意)', () => {
    for (const cls of ['generalServiceQuality', 'majorServiceQuality'] as const) {
      expect(ruleOf(cls, 'accept')).toMatchObject({ after: ['rectify'], limit: null });
      expect(ruleOf(cls, 'rectify')?.after).toEqual(['issueNotice']);
    }
  });

  it('every class has a closing deadline (所有的投诉处理都要规定结束的期限)', () => {
    for (const cls of CLASSES) expect(ruleOf(cls, 'close')?.limit).not.toBeNull();
  });
});

describe('what the sources leave open is a setting', () => {
  it('the closing deadline of classes other than general: 10 days from receipt, as a setting', () => {
    for (const cls of ['invalid', 'generalServiceQuality', 'majorServiceQuality'] as const) {
      const close = ruleOf(cls, 'close');
      expect(close).toMatchObject({ from: 'received', limit: { kind: 'days', days: 10 } });
      expect(close?.source).toMatch(/^setting:/);
    }
  });

  it('what follows the major negotiation is a setting: the notice limit and the meeting', () => {
    expect(ruleOf('majorServiceQuality', 'issueNotice')).toMatchObject({
      from: 'negotiate',
      limit: { kind: 'hours', hours: 24 },
    });
    expect(ruleOf('majorServiceQuality', 'issueNotice')?.source).toMatch(/^setting:/);
    expect(CLASSES.filter((c) => hongchangPolicy.classes[c]!.coordinationMeeting)).toEqual([
      'majorServiceQuality',
    ]);
  });

  it('the meeting follows the failed 48 h negotiation and settles it in the negotiation’s place', () => {
    expect(
      Object.fromEntries(
        CLASSES.map((c) => [c, hongchangPolicy.classes[c]!.coordinationMeetingSettles ?? []]),
      ),
    ).toEqual({
      invalid: [],
      general: [],
      generalServiceQuality: [],
      majorServiceQuality: ['negotiate'],
    });
  });

  it('rectification times (the missing table), month ends, risk share, calendar, re-classification', () => {
    expect(hongchangPolicy.rectification).toEqual({ defaultNoticeHours: 72, maxNoticeHours: null });
    expect(hongchangPolicy.monthEnd).toBe('clamp');
    expect(hongchangPolicy.atRiskShare).toBe(0.8);
    expect(hongchangPolicy.calendar).toEqual({
      id: 'china-mainland',
      workdayStart: '09:00',
      workdayEnd: '18:00',
    });
    expect(hongchangPolicy.reclassification).toEqual({ allowed: true });
  });

  it('what a refusal sends back, per class', () => {
    expect(
      Object.fromEntries(CLASSES.map((c) => [c, hongchangPolicy.classes[c]!.refusalReopens])),
    ).toEqual({
      invalid: ['explain'],
      general: ['negotiate', 'sign'],
      generalServiceQuality: ['issueNotice', 'rectify', 'accept'],
      majorServiceQuality: ['issueNotice', 'rectify', 'accept'],
    });
  });
});
