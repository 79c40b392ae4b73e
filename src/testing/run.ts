import * as E from 'fp-ts/Either';
import type { ComplaintCommand } from '../complaint/commands';
import { decide } from '../complaint/decide';
import type { ComplaintEvent } from '../complaint/events';
import { evolve } from '../complaint/evolve';
import type { ComplaintRejected } from '../complaint/rejections';
import { type ComplaintState, initialState } from '../complaint/state';
import type { Policy } from '../policy/types';

/** What became of one command: recorded, refused, or — a bug — an exception. */
export type Outcome =
  | { readonly kind: 'accepted'; readonly events: readonly ComplaintEvent[] }
  | { readonly kind: 'rejected'; readonly rejection: ComplaintRejected }
  | { readonly kind: 'threw'; readonly error: unknown };

export interface TraceStep {
  readonly command: ComplaintCommand;
  readonly outcome: Outcome;
  /** The complaint after this command (unchanged when it was refused or threw). */
  readonly state: ComplaintState;
}

/** A command sequence as the decider saw it, step by step. */
export interface Trace {
  readonly steps: readonly TraceStep[];
  readonly state: ComplaintState;
  /** The events recorded, in order. */
  readonly events: readonly ComplaintEvent[];
}

/**
 * Decide and apply one command, turning an exception into an outcome: verification must
 * report a throwing decider (e.g. on an unchecked policy), not crash on it.
 */
export const step = (
  policy: Policy,
  command: ComplaintCommand,
  state: ComplaintState,
): { readonly outcome: Outcome; readonly state: ComplaintState } => {
  try {
    const decision = decide(command, state, policy);
    if (E.isLeft(decision))
      return { outcome: { kind: 'rejected', rejection: decision.left }, state };
    let next = state;
    for (const event of decision.right) next = evolve(next, event);
    return { outcome: { kind: 'accepted', events: decision.right }, state: next };
  } catch (error) {
    return { outcome: { kind: 'threw', error }, state };
  }
};

/** Run every command in order, refused ones included, from a state (default: none received). */
export const runCommands = (
  policy: Policy,
  commands: readonly ComplaintCommand[],
  from: ComplaintState = initialState,
): Trace => {
  const steps: TraceStep[] = [];
  const events: ComplaintEvent[] = [];
  let state = from;
  for (const command of commands) {
    const next = step(policy, command, state);
    state = next.state;
    if (next.outcome.kind === 'accepted') events.push(...next.outcome.events);
    steps.push({ command, outcome: next.outcome, state });
  }
  return { steps, state, events };
};
