/**
 * Announces appends with NOTIFY, outside the appending transactions: a transaction that
 * notifies takes a database-wide lock at commit, which would make every append wait for
 * every other. The first append after a quiet spell is announced at once; appends that
 * follow within `intervalMs` of the last announcement are folded into the next one, which
 * carries the highest position. So a busy writer costs the server at most one small
 * transaction per interval, and a subscriber elsewhere learns of an append at most one
 * interval late. A lost notification costs a subscriber one poll interval, never an event.
 */
export const createNotifier = (send: (payload: string) => Promise<unknown>, intervalMs: number) => {
  let pending = 0;
  let lastSentAt = Number.NEGATIVE_INFINITY;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let sending: Promise<void> | undefined;
  let closed = false;

  const flush = (): void => {
    timer = undefined;
    if (pending === 0 || closed) return;
    const position = pending;
    pending = 0;
    lastSentAt = Date.now();
    sending = send(String(position))
      .then(
        () => {},
        () => {},
      )
      .then(() => {
        sending = undefined;
        if (pending > 0) schedule();
      });
  };

  const schedule = (): void => {
    if (timer !== undefined || sending !== undefined || closed) return;
    const wait = lastSentAt + intervalMs - Date.now();
    if (wait <= 0) flush();
    else {
      timer = setTimeout(flush, wait);
      timer.unref?.();
    }
  };

  return {
    announce: (position: number): void => {
      if (position > pending) pending = position;
      schedule();
    },
    /** Send what is pending now, then stop; resolves when nothing is in flight. */
    close: async (): Promise<void> => {
      closed = true;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      await sending;
      if (pending > 0) await send(String(pending)).catch(() => {});
      pending = 0;
    },
  };
};
