/**
 * How a team that changes the policy proves the change still behaves: a test file of the
 * kind you would keep in your own repository, importing only the published package.
 * Run it with `npx vitest run examples/verify-policy.test.ts`.
 */
import {
  complaintSla,
  decodePolicy,
  foldSla,
  hongchangPolicy,
  type Policy,
  slaContext,
} from 'complaint-ledger';
import { arbitraries, toStoredEvents, verifyPolicy } from 'complaint-ledger/testing';
import * as E from 'fp-ts/Either';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const HOUR = 3_600_000;

/** Our company verifies general complaints within 24 h of receipt, not the manual's 48 h. */
const ourPolicy: Policy = {
  ...hongchangPolicy,
  id: 'our-logistics',
  version: '2026-12-01',
  classes: {
    ...hongchangPolicy.classes,
    general: {
      ...hongchangPolicy.classes.general!,
      steps: hongchangPolicy.classes.general!.steps.map((rule) =>
        rule.step === 'verify'
          ? { ...rule, limit: { kind: 'hours', hours: 24 }, source: 'our rule: verify within 24 h' }
          : rule,
      ),
    },
  },
};

describe('our complaint policy', () => {
  it('is a well-formed policy', () => {
    expect(E.isRight(decodePolicy(ourPolicy))).toBe(true);
  });

  it('keeps every invariant the library checks', () => {
    const report = verifyPolicy(ourPolicy, { numRuns: 100 });
    // On failure, report.text shows each broken invariant with a minimal command sequence.
    expect(report.failures, report.text).toEqual([]);
  });

  it('gives every general complaint 24 h for verification, whatever happens later', () => {
    const ctx = slaContext(ourPolicy);
    if (E.isLeft(ctx)) throw new Error(ctx.left.message);
    const generalLives = arbitraries.lifecycle(ourPolicy, {
      classes: ['general'],
      reclassify: false,
    });
    fc.assert(
      fc.property(generalLives, (life) => {
        const projection = foldSla(toStoredEvents(life.events));
        if (E.isLeft(projection)) throw new Error(projection.left.cause.message);
        const received = Date.parse(life.commands[0]!.at);
        const sla = complaintSla(ctx.right, projection.right, life.plan.complaintId, received);
        const verify = sla?.clocks.find((c) => c.key === 'verify');
        expect(verify?.dueAt).toBe(received + 24 * HOUR);
      }),
      { numRuns: 200 },
    );
  });

  it('a careless edit is caught with a short counterexample', () => {
    // Someone drops the general class's closing deadline.
    const careless: Policy = {
      ...ourPolicy,
      classes: {
        ...ourPolicy.classes,
        general: {
          ...ourPolicy.classes.general!,
          steps: ourPolicy.classes.general!.steps.map((rule) =>
            rule.step === 'close' ? { ...rule, limit: null } : rule,
          ),
        },
      },
    };
    const report = verifyPolicy(careless, { numRuns: 100 });
    expect(report.ok).toBe(false);
    const deadline = report.failures.find(
      (f) => f.name === 'every-complaint-has-a-closing-deadline',
    );
    expect(deadline?.counterexample).toMatch(/ClassifyComplaint complaintClass="general"/);
  });
});
