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
import type { EventMetadata, NewEvent, StoredEvent } from '../store/envelope';
import { type AppendError, describeStoreError, type ReadError } from '../store/errors';
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
  /**
   * Event ids, for deterministic tests. Default: none given, so the store makes them (UUID
   * v7) and has no caller ids to check for repeats.
   */
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

/** What the handler last learnt about one stream: the state after one of its events. */
interface Latest {
  event: StoredEvent;
  state: ComplaintState;
}

const cacheable = (e: StoredEvent): boolean => Object.isFrozen(e) && Object.isFrozen(e.data);

/**
 * The complaint's state after the latest event of each stream the handler has seen. It pays
 * off with stores that hand back the same frozen envelopes every time (the memory store): a
 * command then folds only the events stored since, instead of decoding and folding the
 * whole stream again. An entry is keyed by the stream's first envelope, which never
 * changes, and moved forward in place as the stream grows, so a command costs one lookup.
 * A WeakMap, so an entry lives no longer than the store keeps the stream; a frozen envelope
 * cannot change, and the state after it depends on nothing but the stream up to it. Stores
 * that build fresh envelopes on each read simply never hit it.
 */
class FoldCache {
  private readonly latest = new WeakMap<StoredEvent, Latest>();

  /** Fold `stored`, a whole stream, from the latest event with a known state. */
  fold(stored: readonly StoredEvent[]): E.Either<DecodeError, ComplaintState> {
    const first = stored[0];
    if (first === undefined) return E.right(initialState);
    let state = initialState;
    let from = 0;
    const known = this.latest.get(first);
    if (known !== undefined) {
      // Versions count from 1, so the known event sits at its version - 1 in a read that
      // holds it; a read from before it was stored does not, and is folded in full.
      const at = known.event.streamVersion - first.streamVersion;
      if (stored[at] === known.event) {
        state = known.state;
        from = at + 1;
      }
    }
    for (let i = from; i < stored.length; i++) {
      const decoded = fromStoredEvent(stored[i]!);
      if (E.isLeft(decoded)) return decoded;
      state = evolve(state, decoded.right);
    }
    if (from < stored.length) this.remember(first, stored[stored.length - 1]!, state);
    return E.right(state);
  }

  /** `state` is the state after `last`, an event of the stream that `first` opens. */
  remember(first: StoredEvent, last: StoredEvent, state: ComplaintState): void {
    const known = this.latest.get(first);
    if (known === undefined) {
      if (cacheable(first) && cacheable(last)) this.latest.set(first, { event: last, state });
    } else if (last.streamVersion > known.event.streamVersion && cacheable(last)) {
      known.event = last;
      known.state = state;
    }
  }
}

/** The events a command stored, if it was handled before; allocates nothing when not. */
const causedBy = (stored: readonly StoredEvent[], commandId: string): StoredEvent[] | undefined => {
  let found: StoredEvent[] | undefined;
  for (const e of stored) {
    if (e.metadata.causationId !== commandId) continue;
    if (found === undefined) found = [];
    found.push(e);
  }
  return found;
};

const metadataOf = (command: ComplaintCommand, meta: CallMetadata | undefined): EventMetadata => {
  const metadata: { correlationId?: string; causationId?: string; actor?: string } = {};
  if (meta?.correlationId !== undefined) metadata.correlationId = meta.correlationId;
  if (command.commandId !== undefined) metadata.causationId = command.commandId;
  const actor = command.actor ?? meta?.actor;
  if (actor !== undefined) metadata.actor = actor;
  return metadata;
};

export const createCommandHandler = (options: CommandHandlerOptions): CommandHandler => {
  const { store, policy } = options;
  const maxRetries = options.maxRetries ?? 3;
  const makeId = options.newEventId;
  const cache = new FoldCache();

  const versionOf = (stored: readonly StoredEvent[]): number =>
    stored.length === 0 ? 0 : stored[stored.length - 1]!.streamVersion;

  const load: CommandHandler['load'] = async (complaintId) => {
    const read = await store.readStream(complaintStreamId(complaintId));
    if (E.isLeft(read)) return read;
    const state = cache.fold(read.right);
    if (E.isLeft(state)) return state;
    return E.right({ state: state.right, version: versionOf(read.right), stored: read.right });
  };

  /** Load, fold, decide, append; on a version conflict, again, up to `retriesLeft` times. */
  const attempt = async (
    command: ComplaintCommand,
    meta: CallMetadata | undefined,
    retriesLeft: number,
  ): Promise<E.Either<HandleError, Handled>> => {
    const streamId = complaintStreamId(command.complaintId);
    const read = await store.readStream(streamId);
    if (E.isLeft(read)) return read;
    const stored = read.right;
    const folded = cache.fold(stored);
    if (E.isLeft(folded)) return folded;
    const state = folded.right;
    const version = versionOf(stored);
    if (command.commandId !== undefined) {
      const earlier = causedBy(stored, command.commandId);
      if (earlier !== undefined)
        return E.right({ events: earlier, state, streamVersion: version, alreadyHandled: true });
    }
    const decision = decide(command, state, policy);
    if (E.isLeft(decision)) return decision;
    const events: ComplaintEvent[] = decision.right;
    const metadata = metadataOf(command, meta);
    const toAppend: NewEvent[] = new Array(events.length);
    for (let i = 0; i < events.length; i++)
      toAppend[i] = toNewEvent(events[i]!, metadata, makeId?.());
    const appended = await store.append(streamId, toAppend, { expectedVersion: version });
    if (E.isLeft(appended))
      return appended.left._tag === 'WrongExpectedVersion' && retriesLeft > 0
        ? attempt(command, meta, retriesLeft - 1)
        : appended;
    const next = events.reduce(evolve, state);
    const batch = appended.right.events;
    const last = batch[batch.length - 1];
    // Not after a store's replay of an earlier batch (a repeated event id): `next` is the
    // state after these events, not after the ones replayed.
    if (last !== undefined && last.streamVersion === version + events.length)
      cache.remember(stored[0] ?? batch[0]!, last, next);
    return E.right({
      events: appended.right.events,
      state: next,
      streamVersion: appended.right.nextExpectedVersion,
      alreadyHandled: false,
    });
  };

  // Retries run inside `attempt`, so the common case (no conflict) costs one async call.
  const handle: CommandHandler['handle'] = (command, meta) => attempt(command, meta, maxRetries);

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
