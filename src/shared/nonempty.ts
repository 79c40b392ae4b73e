import * as t from 'io-ts';

export interface NonEmptyTextBrand {
  readonly NonEmptyText: unique symbol;
}
/** A string with at least one non-blank character. */
export type NonEmptyText = t.Branded<string, NonEmptyTextBrand>;
export const NonEmptyText = t.brand(
  t.string,
  (s): s is NonEmptyText => s.trim().length > 0,
  'NonEmptyText',
);

/** Optional keys that may be absent or undefined. */
export const optional = <C extends t.Mixed>(codec: C) => t.union([codec, t.undefined]);
