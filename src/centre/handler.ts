import * as E from 'fp-ts/Either';
import type { ReadError, AppendError } from '../store/errors';
import type { StoredEvent } from '../store/envelope';
import type { EventStore } from '../store/port';
import type { DecodeError } from '../shared/decode';
import { centreEventFromStored, centreEventToNew } from './codec';
import type { CentreCommand } from './commands';
import {
  type CentreRejected,
  type CentreState,
  decideCentre,
  evolveCentre,
  initialCentreState,
} from './decide';
import { centreStreamId } from './events';

export type CentreHandleError = CentreRejected | DecodeError | AppendError | ReadError;

/**
 * Load the centre's stream, decide, append with the expected version. A conflict is returned
 * as is: centre recordings are rare and made by people, who can simply retry.
 */
export const handleCentreCommand = async (
  store: EventStore,
  command: CentreCommand,
): Promise<E.Either<CentreHandleError, readonly StoredEvent[]>> => {
  const streamId = centreStreamId(command.centre);
  const read = await store.readStream(streamId);
  if (E.isLeft(read)) return read;
  let state: CentreState = initialCentreState;
  for (const stored of read.right) {
    const decoded = centreEventFromStored(stored);
    if (E.isLeft(decoded)) return decoded;
    state = evolveCentre(state, decoded.right);
  }
  const decision = decideCentre(command, state);
  if (E.isLeft(decision)) return decision;
  if (decision.right.length === 0) return E.right([]);
  const metadata = {
    ...(command.commandId === undefined ? {} : { causationId: command.commandId }),
    ...(command.actor === undefined ? {} : { actor: command.actor }),
  };
  const appended = await store.append(
    streamId,
    decision.right.map((e) => centreEventToNew(e, metadata)),
    { expectedVersion: read.right[read.right.length - 1]?.streamVersion ?? 0 },
  );
  return E.map((r: { events: readonly StoredEvent[] }) => r.events)(appended);
};
