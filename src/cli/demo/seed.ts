import * as E from 'fp-ts/Either';
import { handleCentreCommand } from '../../centre/handler';
import { createCommandHandler, describeHandleError } from '../../handler/handler';
import type { Policy } from '../../policy/types';
import type { EventStore } from '../../store/port';
import { describeStoreError } from '../../store/errors';
import { type DemoOptions, demoCommands } from './plan';

export interface SeedResult {
  readonly commands: number;
  readonly events: number;
}

/** A demo command the aggregate refused: the plan and the policy disagree. */
export interface SeedFailure {
  readonly _tag: 'SeedFailure';
  readonly message: string;
}

/**
 * Write the demo into a store through the command handlers, reporting progress as
 * (done, total) after each command.
 */
export const seedDemo = async (
  store: EventStore,
  policy: Policy,
  options: DemoOptions,
  progress?: (done: number, total: number) => void,
): Promise<E.Either<SeedFailure, SeedResult>> => {
  const handler = createCommandHandler({ store, policy });
  const commands = demoCommands(options);
  let events = 0;
  for (const [i, { command }] of commands.entries()) {
    if (command.kind === 'complaint') {
      const result = await handler.handle(command.command);
      if (E.isLeft(result))
        return E.left({
          _tag: 'SeedFailure',
          message: `${command.command.complaintId}: ${describeHandleError(result.left)}`,
        });
      events += result.right.events.length;
    } else {
      const result = await handleCentreCommand(store, command.command);
      if (E.isLeft(result)) {
        const error = result.left;
        const message = error._tag === 'CentreRejected' ? error.message : describeStoreError(error);
        return E.left({
          _tag: 'SeedFailure',
          message: `centre ${command.command.centre}: ${message}`,
        });
      }
      events += result.right.length;
    }
    progress?.(i + 1, commands.length);
  }
  return E.right({ commands: commands.length, events });
};
