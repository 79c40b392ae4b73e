import type * as fc from 'fast-check';
import type { Policy } from '../../policy/types';
import type { LifecycleOptions } from '../arbitraries/lifecycle';
import type { TimeWindow } from '../arbitraries/time';

/** What every invariant sees: the policy under test and the generation settings. */
export interface VerifyContext {
  /** As given, possibly never decoded: invariants must not assume it is well-formed. */
  readonly policy: Policy;
  readonly window: TimeWindow | undefined;
  readonly lifecycle: LifecycleOptions;
}

/** Why a generated case breaks an invariant, written for a person. */
export interface Violation {
  /** One or two sentences: what went wrong. */
  readonly reason: string;
  /** The case, readable: usually a numbered command sequence with each outcome. */
  readonly counterexample: string;
}

/**
 * A universal property of complaint handling, checked against a policy over generated
 * cases. `verifyPolicy` runs each with fast-check and, on failure, shrinks the case to a
 * minimal one and prints it with `check`'s Violation. Users add their own by writing one
 * of these (the SLA clock invariant is one, plugged in the same way).
 */
export interface PolicyInvariant<T = unknown> {
  /** Stable id, e.g. `every-class-reaches-closed`. */
  readonly name: string;
  /** The rule in words, with the source's wording where it has one. */
  readonly description: string;
  arbitrary(ctx: VerifyContext): fc.Arbitrary<T>;
  /** undefined when the case keeps the invariant. Must not throw; a throw is reported as a failure. */
  check(value: T, ctx: VerifyContext): Violation | undefined;
  /** Runs relative to `numRuns` (1: the same; a property with no randomness sets `fixedRuns: 1`). */
  readonly runsFactor?: number;
  readonly fixedRuns?: number;
}

/** Build an invariant with its case type inferred. */
export const invariant = <T>(spec: PolicyInvariant<T>): PolicyInvariant<T> => spec;
