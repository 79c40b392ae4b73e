import * as E from 'fp-ts/Either';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hongchangPolicy } from '../../src/policy/hongchang';
import { decodePolicy } from '../../src/policy/validate';
import {
  assertPolicy,
  DEFAULT_INVARIANTS,
  invariant,
  scaledRuns,
  type VerificationReport,
  verifyPolicy,
} from '../../src/testing/index';
import {
  signNeedsReport,
  generalWithoutSteps,
  majorCloseWithoutLimit,
  majorWithoutClose,
  refusalKeepsAcceptance,
} from './policies';

const RUNS = scaledRuns(60);
const SEED = 20261123;

const failure = (report: VerificationReport, name: string) => {
  const f = report.failures.find((r) => r.name === name);
  if (f === undefined) throw new Error(`expected ${name} to fail:\n${report.text}`);
  return f;
};

/** The numbered command lines of a counterexample. */
const commandLines = (text: string | undefined): string[] =>
  (text ?? '').split('\n').filter((l) => /^\s+\d+\. /.test(l));

describe('verifyPolicy', () => {
  it('the default policy keeps every invariant, the SLA clocks included', () => {
    const report = verifyPolicy(hongchangPolicy, { numRuns: RUNS });
    expect(report.failures, report.text).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.results.map((r) => r.name)).toEqual(DEFAULT_INVARIANTS.map((i) => i.name));
    expect(report.results.map((r) => r.name)).toContain('every-clock-stops-or-breaches');
    expect(report.text).toMatch(/all 7 invariants hold/);
  });

  // A notice whose deadline lies the horizon or more after the last event (the default
  // policy caps none) is rightly still running at the horizon: the clocks are read past it.
  it('reads the SLA clocks past the latest notice deadline, however far the caller set it', () => {
    const clocks = DEFAULT_INVARIANTS.find((i) => i.name === 'every-clock-stops-or-breaches')!;
    const ctx = { policy: hongchangPolicy, window: undefined, lifecycle: {} };
    const at = (hours: number) => new Date(Date.UTC(2024, 0, 1) + hours * 3_600_000).toISOString();
    const commands = (deadlineDays: number) => [
      {
        type: 'ReceiveComplaint',
        complaintId: 'C-1',
        at: at(0),
        centre: 'service-management',
        channel: 'phone',
        customer: { id: 'A' },
        summary: 'x',
      },
      {
        type: 'ClassifyComplaint',
        complaintId: 'C-1',
        at: at(1),
        complaintClass: 'generalServiceQuality',
      },
      { type: 'VerifyComplaint', complaintId: 'C-1', at: at(2), finding: 'Forklift damage' },
      { type: 'DraftSolution', complaintId: 'C-1', at: at(3), solution: 'Retrain the crew' },
      {
        type: 'IssueRectificationNotice',
        complaintId: 'C-1',
        at: at(4),
        noticeId: 'N1',
        responsibleDepartment: 'depot',
        requirements: 'Fit corner protectors',
        deadline: at(4 + deadlineDays * 24),
      },
    ];
    // Read 400 days after the last event alone, the last three would still be running.
    for (const days of [3, 400, 401, 900])
      expect(clocks.check({ commands: commands(days), complete: false }, ctx)).toBeUndefined();
  });

  it('a major class without a close step fails with the minimal case: receive, classify major', () => {
    // decodePolicy refuses this policy, so verifyPolicy must work on the raw value.
    expect(E.isLeft(decodePolicy(majorWithoutClose))).toBe(true);
    const report = verifyPolicy(majorWithoutClose, { numRuns: RUNS, seed: SEED });
    expect(report.ok).toBe(false);
    const f = failure(report, 'every-complaint-has-a-closing-deadline');
    expect(f.reason).toMatch(/majorServiceQuality has no close step/);
    const lines = commandLines(f.counterexample);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/ReceiveComplaint .*→ ComplaintReceived/);
    expect(lines[1]).toMatch(
      /ClassifyComplaint complaintClass="majorServiceQuality"\s+→ ComplaintClassified/,
    );
    expect(failure(report, 'policy-decodes').counterexample).toMatch(
      /classes\.majorServiceQuality\.steps: every class needs a "close" step/,
    );
    // The report says how to replay the shrunk case.
    expect(f.seed).toBe(SEED);
    expect(f.path).toMatch(/^\d+(:\d+)*$/);
    expect(report.text).toContain('✗ every-complaint-has-a-closing-deadline');
  });

  it('a close step without a limit is the same finding', () => {
    const report = verifyPolicy(majorCloseWithoutLimit, { numRuns: RUNS, seed: SEED });
    const f = failure(report, 'every-complaint-has-a-closing-deadline');
    expect(f.reason).toMatch(/close step without a limit/);
    expect(commandLines(f.counterexample)).toHaveLength(2);
  });

  it('finds a policy that decodes but lets a refused complaint close on the old acceptance', () => {
    expect(E.isRight(decodePolicy(refusalKeepsAcceptance))).toBe(true);
    const report = verifyPolicy(refusalKeepsAcceptance, { numRuns: 200, seed: SEED });
    const f = failure(report, 'service-quality-closes-after-rectification-and-acceptance');
    expect(f.reason).toMatch(/refused after accepting, and did not accept again/);
    const lines = commandLines(f.counterexample);
    const accepted = lines.filter((l) => /→ /.test(l)).map((l) => /\) (\w+)/.exec(l)?.[1]);
    // In order: the acceptance, the refusal, then the close with no acceptance between.
    const acceptAt = accepted.lastIndexOf('RecordCustomerAcceptance');
    const refuseAt = accepted.lastIndexOf('RecordCustomerRefusal');
    expect(acceptAt).toBeGreaterThanOrEqual(0);
    expect(refuseAt).toBeGreaterThan(acceptAt);
    expect(accepted[accepted.length - 1]).toBe('CloseComplaint');
    expect(report.failures.map((r) => r.name)).toEqual([
      'service-quality-closes-after-rectification-and-acceptance',
    ]);
  });

  it('a class that can never close is shown stuck, with why each next step is refused', () => {
    const report = verifyPolicy(signNeedsReport, { numRuns: RUNS, seed: SEED });
    const f = failure(report, 'every-class-reaches-closed');
    expect(f.reason).toMatch(/general complaint cannot reach closed/);
    expect(f.counterexample).toMatch(/SignAgreement .*✗ StepOutOfOrder: .*needs report/);
    expect(f.counterexample).toMatch(/CloseComplaint .*✗ StepsMissing: .*sign/);
    // Shrunk to the plain path: receive, classify, the steps that can be done.
    expect(commandLines(f.counterexample).map((l) => /\) (\w+)/.exec(l)?.[1])).toEqual([
      'ReceiveComplaint',
      'ClassifyComplaint',
      'VerifyComplaint',
      'NegotiateAgreement',
    ]);
  });

  it('reports a decider that throws on a malformed policy instead of throwing itself', () => {
    const report = verifyPolicy(generalWithoutSteps, { numRuns: RUNS, seed: SEED });
    const f = failure(report, 'decide-never-throws');
    expect(f.counterexample).toMatch(/THREW TypeError/);
    expect(failure(report, 'policy-decodes').counterexample).toMatch(/classes\.general\.steps/);
  });

  it('runs invariants of the user’s own, and reports theirs like the library’s', () => {
    const falseOnPurpose = invariant<number>({
      name: 'numbers-below-7',
      description: 'a deliberately false invariant: some generated number is 7 or more',
      arbitrary: () => fc.nat(100),
      check: (n) => (n < 7 ? undefined : { reason: `${n} ≥ 7`, counterexample: `  n = ${n}` }),
    });
    const report = verifyPolicy(hongchangPolicy, {
      numRuns: 50,
      seed: SEED,
      invariants: [falseOnPurpose],
    });
    const f = failure(report, 'numbers-below-7');
    // Shrunk to the smallest failing number.
    expect(f.value).toBe(7);
    expect(f.counterexample).toBe('  n = 7');
  });

  it('the same seed gives the same report', () => {
    const a = verifyPolicy(majorWithoutClose, { numRuns: 30, seed: 42 });
    const b = verifyPolicy(majorWithoutClose, { numRuns: 30, seed: 42 });
    expect(a.text).toBe(b.text);
  });

  it('assertPolicy throws the report when an invariant fails, and returns it otherwise', () => {
    expect(() => assertPolicy(majorWithoutClose, { numRuns: 20, seed: SEED })).toThrow(
      /every-complaint-has-a-closing-deadline[\s\S]*ClassifyComplaint/,
    );
    expect(
      assertPolicy(hongchangPolicy, { numRuns: 10, invariants: DEFAULT_INVARIANTS.slice(0, 2) }).ok,
    ).toBe(true);
  });
});
