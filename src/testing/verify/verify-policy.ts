import * as fc from 'fast-check';
import type { Policy } from '../../policy/types';
import type { LifecycleOptions } from '../arbitraries/lifecycle';
import type { TimeWindow } from '../arbitraries/time';
import type { PolicyInvariant, VerifyContext } from './invariant';
import { DEFAULT_INVARIANTS } from './default-invariants';

export interface VerifyOptions {
  /** Generated cases per invariant. Default 200. */
  readonly numRuns?: number;
  /** Seed for every invariant, to replay a report. Default: a new one each run (it is in the report). */
  readonly seed?: number;
  /** The invariants to run. Default: DEFAULT_INVARIANTS; add your own with `[...DEFAULT_INVARIANTS, mine]`. */
  readonly invariants?: readonly PolicyInvariant<unknown>[];
  /** Instants of generated complaints. Default: DEFAULT_WINDOW. */
  readonly window?: TimeWindow;
  /** Shape of generated lifecycles (detours, classes). */
  readonly lifecycle?: LifecycleOptions;
}

export interface InvariantResult {
  readonly name: string;
  readonly description: string;
  readonly ok: boolean;
  /** Cases run (up to and including the first failing one). */
  readonly numRuns: number;
  readonly seed: number;
  /** When failed: why, for the shrunk case. */
  readonly reason?: string;
  /** When failed: the shrunk, minimal case, readable (a numbered command sequence). */
  readonly counterexample?: string;
  /** When failed: the shrunk case as a value, for replaying it in a test of your own. */
  readonly value?: unknown;
  readonly numShrinks?: number;
  /** fast-check's path to the failing case: with `seed`, replays it exactly. */
  readonly path?: string;
}

export interface VerificationReport {
  readonly ok: boolean;
  readonly policy: { readonly id: string; readonly version: string };
  readonly results: readonly InvariantResult[];
  readonly failures: readonly InvariantResult[];
  /** The whole report as text: a line per invariant, each failure with its counterexample. */
  readonly text: string;
}

const errorText = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

const runOne = (
  inv: PolicyInvariant<unknown>,
  ctx: VerifyContext,
  numRuns: number,
  seed: number | undefined,
): InvariantResult => {
  const base = { name: inv.name, description: inv.description };
  let arbitrary: fc.Arbitrary<unknown>;
  try {
    arbitrary = inv.arbitrary(ctx);
  } catch (error) {
    return {
      ...base,
      ok: false,
      numRuns: 0,
      seed: seed ?? 0,
      reason: `could not generate cases for this policy: ${errorText(error)}`,
      counterexample: '  (none: the policy is too malformed to generate from)',
    };
  }
  const runs = inv.fixedRuns ?? Math.max(1, Math.round(numRuns * (inv.runsFactor ?? 1)));
  const details = fc.check(
    fc.property(arbitrary, (value) => inv.check(value, ctx) === undefined),
    seed === undefined ? { numRuns: runs } : { numRuns: runs, seed },
  );
  if (!details.failed) return { ...base, ok: true, numRuns: details.numRuns, seed: details.seed };
  const value = details.counterexample?.[0];
  let reason: string;
  let counterexample: string;
  try {
    const violation = inv.check(value, ctx);
    reason = violation?.reason ?? 'the check failed only while shrinking (not deterministic?)';
    counterexample = violation?.counterexample ?? `  ${fc.stringify(value)}`;
  } catch (error) {
    reason = `the check threw: ${errorText(error)}`;
    counterexample = `  ${fc.stringify(value)}`;
  }
  return {
    ...base,
    ok: false,
    numRuns: details.numRuns,
    seed: details.seed,
    reason,
    counterexample,
    value,
    numShrinks: details.numShrinks,
    ...(details.counterexamplePath === null ? {} : { path: details.counterexamplePath }),
  };
};

const cases = (n: number): string => `${n} case${n === 1 ? '' : 's'}`;

const render = (policy: VerificationReport['policy'], results: readonly InvariantResult[]) => {
  const failed = results.filter((r) => !r.ok);
  const head =
    failed.length === 0
      ? `verifyPolicy ${policy.id}@${policy.version}: all ${results.length} invariants hold`
      : `verifyPolicy ${policy.id}@${policy.version}: ${failed.length} of ${results.length} invariants fail`;
  const lines = results.map((r) => {
    if (r.ok) return `✓ ${r.name} (${cases(r.numRuns)})`;
    return [
      `✗ ${r.name} — ${r.description}`,
      `  ${r.reason}`,
      `  minimal counterexample (after ${cases(r.numRuns)}, ${r.numShrinks ?? 0} shrinks; replay: seed ${r.seed}${r.path === undefined ? '' : `, path "${r.path}"`}):`,
      (r.counterexample ?? '').replace(/^/gm, '  '),
    ].join('\n');
  });
  return [head, ...lines].join('\n');
};

/**
 * Check a policy against the library's universal invariants: every class can reach
 * closed; service-quality complaints close only after a passed rectification and the
 * customer's acceptance; every complaint has a closing deadline; nothing but the revisit
 * follows closing; decide never throws; and any invariant you add. Each runs as a
 * fast-check property; a failure is shrunk to a minimal case and printed as a command
 * sequence. The policy need not have been decoded: a malformed one is reported, not thrown.
 */
export const verifyPolicy = (policy: Policy, options: VerifyOptions = {}): VerificationReport => {
  const ctx: VerifyContext = {
    policy,
    window: options.window,
    lifecycle: options.lifecycle ?? {},
  };
  const invariants = options.invariants ?? DEFAULT_INVARIANTS;
  const results = invariants.map((inv) => runOne(inv, ctx, options.numRuns ?? 200, options.seed));
  const id = (policy as { id?: unknown }).id;
  const version = (policy as { version?: unknown }).version;
  const who = {
    id: typeof id === 'string' ? id : '(no id)',
    version: typeof version === 'string' ? version : '(no version)',
  };
  const failures = results.filter((r) => !r.ok);
  return { ok: failures.length === 0, policy: who, results, failures, text: render(who, results) };
};

/** verifyPolicy for test suites: throws an Error carrying the report's text when an invariant fails. */
export const assertPolicy = (policy: Policy, options: VerifyOptions = {}): VerificationReport => {
  const report = verifyPolicy(policy, options);
  if (!report.ok) throw new Error(report.text);
  return report;
};
