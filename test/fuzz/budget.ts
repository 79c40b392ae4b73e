import { expect } from 'vitest';
import type { DecodeError } from '../../src/shared/decode';
import { scaledRuns } from '../../src/testing/index';

/**
 * Bad inputs generated per file in a CI-sized run: together at least 100,000, each of which
 * must end in a typed error with the store unchanged. `FC_NUM_RUNS_SCALE=10` makes a long run.
 */
export const FUZZ_BUDGET = {
  commands: 40_000,
  handler: 10_000,
  storedEvents: 30_000,
  append: 20_000,
} as const;

/** Inputs per fast-check case: batching keeps the per-case overhead low. */
export const BATCH = 20;

export const casesFor = (inputs: number): number =>
  Math.max(1, Math.round(scaledRuns(inputs) / BATCH));

/** The error names the broken field: its path, or a field inside it. */
export const namesPath = (error: DecodeError, path: string): boolean =>
  error.problems.some(
    (p) =>
      p.path === path ||
      p.path.startsWith(`${path}.`) ||
      p.path.startsWith(`${path}[`) ||
      // A whole-value refusal of the parent also names it (e.g. `events` for a bad element list).
      (path.startsWith(`${p.path}.`) && p.path !== '(root)') ||
      (path.startsWith(`${p.path}[`) && p.path !== '(root)'),
  );

/**
 * Assert a DecodeError that names `path`. Checked by hand first: `expect` costs more than
 * the decoding, and runs only to report a failure.
 */
export const expectDecodeError = (
  result: unknown,
  path: string | undefined,
  change: string,
): DecodeError => {
  const r = result as { _tag: string; left?: DecodeError };
  const error = r.left;
  const fine =
    r._tag === 'Left' &&
    error?._tag === 'DecodeError' &&
    error.problems.length > 0 &&
    (path === undefined || namesPath(error, path));
  if (!fine) {
    expect(r._tag, change).toBe('Left');
    expect(error?._tag, change).toBe('DecodeError');
    expect(error?.problems.length, change).toBeGreaterThan(0);
    expect(false, `${change}: expected a problem at ${path}, got\n${error?.message}`).toBe(true);
  }
  return error as DecodeError;
};
