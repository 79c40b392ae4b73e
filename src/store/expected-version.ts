/**
 * What the caller believes about a stream before appending:
 * - a number n ≥ 0: the stream has exactly n events (0 = it does not exist yet);
 * - `'no_stream'`: same as 0;
 * - `'any'`: no check.
 */
export type ExpectedVersion = number | 'no_stream' | 'any';

export const matchesExpected = (expected: ExpectedVersion, actual: number): boolean =>
  expected === 'any' || (expected === 'no_stream' ? actual === 0 : expected === actual);
