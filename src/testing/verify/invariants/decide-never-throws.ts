import * as E from 'fp-ts/Either';
import * as fc from 'fast-check';
import { decodeCommand } from '../../../complaint/codec';
import type { ComplaintCommand } from '../../../complaint/commands';
import type { ComplaintEvent } from '../../../complaint/events';
import { evolve } from '../../../complaint/evolve';
import { type ComplaintState, initialState } from '../../../complaint/state';
import { command } from '../../arbitraries/commands';
import { event } from '../../arbitraries/events';
import { classIdsOf } from '../../arbitraries/lifecycle';
import { commandSequence, HOSTILE_CLASS_NAMES } from '../../arbitraries/sequences';
import { describeCommand, describeEvents, describeOutcome } from '../../describe';
import { runCommands, step } from '../../run';
import { invariant } from '../invariant';
import { stepsUpTo } from '../trace-checks';

type Case =
  | { readonly kind: 'commands'; readonly commands: readonly ComplaintCommand[] }
  | {
      readonly kind: 'history';
      readonly events: readonly ComplaintEvent[];
      readonly command: ComplaintCommand;
    }
  | { readonly kind: 'input'; readonly input: unknown };

const threw = (error: unknown) =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

/**
 * decide answers every input with events or a typed rejection: any command sequence, any
 * history of well-formed stored events (in any order — storage does not promise the
 * decider's order), any input a caller sends through decodeCommand.
 */
export const decideNeverThrows = invariant<Case>({
  name: 'decide-never-throws',
  description:
    'decide never throws, for any input: command sequences valid or not, any well-formed stored history, any caller input through decodeCommand',
  arbitrary: ({ policy, lifecycle, window }) => {
    const options = window === undefined ? lifecycle : { ...lifecycle, window };
    const classes = [...classIdsOf(policy), ...HOSTILE_CLASS_NAMES];
    const id = fc.constant('C-1');
    return fc.oneof(
      commandSequence(policy, options).map((commands): Case => ({ kind: 'commands', commands })),
      fc
        .tuple(
          fc.array(event({ complaintId: id, classes }), { maxLength: 16 }),
          command({ complaintId: id, classes }),
        )
        .map(([events, command]): Case => ({ kind: 'history', events, command })),
      fc.anything().map((input): Case => ({ kind: 'input', input })),
    );
  },
  check: (c, { policy }) => {
    switch (c.kind) {
      case 'commands': {
        const trace = runCommands(policy, c.commands);
        const i = trace.steps.findIndex((s) => s.outcome.kind === 'threw');
        return i < 0
          ? undefined
          : { reason: 'decide threw on a command', counterexample: stepsUpTo(trace.steps, i) };
      }
      case 'history': {
        let state: ComplaintState = initialState;
        for (const [i, e] of c.events.entries()) {
          try {
            state = evolve(state, e);
          } catch (error) {
            return {
              reason: `evolve threw on stored event ${i + 1}: ${threw(error)}`,
              counterexample: describeEvents(c.events.slice(0, i + 1)),
            };
          }
        }
        const { outcome } = step(policy, c.command, state);
        return outcome.kind !== 'threw'
          ? undefined
          : {
              reason: 'decide threw on a command after a stored history',
              counterexample: `${describeEvents(c.events)}\n  then: ${describeCommand(c.command)}  ${describeOutcome(outcome)}`,
            };
      }
      case 'input': {
        let decoded: ReturnType<typeof decodeCommand>;
        try {
          decoded = decodeCommand(c.input);
        } catch (error) {
          return {
            reason: `decodeCommand threw: ${threw(error)}`,
            counterexample: `  input: ${fc.stringify(c.input)}`,
          };
        }
        if (E.isLeft(decoded)) return undefined;
        const { outcome } = step(policy, decoded.right, initialState);
        return outcome.kind !== 'threw'
          ? undefined
          : {
              reason: 'decide threw on a decoded caller input',
              counterexample: `  ${describeCommand(decoded.right)}  ${describeOutcome(outcome)}`,
            };
      }
    }
  },
});
