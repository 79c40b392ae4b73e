import * as E from 'fp-ts/Either';
import type * as t from 'io-ts';

/** One thing that was wrong in a decoded value: where it was, what was expected, what was there. */
export interface DecodeProblem {
  /** Dotted path to the bad field, e.g. `data.customer.grade` or `classes.major.steps[2].limit`. */
  readonly path: string;
  readonly expected: string;
  readonly actual: unknown;
  readonly message?: string;
}

/** A boundary refused its input: a command, a stored event, a policy, a file record. */
export interface DecodeError {
  readonly _tag: 'DecodeError';
  /** What was being decoded, e.g. `command`, `event ComplaintReceived`, `policy`. */
  readonly what: string;
  readonly problems: readonly DecodeProblem[];
  /** One readable line per problem. */
  readonly message: string;
}

/** Codecs whose context keys are member positions (`0`, `1`, …), not keys of the value. */
const COMBINATORS = new Set(['IntersectionType', 'UnionType']);

const pathOf = (context: t.Context): string => {
  let path = '';
  // The first entry is the root codec; the rest name the keys walked into, except the
  // member positions of intersections and unions, which are no part of the value's shape.
  for (let i = 1; i < context.length; i++) {
    const entry = context[i];
    if (entry === undefined || entry.key === '') continue;
    const parentTag = (context[i - 1]?.type as { _tag?: string } | undefined)?._tag;
    if (parentTag !== undefined && COMBINATORS.has(parentTag)) continue;
    const isIndex = /^\d+$/.test(entry.key) && parentTag === 'ArrayType';
    path += isIndex ? `[${entry.key}]` : path === '' ? entry.key : `.${entry.key}`;
  }
  return path === '' ? '(root)' : path;
};

const show = (value: unknown): string => {
  if (value === undefined) return 'undefined';
  try {
    const text = JSON.stringify(value);
    return text.length > 60 ? `${text.slice(0, 57)}...` : text;
  } catch {
    return String(value);
  }
};

/**
 * One problem per bad path. A union reports one failure per member at the same path; they
 * are merged so that the reader sees `expected "hours" | "days"` once.
 */
export const problemsFromErrors = (errors: t.Errors): DecodeProblem[] => {
  const byPath = new Map<string, { expected: string[]; actual: unknown; message?: string }>();
  for (const error of errors) {
    const path = pathOf(error.context);
    const last = error.context[error.context.length - 1];
    const expected = last?.type.name ?? 'unknown';
    const seen = byPath.get(path);
    if (seen === undefined)
      byPath.set(
        path,
        error.message === undefined
          ? { expected: [expected], actual: error.value }
          : { expected: [expected], actual: error.value, message: error.message },
      );
    else if (!seen.expected.includes(expected)) seen.expected.push(expected);
  }
  return [...byPath].map(([path, p]) => {
    const expected = p.expected.join(' | ');
    return p.message === undefined
      ? { path, expected, actual: p.actual }
      : { path, expected, actual: p.actual, message: p.message };
  });
};

export const decodeError = (what: string, problems: readonly DecodeProblem[]): DecodeError => ({
  _tag: 'DecodeError',
  what,
  problems,
  message: problems
    .map(
      (p) => `${what}: ${p.path}: ${p.message ?? `expected ${p.expected}, got ${show(p.actual)}`}`,
    )
    .join('\n'),
});

/** Decode `input` with `codec`; on failure, a DecodeError naming every bad path. */
export const decodeWith =
  <A, O>(codec: t.Type<A, O, unknown>, what: string) =>
  (input: unknown): E.Either<DecodeError, A> => {
    const result = codec.decode(input);
    return E.isRight(result) ? result : E.left(decodeError(what, problemsFromErrors(result.left)));
  };
