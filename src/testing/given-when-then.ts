import { deepStrictEqual, fail, ok } from 'node:assert/strict';
import * as E from 'fp-ts/Either';
import type { ComplaintCommand } from '../complaint/commands';
import { decide } from '../complaint/decide';
import type { ComplaintEvent } from '../complaint/events';
import { foldEvents } from '../complaint/evolve';
import type { ComplaintRejected, RejectionCode } from '../complaint/rejections';
import { type ComplaintState, initialState } from '../complaint/state';
import { hongchangPolicy } from '../policy/hongchang';
import type { Policy } from '../policy/types';

/** A projection under test: anything computed from a complaint's events. */
export type Projection<S> = (events: readonly ComplaintEvent[]) => S;

export interface ProjectionExpectation<S> {
  /** What the projection gave, for assertions of your own. */
  readonly result: S;
  /** Assert the projection gave exactly this (deep equality). */
  then(expected: S): void;
  /** Assert something of the result: `check` throws, or returns false, when it does not hold. */
  thenSatisfies(check: (result: S) => boolean | undefined, message?: string): void;
}

export interface Expectation {
  /** The decision itself, for assertions of your own. */
  readonly result: E.Either<ComplaintRejected, ComplaintEvent[]>;
  /** The state before the command. */
  readonly state: ComplaintState;
  /** Assert the command was accepted and recorded exactly these events. */
  then(expected: readonly ComplaintEvent[]): void;
  /** Assert the command was rejected with this code (and, if given, these details). */
  thenRejected(code: RejectionCode, details?: Readonly<Record<string, unknown>>): ComplaintRejected;
  /** The history plus the command's events, through a projection; fails if the command was rejected. */
  project<S>(projection: Projection<S>): ProjectionExpectation<S>;
}

const projected = <S>(result: S): ProjectionExpectation<S> => ({
  result,
  // biome-ignore lint/suspicious/noThenProperty: given/when/then vocabulary; never awaited
  then: (expected) => deepStrictEqual(result, expected),
  thenSatisfies: (check, message) => {
    const verdict = check(result);
    ok(verdict !== false, message ?? 'the projection’s result does not satisfy the check');
  },
});

/**
 * `given(history).when(command).then(events)` for the complaint decider, and
 * `given(history).project(projection).then(expected)` for anything folded from events.
 * Throws an AssertionError (understood by every test runner) when the expectation fails.
 */
export const given = (history: readonly ComplaintEvent[], policy: Policy = hongchangPolicy) => ({
  when: (command: ComplaintCommand): Expectation => {
    const state = foldEvents(history, initialState);
    const result = decide(command, state, policy);
    return {
      result,
      state,
      // biome-ignore lint/suspicious/noThenProperty: given/when/then vocabulary; never awaited
      then: (expected) => {
        if (E.isLeft(result))
          fail(`expected events, got rejection ${result.left.code}: ${result.left.message}`);
        deepStrictEqual(result.right, expected);
      },
      thenRejected: (code, details) => {
        if (E.isRight(result))
          fail(
            `expected rejection ${code}, got events ${result.right.map((e) => e.type).join(', ')}`,
          );
        deepStrictEqual(result.left.code, code, result.left.message);
        if (details !== undefined) {
          const actual = Object.fromEntries(
            Object.keys(details).map((k) => [
              k,
              (result.left as unknown as Record<string, unknown>)[k],
            ]),
          );
          deepStrictEqual(actual, details);
        }
        return result.left;
      },
      project: (projection) => {
        if (E.isLeft(result))
          fail(
            `expected events to project, got rejection ${result.left.code}: ${result.left.message}`,
          );
        return projected(projection([...history, ...result.right]));
      },
    };
  },
  /** The history alone, through a projection. */
  project: <S>(projection: Projection<S>): ProjectionExpectation<S> =>
    projected(projection(history)),
});
