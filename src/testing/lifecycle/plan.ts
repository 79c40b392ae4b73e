import type { Channel, Customer, Reference } from '../../complaint/vocabulary';

/**
 * The shape of one complaint's life, before it meets a policy: which class it ends in,
 * which detours it takes. A walk turns a plan into commands under a given policy, asking
 * the decider at each step, so the same plan means the same story under any policy.
 * Every field shrinks towards the plain happy path, which is what makes counterexamples
 * short.
 */
export interface LifecyclePlan {
  readonly complaintId: string;
  /** The class the complaint ends in. */
  readonly classId: string;
  /** The class it is first given; differs from `classId` when the plan re-classifies. */
  readonly firstClass: string;
  /** Re-classify into `classId` once this many steps are done. */
  readonly reclassifyAfter: number;
  /** Inspections that fail (不合格) before one passes; each failure calls for a new notice. */
  readonly failedInspections: number;
  /** Times the customer refuses the result before accepting it. */
  readonly refusals: number;
  /** The centre waits on the customer before the step with each of these numbers. */
  readonly waitsBefore: readonly number[];
  /**
   * Escalate to the coordination meeting (协调会) once this many steps are done, or just
   * before closing when the class has fewer steps; only where the class allows it.
   */
  readonly escalateAfter: number | null;
  /** Which of the steps open at a moment comes first, when several are (e.g. report or negotiate). */
  readonly choices: readonly number[];
  /** Time between consecutive commands, used in turn. */
  readonly gapsMs: readonly number[];
  readonly startMs: number;
  /** Deadline written on each notice, in hours from issue; null: the policy's default, if any. */
  readonly noticeHours: number | null;
  /** Revisit (回访) after closing. */
  readonly revisit: boolean;
  readonly receipt: {
    readonly centre: string;
    readonly channel: Channel;
    readonly customer: Customer;
    readonly summary: string;
    readonly reference?: Reference;
  };
}
