import type { ProgressStream } from './progress';

/** What the CLI touches of the outside world, so that tests can run it in-process too. */
export interface CliIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: ProgressStream;
  /** The wall clock, read once per command (the core never reads it). */
  readonly now: () => number;
}
