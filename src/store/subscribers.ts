import EventEmitter from 'eventemitter3';
import type { StoredEvent } from './envelope';
import type { AppendedListener, StoreSubscription } from './port';

/** Told when a subscriber throws; the store and the other subscribers carry on. */
export type ListenerErrorHandler = (error: unknown, events: readonly StoredEvent[]) => void;

const warn: ListenerErrorHandler = (error) => {
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.emitWarning(`an event store subscriber threw: ${text}`, 'EventStoreSubscriberError');
};

export interface Subscribers {
  subscribe(listener: AppendedListener): StoreSubscription;
  /** Hand one appended batch to every subscriber, after the batches published before it. */
  publish(events: readonly StoredEvent[]): void;
  /** Drop every subscriber. */
  clear(): void;
}

/**
 * The subscriber list every store needs: batches reach each subscriber once, in the order
 * they were published, even when a subscriber appends (and so publishes) from inside its
 * callback; a subscriber that throws is reported and skipped, never allowed to break the
 * append that published or the subscribers after it.
 */
export const createSubscribers = (onError: ListenerErrorHandler = warn): Subscribers => {
  const emitter = new EventEmitter<{ appended: [readonly StoredEvent[]] }>();
  // Bumped by clear(): subscriptions from before stop, even within a delivery under way.
  let generation = 0;
  const queue: (readonly StoredEvent[])[] = [];
  let delivering = false;

  const deliver = (): void => {
    delivering = true;
    try {
      // Index, not shift: the queue is drained before anyone else can publish.
      for (let i = 0; i < queue.length; i++) emitter.emit('appended', queue[i]!);
    } finally {
      queue.length = 0;
      delivering = false;
    }
  };

  return {
    subscribe: (listener) => {
      let active = true;
      const born = generation;
      const guarded = (events: readonly StoredEvent[]): void => {
        // An unsubscribe during a delivery must stop the batches still queued.
        if (!active || born !== generation) return;
        try {
          listener(events);
        } catch (error) {
          try {
            onError(error, events);
          } catch {
            // A failing error handler must not break delivery either.
          }
        }
      };
      emitter.on('appended', guarded);
      return {
        unsubscribe: () => {
          if (!active) return;
          active = false;
          emitter.off('appended', guarded);
        },
      };
    },
    publish: (events) => {
      if (emitter.listenerCount('appended') === 0) return;
      queue.push(events);
      if (!delivering) deliver();
    },
    clear: () => {
      generation++;
      emitter.removeAllListeners();
      queue.length = 0;
    },
  };
};
