import * as fc from 'fast-check';
import { hongchangPolicy } from '../../policy/hongchang';
import type { StepKind } from '../../policy/steps';
import type { ClassPolicy, Limit, Policy, StepRule } from '../../policy/types';

export interface DerivedPolicyOptions {
  /** Also drop steps a class can do without (never close, revisit, or a service-quality class's rectification). Default true. */
  readonly dropSteps?: boolean;
}

/** Steps a service-quality class must keep: the aggregate closes it only after them. */
const SERVICE_QUALITY_STEPS: readonly StepKind[] = ['issueNotice', 'rectify', 'accept'];

const clock = fc.option(fc.constantFrom('calendar' as const, 'working' as const), {
  nil: undefined,
});
const roll = fc.option(fc.boolean(), { nil: undefined });

const withOptional = <T extends object>(base: T, extra: Record<string, unknown>): T => {
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) out[k] = v;
  return out as T;
};

/** Another limit of the same nature: hours stay hours (or become days), and so on. */
const variedLimit = (limit: Limit | null): fc.Arbitrary<Limit | null> => {
  if (limit === null) return fc.constant(null);
  switch (limit.kind) {
    case 'hours':
    case 'days':
      return fc.oneof(
        fc.constant(limit),
        fc
          .record({ hours: fc.integer({ min: 1, max: 240 }), clock, roll })
          .map(({ hours, clock, roll }) =>
            withOptional<Limit>({ kind: 'hours', hours }, { clock, rollToWorkingDay: roll }),
          ),
        fc
          .record({ days: fc.integer({ min: 1, max: 30 }), clock, roll })
          .map(({ days, clock, roll }) =>
            withOptional<Limit>({ kind: 'days', days }, { clock, rollToWorkingDay: roll }),
          ),
      );
    case 'sameDay':
      return fc.oneof(
        fc.constant(limit),
        fc.integer({ min: 1, max: 48 }).map((hours): Limit => ({ kind: 'hours', hours })),
      );
    case 'months':
      return fc
        .record({ months: fc.integer({ min: 1, max: 3 }), roll })
        .map(({ months, roll }) =>
          withOptional<Limit>({ kind: 'months', months }, { rollToWorkingDay: roll }),
        );
    case 'notice':
      return fc.constant(limit);
  }
};

/**
 * Remove one step and keep the class consistent: steps that counted from it count from
 * what it counted from, steps that came after it come after its own prerequisites, and
 * neither a refusal nor the coordination meeting reopens or settles it.
 */
const withoutStep = (cls: ClassPolicy, removed: StepKind): ClassPolicy => {
  const gone = cls.steps.find((r) => r.step === removed);
  if (gone === undefined) return cls;
  const steps = cls.steps
    .filter((r) => r.step !== removed)
    .map(
      (r): StepRule => ({
        ...r,
        from: r.from === removed ? gone.from : r.from,
        after: [
          ...new Set(r.after.flatMap((p) => (p === removed ? gone.after : [p]))),
        ] as StepKind[],
      }),
    );
  const settles = cls.coordinationMeetingSettles?.filter((s) => s !== removed);
  return {
    ...cls,
    steps,
    refusalReopens: cls.refusalReopens.filter((s) => s !== removed),
    ...(settles === undefined ? {} : { coordinationMeetingSettles: settles }),
  };
};

const variedClass = (cls: ClassPolicy, dropSteps: boolean): fc.Arbitrary<ClassPolicy> => {
  const removable = (r: StepRule) =>
    dropSteps &&
    r.step !== 'close' &&
    r.step !== 'revisit' &&
    !(cls.serviceQuality && SERVICE_QUALITY_STEPS.includes(r.step));
  return fc
    .tuple(
      ...cls.steps.map((rule) =>
        fc.record({
          limit: variedLimit(rule.limit),
          pausable: fc.option(fc.boolean(), { nil: undefined }),
          drop: removable(rule) ? fc.boolean() : fc.constant(false),
        }),
      ),
    )
    .map((variations) => {
      let varied: ClassPolicy = {
        ...cls,
        steps: cls.steps.map((rule, i) => {
          const v = variations[i]!;
          const { pausable: _, ...plain } = rule;
          return withOptional<StepRule>(
            { ...plain, limit: v.limit },
            {
              pausable: v.pausable ?? rule.pausable,
            },
          );
        }),
      };
      cls.steps.forEach((rule, i) => {
        if (variations[i]!.drop) varied = withoutStep(varied, rule.step);
      });
      return varied;
    });
};

/** Scoring rows name steps by class: a dropped step takes its row with it. */
const pruneScoring = (
  scoring: Policy['scoring'],
  classes: Policy['classes'],
): Policy['scoring'] => {
  const byClass = scoring?.deductions.breach.byClass;
  if (scoring === undefined || byClass === undefined) return scoring;
  const pruned = Object.fromEntries(
    Object.entries(byClass).map(([classId, row]) => {
      const present = new Set(classes[classId]?.steps.map((r) => r.step) ?? []);
      if (row.steps === undefined) return [classId, row];
      const steps = Object.fromEntries(
        Object.entries(row.steps).filter(([step]) => present.has(step as StepKind)),
      );
      return [classId, { ...row, steps }];
    }),
  );
  return {
    ...scoring,
    deductions: {
      ...scoring.deductions,
      breach: { ...scoring.deductions.breach, byClass: pruned },
    },
  };
};

/**
 * Random but valid policies derived from a base policy: other limits (hours, days, working
 * or calendar clocks, holiday roll-forward), pausable steps, optional steps dropped, other
 * settings (notice deadlines, re-classification, at-risk share, month ends, what the
 * coordination meeting does to the clocks it settles). Each still passes `decodePolicy`
 * when the base does, and each has its own `version`.
 */
export const derivedPolicy = (
  base: Policy = hongchangPolicy,
  options: DerivedPolicyOptions = {},
): fc.Arbitrary<Policy> => {
  const dropSteps = options.dropSteps ?? true;
  const classIds = Object.keys(base.classes);
  return fc
    .record({
      classes: fc.tuple(...classIds.map((id) => variedClass(base.classes[id]!, dropSteps))),
      atRiskShare: fc.oneof(
        fc.constant(base.atRiskShare),
        fc.integer({ min: 50, max: 100 }).map((n) => n / 100),
      ),
      monthEnd: fc.constantFrom('clamp' as const, 'overflow' as const),
      defaultNoticeHours: fc.option(fc.integer({ min: 1, max: 240 }), { nil: null }),
      extraMaxHours: fc.option(fc.integer({ min: 0, max: 240 }), { nil: null }),
      reclassification: fc.boolean(),
      rollForwardTo: fc.option(
        fc.constantFrom('sameTimeOfDay' as const, 'endOfWorkingDay' as const),
        {
          nil: undefined,
        },
      ),
      afterRefusal: fc.option(fc.constantFrom('newRound' as const, 'originalDue' as const), {
        nil: undefined,
      }),
      settledByMeeting: fc.option(fc.constantFrom('stopped' as const, 'cancelled' as const), {
        nil: undefined,
      }),
      // Unbiased: small numbers repeat often, and each policy should have its own version.
      variant: fc.noBias(fc.nat()),
    })
    .map((v): Policy => {
      const classes = Object.fromEntries(classIds.map((id, i) => [id, v.classes[i]!]));
      const scoring = pruneScoring(base.scoring, classes);
      return {
        ...base,
        version: `${base.version}+variant-${v.variant}`,
        classes,
        ...(scoring === undefined ? {} : { scoring }),
        atRiskShare: v.atRiskShare,
        monthEnd: v.monthEnd,
        rectification: {
          defaultNoticeHours: v.defaultNoticeHours,
          // A cap never below the default, or every notice without a deadline is refused.
          maxNoticeHours:
            v.extraMaxHours === null ? null : (v.defaultNoticeHours ?? 24) + v.extraMaxHours,
        },
        reclassification: { allowed: v.reclassification },
        sla: {
          ...base.sla,
          ...(v.rollForwardTo === undefined ? {} : { rollForwardTo: v.rollForwardTo }),
          ...(v.afterRefusal === undefined ? {} : { afterRefusal: v.afterRefusal }),
          ...(v.settledByMeeting === undefined ? {} : { settledByMeeting: v.settledByMeeting }),
        },
      };
    });
};
