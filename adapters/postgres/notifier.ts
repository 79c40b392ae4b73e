/**
 * Announces appends with NOTIFY, outside the appending transactions: a transaction that
 * notifies takes a database-wide lock at commit, which would make every append wait for
 * every other. Announcements made while one is being sent are folded into the next, so a
 * burst of appends costs one or two notifications, carrying the highest position.
 * A lost notification costs a subscriber one poll interval, never an event.
 */
export const createNotifier = (send: (payload: string) => Promise<unknown>) => {
  let pending = 0;
  let sending: Promise<void> | undefined;

  const drain = async (): Promise<void> => {
    while (pending > 0) {
      const position = pending;
      pending = 0;
      await send(String(position)).catch(() => {});
    }
    sending = undefined;
  };

  return {
    announce: (position: number): void => {
      if (position > pending) pending = position;
      if (sending === undefined) sending = drain();
    },
    /** Resolves once nothing is left to send (for close). */
    settled: (): Promise<void> => sending ?? Promise.resolve(),
  };
};
