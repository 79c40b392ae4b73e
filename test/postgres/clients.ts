import pg from 'pg';
import { fromPgPool, type SqlClient } from '../../adapters/postgres/index';

/**
 * A SqlClient for the real server that runs each append inside an explicit transaction
 * and lets the test decide when it commits: `hold` runs after the append's rows are
 * written and before COMMIT. This is how the tests put delays inside transactions, the
 * situation in which naive "read everything after position P" loses events.
 */
export const holdingClient = (
  url: string,
  hold: () => Promise<void>,
  options: { readonly max?: number } = {},
): SqlClient => {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 4 });
  pool.on('error', () => {});
  const plain = fromPgPool(pool, { ownsPool: true });
  return {
    ...plain,
    query: async (text, params, name) => {
      if (name === undefined || !name.endsWith('_append')) return plain.query(text, params, name);
      const connection = await pool.connect();
      try {
        await connection.query('BEGIN');
        const result = await connection.query({
          name,
          text,
          values: params as unknown[] | undefined,
        });
        await hold();
        await connection.query('COMMIT');
        return result;
      } catch (error) {
        await connection.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        connection.release();
      }
    },
  };
};

/** A promise with its resolve, for gates a test opens by hand. */
export const gate = (): { readonly wait: Promise<void>; readonly open: () => void } => {
  let open = (): void => {};
  const wait = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { wait, open };
};

export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));
