import type { Either } from 'fp-ts/Either';
import type { Policy } from '../policy/types';
import type { ComplaintCommand } from './commands';
import { decide } from './decide';
import type { ComplaintEvent } from './events';
import { evolve } from './evolve';
import type { ComplaintRejected } from './rejections';
import { type ComplaintState, initialState } from './state';

/** The decider triple for one policy: what the command handler and tests run. */
export interface ComplaintDecider {
  readonly policy: Policy;
  readonly initialState: ComplaintState;
  readonly decide: (
    command: ComplaintCommand,
    state: ComplaintState,
  ) => Either<ComplaintRejected, ComplaintEvent[]>;
  readonly evolve: (state: ComplaintState, event: ComplaintEvent) => ComplaintState;
}

export const complaintDecider = (policy: Policy): ComplaintDecider => ({
  policy,
  initialState,
  decide: (command, state) => decide(command, state, policy),
  evolve,
});
