import * as t from 'io-ts';

/** A string with at least one non-blank character (checked by the codec). */
export type NonEmptyText = string;
export const NonEmptyText: t.Type<NonEmptyText, string, unknown> = t.refinement(
  t.string,
  (s) => s.trim().length > 0,
  'NonEmptyText',
);

/** Optional keys that may be absent or undefined. */
export const optional = <C extends t.Mixed>(codec: C) => t.union([codec, t.undefined]);
