import * as E from 'fp-ts/Either';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ComplaintCommand } from '../../src/complaint/commands';
import { decide } from '../../src/complaint/decide';
import { ComplaintEvent } from '../../src/complaint/events';
import { evolve } from '../../src/complaint/evolve';
import type { ComplaintRejected } from '../../src/complaint/rejections';
import { type ComplaintState, initialState, openNotice } from '../../src/complaint/state';
import { classPolicy } from '../../src/policy/lookup';
import type { Policy } from '../../src/policy/types';
import { toMillis } from '../../src/shared/time';
import {
  NUM_RUNS,
  afterLifecycle,
  commandSequence,
  eventSequence,
  guidedSequence,
  policy,
} from './arbitraries';

const deepFreeze = <T>(value: T): T => {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
};

interface Step {
  readonly command: ComplaintCommand;
  readonly before: ComplaintState;
  readonly decision: E.Either<ComplaintRejected, ComplaintEvent[]>;
  readonly after: ComplaintState;
}

/**
 * Decide every command in turn against frozen states (a mutation would throw) and fold the
 * accepted events.
 */
const play = (commands: readonly ComplaintCommand[], p: Policy): Step[] => {
  const steps: Step[] = [];
  let state = deepFreeze(initialState);
  for (const command of commands) {
    const decision = decide(deepFreeze(command), state, p);
    const after = E.isRight(decision) ? deepFreeze(decision.right.reduce(evolve, state)) : state;
    steps.push({ command, before: state, decision, after });
    state = after;
  }
  return steps;
};

/** Random junk, mostly-valid paths with detours, and finished lifecycles with a tail. */
const sequences = fc.oneof(commandSequence(), guidedSequence, afterLifecycle);

describe('properties of the aggregate', () => {
  it('decide never throws and always answers with events or a typed rejection', () => {
    fc.assert(
      fc.property(sequences, policy, (commands, p) => {
        for (const { command, decision } of play(commands, p)) {
          if (E.isLeft(decision)) {
            expect(decision.left._tag).toBe('ComplaintRejected');
            expect(decision.left.command).toBe(command.type);
            expect(decision.left.message.length).toBeGreaterThan(0);
          } else {
            expect(decision.right.length).toBeGreaterThan(0);
            // Every event decide makes is one the codec (and so a store) accepts.
            for (const e of decision.right) expect(ComplaintEvent.is(e)).toBe(true);
          }
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('a rejected command changes nothing: the accepted commands alone replay the same', () => {
    fc.assert(
      fc.property(sequences, policy, (commands, p) => {
        const steps = play(commands, p);
        const acceptedOnly = steps.filter((s) => E.isRight(s.decision)).map((s) => s.command);
        const replay = play(acceptedOnly, p);
        expect(replay.every((s) => E.isRight(s.decision))).toBe(true);
        expect(replay.at(-1)?.after ?? initialState).toEqual(steps.at(-1)?.after ?? initialState);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('an accepted command always changes the state (no silent no-ops)', () => {
    fc.assert(
      fc.property(sequences, policy, (commands, p) => {
        for (const s of play(commands, p))
          if (E.isRight(s.decision)) expect(s.after).not.toEqual(s.before);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('time never goes backwards within a stream', () => {
    fc.assert(
      fc.property(sequences, policy, (commands, p) => {
        let last = Number.NEGATIVE_INFINITY;
        for (const s of play(commands, p)) {
          if (E.isLeft(s.decision)) continue;
          for (const e of s.decision.right) {
            const at = toMillis(e.data.at);
            expect(at).toBeGreaterThanOrEqual(last);
            last = at;
          }
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('a closed complaint accepts only the revisit, once', () => {
    fc.assert(
      fc.property(afterLifecycle, policy, (commands, p) => {
        for (const s of play(commands, p)) {
          if (s.before.status !== 'closed' || E.isLeft(s.decision)) continue;
          expect(s.command.type).toBe('RevisitCustomer');
          expect(s.before.revisitedAt).toBeNull();
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('a service-quality complaint closes only after its last rectification passed and the customer accepted', () => {
    fc.assert(
      fc.property(sequences, policy, (commands, p) => {
        for (const s of play(commands, p)) {
          if (s.command.type !== 'CloseComplaint' || E.isLeft(s.decision)) continue;
          if (s.before.status !== 'open' || s.before.complaintClass === null) continue;
          if (!classPolicy(p, s.before.complaintClass)?.serviceQuality) continue;
          const { completed, notices } = s.before;
          expect(notices.at(-1)?.result).toBe('passed');
          expect(openNotice(s.before)).toBeUndefined();
          expect(completed.rectify).toBeDefined();
          expect(completed.accept).toBeGreaterThanOrEqual(completed.rectify!);
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });
});

describe('properties of evolve', () => {
  it('is total: any well-formed events in any order fold without throwing', () => {
    fc.assert(
      fc.property(eventSequence, (events) => {
        let state: ComplaintState = deepFreeze(initialState);
        let received = false;
        let lastAt = Number.NEGATIVE_INFINITY;
        for (const event of events) {
          expect(ComplaintEvent.is(event)).toBe(true);
          state = deepFreeze(evolve(state, event));
          received ||= event.type === 'ComplaintReceived';
          // Nothing exists before the receipt; after it, the clock only moves forward.
          expect(state.status === 'none').toBe(!received);
          if (state.status !== 'none') {
            expect(state.lastEventAt).toBeGreaterThanOrEqual(lastAt);
            lastAt = state.lastEventAt;
          }
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
