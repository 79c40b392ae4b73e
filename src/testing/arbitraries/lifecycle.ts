import * as fc from 'fast-check';
import type { ComplaintCommand } from '../../complaint/commands';
import type { ComplaintEvent } from '../../complaint/events';
import type { ComplaintState } from '../../complaint/state';
import type { Policy } from '../../policy/types';
import type { LifecyclePlan } from '../lifecycle/plan';
import { walk } from '../lifecycle/walk';
import { gapMs, millisIn, type TimeWindow } from './time';
import { centre, channel, complaintId, customer, reference, text } from './vocabulary';

export interface LifecycleOptions {
  /** Classes the complaint may end in. Default: every class of the policy. */
  readonly classes?: readonly string[];
  /** Start in another class and re-classify (when the policy allows). Default true. */
  readonly reclassify?: boolean;
  /** Most inspections failing before one passes. Default 2. */
  readonly maxFailedInspections?: number;
  /** Most refusals by the customer. Default 1. */
  readonly maxRefusals?: number;
  /** Waits on the customer between steps. Default true. */
  readonly waits?: boolean;
  /** Escalation to the coordination meeting where the class allows it. Default true. */
  readonly escalation?: boolean;
  /** Revisit after closing: always, never, or sometimes (default). */
  readonly revisit?: boolean | 'sometimes';
  readonly window?: TimeWindow;
  /** Longest gap between two commands, in hours. Default 288 (12 days). */
  readonly maxGapHours?: number;
  readonly complaintId?: fc.Arbitrary<string>;
}

/** The class ids of a policy, tolerating an unchecked value with none. */
export const classIdsOf = (policy: Policy): string[] => {
  const classes = (policy as { classes?: unknown }).classes;
  return typeof classes === 'object' && classes !== null ? Object.keys(classes) : [];
};

/** Plans for whole lifecycles under a policy (see LifecyclePlan); walk one with `walk`. */
export const lifecyclePlan = (
  policy: Policy,
  options: LifecycleOptions = {},
): fc.Arbitrary<LifecyclePlan> => {
  const all = classIdsOf(policy);
  const classes = options.classes ?? (all.length > 0 ? all : ['unclassified']);
  if (classes.length === 0) throw new RangeError('lifecyclePlan: no classes to end in');
  const canReclassify =
    (options.reclassify ?? true) &&
    all.length > 1 &&
    (policy as Partial<Policy>).reclassification?.allowed === true;
  const revisit =
    options.revisit === undefined || options.revisit === 'sometimes'
      ? fc.boolean()
      : fc.constant(options.revisit);

  return fc
    .record({
      complaintId: options.complaintId ?? complaintId(),
      classId: fc.constantFrom(...classes),
      firstPick: canReclassify ? fc.option(fc.nat(), { nil: null }) : fc.constant(null),
      reclassifyAfter: fc.nat(6),
      failedInspections: fc.integer({ min: 0, max: options.maxFailedInspections ?? 2 }),
      refusals: fc.integer({ min: 0, max: options.maxRefusals ?? 1 }),
      waitsBefore:
        options.waits === false ? fc.constant([]) : fc.uniqueArray(fc.nat(10), { maxLength: 3 }),
      escalateAfter:
        options.escalation === false ? fc.constant(null) : fc.option(fc.nat(8), { nil: null }),
      choices: fc.array(fc.nat(3), { maxLength: 8 }),
      gapsMs: fc.array(gapMs(options.maxGapHours), { minLength: 1, maxLength: 12 }),
      startMs: millisIn(options.window),
      noticeHours: fc.option(fc.integer({ min: 1, max: 240 }), { nil: null }),
      revisit,
      receipt: fc.record(
        {
          centre: centre(),
          channel: channel(),
          customer: customer(),
          summary: text(),
          reference: reference(),
        },
        { requiredKeys: ['centre', 'channel', 'customer', 'summary'] },
      ),
    })
    .map(({ firstPick, ...plan }): LifecyclePlan => {
      const others = all.filter((c) => c !== plan.classId);
      const firstClass =
        firstPick === null || others.length === 0
          ? plan.classId
          : (others[firstPick % others.length] ?? plan.classId);
      return { ...plan, firstClass };
    });
};

/** One complaint's life under a policy, as commands the decider accepted. */
export interface Lifecycle {
  /** The class it ends in. */
  readonly classId: string;
  readonly plan: LifecyclePlan;
  readonly commands: readonly ComplaintCommand[];
  readonly events: readonly ComplaintEvent[];
  readonly state: ComplaintState;
  /**
   * True when it reached closed (and revisited, if planned). False only when the policy
   * blocks the way: `verifyPolicy` reports that as a failure.
   */
  readonly complete: boolean;
}

/**
 * Whole valid lifecycles per class of a policy — re-classification, failed rectifications,
 * refusals, waits on the customer and escalation included — as command sequences the
 * decider accepts, ready to replay into a store or a projection.
 */
export const lifecycle = (
  policy: Policy,
  options: LifecycleOptions = {},
): fc.Arbitrary<Lifecycle> =>
  lifecyclePlan(policy, options).map((plan) => {
    const w = walk(policy, plan);
    return {
      classId: plan.classId,
      plan,
      commands: w.commands,
      events: w.trace.events,
      state: w.trace.state,
      complete: w.outcome !== 'stuck',
    };
  });
