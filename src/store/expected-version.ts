import * as t from 'io-ts';

/**
 * What the caller believes about a stream before appending:
 * - a number n ≥ 0: the stream has exactly n events (0 = it does not exist yet);
 * - `'no_stream'`: same as 0;
 * - `'any'`: no check.
 */
export type ExpectedVersion = number | 'no_stream' | 'any';

export const isExpectedVersion = (u: unknown): u is ExpectedVersion =>
  u === 'any' || u === 'no_stream' || (Number.isSafeInteger(u) && (u as number) >= 0);

/** One codec with one readable message, rather than a union reporting each member. */
export const ExpectedVersion = new t.Type<ExpectedVersion, ExpectedVersion, unknown>(
  'ExpectedVersion',
  isExpectedVersion,
  (u, c) =>
    isExpectedVersion(u)
      ? t.success(u)
      : t.failure(u, c, "expected a version (an integer ≥ 0), 'no_stream' or 'any'"),
  t.identity,
);

export const matchesExpected = (expected: ExpectedVersion, actual: number): boolean =>
  expected === 'any' || (expected === 'no_stream' ? actual === 0 : expected === actual);
