import type { StoredEvent } from '../../src/store/envelope';

/**
 * The last `size` events appended, by position: a command handler reads a stream just
 * before appending to it, and idempotency checks look at what was just written, so most
 * reads of new events need no disk read. The envelopes are frozen (see `checkAppend`).
 */
export class RecentEvents {
  private readonly slots: (StoredEvent | undefined)[];

  constructor(private readonly size: number) {
    this.slots = new Array(size);
  }

  put(event: StoredEvent): void {
    if (this.size > 0) this.slots[event.globalPosition % this.size] = event;
  }

  get(position: number): StoredEvent | undefined {
    if (this.size === 0) return undefined;
    const event = this.slots[position % this.size];
    return event?.globalPosition === position ? event : undefined;
  }
}
