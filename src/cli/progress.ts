/** Where progress goes: stderr, when it is a terminal. */
export interface ProgressStream {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

export interface Progress {
  /** `done` out of `total` (the total may be an estimate; the bar never passes 100%). */
  update(done: number, total: number): void;
  /** Clear the bar. */
  finish(): void;
}

export interface ProgressOptions {
  readonly label: string;
  readonly unit: string;
  /** Nothing is drawn before this: short runs stay quiet. Default 300 ms. */
  readonly delayMs?: number;
  /** At most one redraw per this many ms. Default 100. */
  readonly intervalMs?: number;
  readonly now?: () => number;
  readonly width?: number;
}

const quiet: Progress = { update: () => {}, finish: () => {} };

const group = (n: number): string => Math.round(n).toLocaleString('en-US');

/**
 * A one-line progress bar redrawn in place, only on a terminal (a pipe or a log file gets
 * nothing, so scripts read clean output), and only once a run has lasted `delayMs`.
 */
export const createProgress = (stream: ProgressStream, options: ProgressOptions): Progress => {
  if (stream.isTTY !== true) return quiet;
  const now = options.now ?? (() => performance.now());
  const started = now();
  const delay = options.delayMs ?? 300;
  const interval = options.intervalMs ?? 100;
  const width = options.width ?? 30;
  let last = Number.NEGATIVE_INFINITY;
  let drawn = false;
  return {
    update(done, total) {
      const t = now();
      if (t - started < delay || t - last < interval) return;
      last = t;
      const share = total <= 0 ? 0 : Math.min(1, done / total);
      const filled = Math.round(share * width);
      const rate = done / Math.max((t - started) / 1000, 1e-3);
      stream.write(
        `\r${options.label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(share * 100).toFixed(0).padStart(3)}% ${group(done)}/${group(total)} ${options.unit} ${group(rate)}/s\x1b[K`,
      );
      drawn = true;
    },
    finish() {
      if (drawn) stream.write('\r\x1b[K');
      drawn = false;
    },
  };
};
