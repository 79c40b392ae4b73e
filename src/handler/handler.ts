import * as E from 'fp-ts/Either';
import type { ComplaintCommand } from '../complaint/commands';
import { decodeCommand, fromStoredEvent, toNewEvent } from '../complaint/codec';
import { decide } from '../complaint/decide';
import type { ComplaintEvent } from '../complaint/events';
import { evolve } from '../complaint/evolve';
import type { ComplaintRejected } from '../complaint/rejections';
import { type ComplaintState, initialState } from '../complaint/state';
import { complaintStreamId } from '../complaint/vocabulary';
import type { Policy } from '../policy/types';
import type { DecodeError } from '../shared/decode';
import type { EventMetadata, StoredEvent } from '../store/envelope';
import { type AppendError, describeStoreError, type ReadError, type WrongExpectedVersion } from '../store/errors';
import { newEventId } from '../store/new-event-id';
import type { EventStore } from '../store/port';

export type HandleError = ComplaintRejected | DecodeError | AppendError | ReadError;

export interface Handled {
  /** The events this command stored; on a repeated command id, the ones stored the first time. */
  readonly events: readonly StoredEvent[];
  /** The complaint after the command. */
  readonly state: ComplaintState;
  readonly streamVersion: number;
  /** True when the command id had been handled before and nothing new was stored. */
  readonly alreadyHandled: boolean;
}

export interface CommandHandlerOptions {
  readonly store: EventStore;
  readonly policy: Policy;
  /** Attempts after a version conflict before the conflict is returned. Default 3. */
  readonly maxRetries?: number;
  /** Event ids; default UUID v7. Inject for deterministic tests. */
  readonly newEventId?: () => string;
}

export interface CallMetadata {
  readonly correlationId?: string;
  readonly actor?: string;
}

export interface LoadedComplaint {
  readonly state: ComplaintState;
  readonly version: number;
  readonly stored: readonly StoredEvent[];
}

export interface CommandHandler {
  /** Load, fold, decide, append with the expected version; retry on a conflict. */
  handle(command: ComplaintCommand, meta?: CallMetadata): Promise<E.Either<HandleError, Handled>>;
  /** Decode a caller's input first: bad input is a DecodeError naming the field. */
  handleUnknown(input: unknown, meta?: CallMetadata): Promise<E.Either<HandleError, Handled>>;
  /** The complaint's current state and version. */
  load(complaintId: string): Promise<E.Either<ReadError | DecodeError, LoadedComplaint>>;
}

const fold = (stored: readonly StoredEvent[]): E.Either<DecodeError, ComplaintState> => {
  let state = initialState;
  for (const s of stored) {
    const decoded = fromStoredEvent(s);
    if (E.isLeft(decoded)) return decoded;
    state = evolve(state, decoded.right);
  }
  return E.right(state);
};

export const createCommandHandler = (options: CommandHandlerOptions): CommandHandler => {
  const { store, policy } = options;
  const maxRetries = options.maxRetries ?? 3;
  const makeId = options.newEventId ?? newEventId;

  const load: CommandHandler['load'] = async (complaintId) => {
    const read = await store.readStream(complaintStreamId(complaintId));
    if (E.isLeft(read)) return read;
    const stored = read.right;
    return E.map((state: ComplaintState) => ({
      state,
      version: stored.length === 0 ? 0 : stored[stored.length - 1]!.streamVersion,
      stored,
    }))(fold(stored));
  };

  const attempt = async (
    command: ComplaintCommand,
    meta: CallMetadata | undefined,
  ): Promise<E.Either<HandleError, Handled>> => {
    const loaded = await load(command.complaintId);
    if (E.isLeft(loaded)) return loaded;
    const { state, version, stored } = loaded.right;
    if (command.commandId !== undefined) {
      const earlier = stored.filter((e) => e.metadata.causationId === command.commandId);
      if (earlier.length > 0)
        return E.right({ events: earlier, state, streamVersion: version, alreadyHandled: true });
    }
    const decision = decide(command, state, policy);
    if (E.isLeft(decision)) return decision;
    const events: ComplaintEvent[] = decision.right;
    const metadata: EventMetadata = {
      ...(meta?.correlationId === undefined ? {} : { correlationId: meta.correlationId }),
      ...(command.commandId === undefined ? {} : { causationId: command.commandId }),
      ...((command.actor ?? meta?.actor) === undefined
        ? {}
        : { actor: command.actor ?? meta?.actor }),
    };
    const appended = await store.append(
      complaintStreamId(command.complaintId),
      events.map((e) => toNewEvent(e, metadata, makeId())),
      { expectedVersion: version },
    );
    if (E.isLeft(appended)) return appended;
    return E.right({
      events: appended.right.events,
      state: events.reduce(evolve, state),
      streamVersion: appended.right.nextExpectedVersion,
      alreadyHandled: false,
    });
  };

  const handle: CommandHandler['handle'] = async (command, meta) => {
    let conflict: WrongExpectedVersion | undefined;
    for (let i = 0; i <= maxRetries; i++) {
      const result = await attempt(command, meta);
      if (E.isRight(result) || result.left._tag !== 'WrongExpectedVersion') return result;
      conflict = result.left;
    }
    return E.left(conflict as WrongExpectedVersion);
  };

  return {
    handle,
    load,
    handleUnknown: async (input, meta) => {
      const command = decodeCommand(input);
      return E.isLeft(command) ? command : handle(command.right, meta);
    },
  };
};

/** One readable line for any error the handler returns. */
export const describeHandleError = (error: HandleError): string =>
  error._tag === 'ComplaintRejected' ? error.message : describeStoreError(error);
