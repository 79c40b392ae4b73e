import pg from 'pg';

/** What a query gives back: the adapter reads only `rows`. */
export interface SqlResult {
  readonly rows: readonly unknown[];
}

/** Stops a LISTEN started with `SqlClient.listen`. */
export type StopListening = () => Promise<void>;

/**
 * The least the store needs from a PostgreSQL driver, so that node-postgres (a pool, many
 * connections) and PGlite (PostgreSQL in WebAssembly, one connection) plug in alike.
 *
 * Every statement the store sends is one self-contained statement (an append is a single
 * `INSERT … SELECT`, the migration a single `DO` block), so the client never has to keep
 * a connection for the store between calls: any connection of a pool will do.
 */
export interface SqlClient {
  /**
   * Run one statement with `$1…` parameters. `name` marks the statement as reusable: a
   * driver may prepare it once per connection under that name.
   */
  query(text: string, params?: readonly unknown[], name?: string): Promise<SqlResult>;
  /**
   * LISTEN on `channel` on a connection kept for it; `onNotification` gets each payload,
   * `onLost` is told when that connection fails (the store then polls and listens again).
   */
  listen(
    channel: string,
    onNotification: (payload: string) => void,
    onLost: (error: unknown) => void,
  ): Promise<StopListening>;
  /** Release what the client itself opened (never a pool or database the caller owns). */
  close(): Promise<void>;
}

/** `"name"` with inner quotes doubled: safe to splice into SQL as an identifier. */
export const quoteIdent = (name: string): string => `"${name.replaceAll('"', '""')}"`;

export interface PgPoolClientOptions {
  /** End the pool on `close()`: true when the store made the pool itself. */
  readonly ownsPool: boolean;
}

/**
 * A node-postgres pool as a SqlClient. LISTEN runs on a connection of its own, made from
 * the pool's settings, so that it never holds one of the pool's connections.
 */
export const fromPgPool = (pool: pg.Pool, options: PgPoolClientOptions): SqlClient => ({
  query: (text, params, name) =>
    pool.query(
      name === undefined
        ? { text, values: params as unknown[] | undefined }
        : { name, text, values: params as unknown[] | undefined },
    ),
  listen: async (channel, onNotification, onLost) => {
    const client = new pg.Client(pool.options);
    // A dead connection emits 'error'; unhandled, it would end the process.
    client.on('error', onLost);
    client.on('end', () => onLost(new Error('the LISTEN connection ended')));
    client.on('notification', (message) => {
      if (message.channel === channel) onNotification(message.payload ?? '');
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${quoteIdent(channel)}`);
    } catch (error) {
      client.removeAllListeners();
      client.on('error', () => {});
      await client.end().catch(() => {});
      throw error;
    }
    return async () => {
      client.removeAllListeners();
      client.on('error', () => {});
      await client.end().catch(() => {});
    };
  },
  close: async () => {
    if (options.ownsPool) await pool.end();
  },
});

/**
 * The part of a PGlite instance the store uses (typed here so that the adapter does not
 * depend on `@electric-sql/pglite`; a `PGlite` value fits it as it is).
 */
export interface PGliteLike {
  query(text: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
  listen(channel: string, callback: (payload: string) => void): Promise<() => Promise<void>>;
}

/**
 * A PGlite database as a SqlClient. PGlite has one connection and runs statements one at
 * a time, so concurrent appends queue rather than race; the store's results are the same.
 * The caller keeps ownership: `close()` leaves the database open.
 */
export const fromPglite = (db: PGliteLike): SqlClient => ({
  query: (text, params) => db.query(text, params === undefined ? undefined : [...params]),
  listen: async (channel, onNotification) => db.listen(channel, onNotification),
  close: async () => {},
});
