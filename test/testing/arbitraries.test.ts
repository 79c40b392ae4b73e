import * as E from 'fp-ts/Either';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCommand } from '../../src/complaint/codec';
import { COMMAND_CODECS } from '../../src/complaint/commands';
import { Code } from '../../src/complaint/vocabulary';
import { hongchangPolicy } from '../../src/policy/hongchang';
import { decodePolicy } from '../../src/policy/validate';
import { Instant, toMillis } from '../../src/shared/time';
import {
  arbitraries,
  CENTRES,
  DEFAULT_INVARIANTS,
  runCommands,
  scaledRuns,
  verifyPolicy,
} from '../../src/testing/index';

const runs = (n: number) => ({ numRuns: scaledRuns(n) });
const SQ = ['generalServiceQuality', 'majorServiceQuality'];

const count = (
  events: readonly { type: string }[],
  type: string,
  pred: (e: never) => boolean = () => true,
) => events.filter((e) => e.type === type && pred(e as never)).length;

describe('arbitraries: time and vocabulary', () => {
  it('instants fall inside the window, with or without an offset', () => {
    const window = { from: '2026-03-01T00:00:00.000Z', to: '2026-03-31T23:59:59.999Z' };
    fc.assert(
      fc.property(arbitraries.instant({ window, offsets: true }), (at) => {
        expect(Instant.is(at)).toBe(true);
        expect(toMillis(at)).toBeGreaterThanOrEqual(toMillis(window.from));
        expect(toMillis(at)).toBeLessThanOrEqual(toMillis(window.to));
      }),
      runs(300),
    );
    const written = fc.sample(arbitraries.instant({ window, offsets: true }), {
      numRuns: 200,
      seed: 1,
    });
    expect(written.some((s) => s.endsWith('+08:00'))).toBe(true);
    expect(written.some((s) => s.endsWith('Z'))).toBe(true);
  });

  it('centres are valid codes, mostly the four centres POLICY.md names', () => {
    const sample = fc.sample(arbitraries.centre(), { numRuns: 400, seed: 2 });
    for (const c of sample) expect(Code.is(c)).toBe(true);
    const named = sample.filter((c) => (CENTRES as readonly string[]).includes(c));
    expect(new Set(named)).toEqual(new Set(CENTRES));
    expect(named.length).toBeGreaterThan(sample.length / 2);
  });

  it('every command type has an arbitrary, and each command it makes decodes', () => {
    expect(Object.keys(arbitraries.commandArbitraries()).sort()).toEqual(
      Object.keys(COMMAND_CODECS).sort(),
    );
    fc.assert(
      fc.property(arbitraries.command({ at: arbitraries.instant({ offsets: true }) }), (c) => {
        expect(decodeCommand(JSON.parse(JSON.stringify(c)))).toEqual(E.right(c));
      }),
      runs(500),
    );
  });
});

describe('arbitraries: lifecycles', () => {
  it('every lifecycle of the default policy is accepted command by command and ends closed in its class', () => {
    fc.assert(
      fc.property(arbitraries.lifecycle(hongchangPolicy), (life) => {
        expect(life.complete).toBe(true);
        const trace = runCommands(hongchangPolicy, life.commands);
        expect(trace.steps.every((s) => s.outcome.kind === 'accepted')).toBe(true);
        expect(trace.events).toEqual(life.events);
        const state = life.state;
        if (state.status === 'none') throw new Error('not received');
        expect(state.status).toBe('closed');
        expect(state.complaintClass).toBe(life.classId);
        expect(state.revisitedAt !== null).toBe(life.plan.revisit);
        // Time never goes backwards along a lifecycle.
        const times = life.commands.map((c) => toMillis(c.at));
        expect([...times].sort((a, b) => a - b)).toEqual(times);
      }),
      runs(300),
    );
  });

  it('takes the planned detours: failed inspections, refusals, re-classification, escalation, waits', () => {
    fc.assert(
      fc.property(arbitraries.lifecycle(hongchangPolicy), ({ plan, events }) => {
        const reclassified = count(events, 'ComplaintReclassified');
        expect(reclassified).toBe(plan.firstClass === plan.classId ? 0 : 1);
        // Every class of the default policy has a step a refusal reopens by the time it closes.
        // (After a re-classification a notice of the former class may still be open, which
        // the decider lets no refusal pass.)
        if (plan.firstClass === plan.classId)
          expect(count(events, 'CustomerRefused')).toBe(plan.refusals);
        if (plan.firstClass === plan.classId && SQ.includes(plan.classId)) {
          // The plan's failures happen once each, whatever refusals reopen later.
          const failed = count(
            events,
            'RectificationInspected',
            (e: { data: { result: string } }) => e.data.result === 'failed',
          );
          expect(failed).toBe(plan.failedInspections);
        }
        if (plan.classId === 'majorServiceQuality' && plan.firstClass === plan.classId)
          expect(count(events, 'EscalatedToCoordinationMeeting')).toBe(
            plan.escalateAfter === null ? 0 : 1,
          );
        expect(count(events, 'CustomerWaitStarted')).toBe(count(events, 'CustomerWaitEnded'));
      }),
      runs(300),
    );
  });

  it('covers every class and every kind of detour', () => {
    const sample = fc.sample(arbitraries.lifecycle(hongchangPolicy), { numRuns: 400, seed: 3 });
    expect(new Set(sample.map((l) => l.classId))).toEqual(
      new Set(Object.keys(hongchangPolicy.classes)),
    );
    const seen = (type: string) => sample.some((l) => l.events.some((e) => e.type === type));
    for (const type of [
      'ComplaintReclassified',
      'CustomerRefused',
      'EscalatedToCoordinationMeeting',
      'CustomerWaitStarted',
      'ComplaintRevisited',
    ])
      expect(seen(type), type).toBe(true);
    expect(
      sample.some((l) =>
        l.events.some((e) => e.type === 'RectificationInspected' && e.data.result === 'failed'),
      ),
    ).toBe(true);
  });

  it('classes can be pinned, and re-classification and waits turned off', () => {
    const arb = arbitraries.lifecycle(hongchangPolicy, {
      classes: ['invalid'],
      reclassify: false,
      waits: false,
      maxRefusals: 0,
    });
    fc.assert(
      fc.property(arb, (life) => {
        expect(life.events.map((e) => e.type)).toEqual([
          'ComplaintReceived',
          'ComplaintClassified',
          'ComplaintVerified',
          'CustomerContacted',
          'ComplaintClosed',
          ...(life.plan.revisit ? ['ComplaintRevisited'] : []),
        ]);
      }),
      runs(100),
    );
  });

  it('arbitrary command sequences mix accepted and refused commands', () => {
    const sample = fc.sample(arbitraries.commandSequence(hongchangPolicy), {
      numRuns: 200,
      seed: 4,
    });
    const outcomes = sample.flatMap((cs) =>
      runCommands(hongchangPolicy, cs).steps.map((s) => s.outcome),
    );
    const accepted = outcomes.filter((o) => o.kind === 'accepted').length;
    const rejected = outcomes.filter((o) => o.kind === 'rejected').length;
    expect(accepted).toBeGreaterThan(outcomes.length / 10);
    expect(rejected).toBeGreaterThan(outcomes.length / 10);
    expect(outcomes.some((o) => o.kind === 'threw')).toBe(false);
    const closedSq = sample.filter((cs) => {
      const s = runCommands(hongchangPolicy, cs).state;
      return s.status === 'closed' && SQ.includes(s.complaintClass ?? '');
    });
    expect(closedSq.length).toBeGreaterThan(0);
  });
});

describe('arbitraries: derived policies', () => {
  it('every policy derived from the default decodes', () => {
    fc.assert(
      fc.property(arbitraries.derivedPolicy(hongchangPolicy), (policy) => {
        const decoded = decodePolicy(policy);
        if (E.isLeft(decoded)) throw new Error(decoded.left.message);
      }),
      runs(300),
    );
  });

  it('they differ from the base in limits, steps and settings', () => {
    const sample = fc.sample(arbitraries.derivedPolicy(hongchangPolicy), { numRuns: 100, seed: 5 });
    const base = JSON.stringify(hongchangPolicy.classes);
    expect(sample.filter((p) => JSON.stringify(p.classes) !== base).length).toBeGreaterThan(80);
    const stepCount = (p: typeof hongchangPolicy) =>
      Object.values(p.classes).reduce((n, c) => n + c.steps.length, 0);
    expect(sample.some((p) => stepCount(p) < stepCount(hongchangPolicy))).toBe(true);
    expect(sample.some((p) => p.reclassification.allowed === false)).toBe(true);
    expect(sample.some((p) => p.rectification.defaultNoticeHours === null)).toBe(true);
    const settled = new Set(sample.map((p) => p.sla?.settledByMeeting ?? 'stopped'));
    expect(settled).toEqual(new Set(['stopped', 'cancelled']));
    expect(new Set(sample.map((p) => p.version)).size).toBeGreaterThan(90);
  });

  it('derived policies keep every invariant of verifyPolicy', () => {
    fc.assert(
      fc.property(arbitraries.derivedPolicy(hongchangPolicy), fc.nat(), (policy, seed) => {
        const report = verifyPolicy(policy, { numRuns: 15, seed, invariants: DEFAULT_INVARIANTS });
        if (!report.ok) throw new Error(report.text);
      }),
      { numRuns: scaledRuns(8) },
    );
  });
});
