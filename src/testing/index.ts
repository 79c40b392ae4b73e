/**
 * Helpers for users' own test suites (`complaint-ledger/testing`): given/when/then for the
 * decider and projections, fast-check arbitraries, and verifyPolicy, which checks a policy
 * against the library's universal invariants. Needs fast-check (an optional peer dependency).
 */
export * from './given-when-then';
export * from './arbitraries/index';
export {
  describeCommand,
  describeCommands,
  describeEvents,
  describeOutcome,
  describeSteps,
} from './describe';
export type { LifecyclePlan } from './lifecycle/plan';
export { type Attempt, type Walk, walk } from './lifecycle/walk';
export { type StoredOptions, toStoredEvents } from './stored';
export { type Outcome, runCommands, step, type Trace, type TraceStep } from './run';
export { scaledRuns } from './runs';
export { DEFAULT_INVARIANTS } from './verify/default-invariants';
export {
  invariant,
  type PolicyInvariant,
  type VerifyContext,
  type Violation,
} from './verify/invariant';
export * from './verify/invariants/index';
export {
  assertPolicy,
  type InvariantResult,
  type VerificationReport,
  type VerifyOptions,
  verifyPolicy,
} from './verify/verify-policy';
