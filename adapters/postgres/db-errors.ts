import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { type StorageFailure, storageFailure } from '../../src/store/errors';

/**
 * What the store needs to know of a driver's error. node-postgres and PGlite both throw
 * errors carrying the server's SQLSTATE `code` and, for a key violation, the `constraint`.
 */
const DriverError = t.partial({ code: t.string, constraint: t.string, message: t.string });

export type DbProblem =
  /** A unique key refused a row: which one tells a version race from a repeated event id. */
  | { readonly kind: 'unique'; readonly constraint: string }
  | { readonly kind: 'other'; readonly code: string | undefined; readonly failure: StorageFailure };

export const UNIQUE_VIOLATION = '23505';

export const classify = (error: unknown, doing: string): DbProblem => {
  const decoded = DriverError.decode(error);
  const fields = E.isRight(decoded) ? decoded.right : {};
  if (fields.code === UNIQUE_VIOLATION && fields.constraint !== undefined)
    return { kind: 'unique', constraint: fields.constraint };
  const reason = fields.message ?? (error instanceof Error ? error.message : String(error));
  return {
    kind: 'other',
    code: fields.code,
    failure: storageFailure(
      `${doing}: ${reason}${fields.code === undefined ? '' : ` (SQLSTATE ${fields.code})`}`,
      error,
    ),
  };
};

/** Run a query; a thrown driver error becomes a value. */
export const attempt = async <A>(
  run: () => Promise<A>,
  doing: string,
): Promise<E.Either<DbProblem, A>> => {
  try {
    return E.right(await run());
  } catch (error) {
    return E.left(classify(error, doing));
  }
};

/** For statements where no key can be violated: any problem is a StorageFailure. */
export const failureOf = (problem: DbProblem, doing: string): StorageFailure =>
  problem.kind === 'other'
    ? problem.failure
    : storageFailure(`${doing}: unexpected violation of ${problem.constraint}`);
