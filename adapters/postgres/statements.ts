import { POSITION_SHIFT, type SchemaNames } from './schema';

/** A statement with the name a driver may prepare it under. */
export interface Statement {
  readonly name: string;
  readonly text: string;
}

/**
 * The reader's horizon: every event below it is committed and no event below it can still
 * appear, because every transaction with a smaller id has ended (pg_snapshot_xmin is the
 * oldest transaction still running, or the next id when none is). See README.md.
 */
const horizon = (s: SchemaNames): string =>
  `(SELECT (pg_snapshot_xmin(pg_current_snapshot())::text::bigint + xid_offset) * ${POSITION_SHIFT} FROM ${s.meta} LIMIT 1)`;

/**
 * The columns of one stored event, under the envelope's field names. Times come as text
 * in one fixed form whatever the session's time zone and date style; JSON comes as text,
 * parsed by the store, so that both drivers give the same values.
 */
const EVENT_COLUMNS = `position AS "globalPosition", stream_id AS "streamId",
  stream_version AS "streamVersion", event_id AS "eventId", type,
  schema_version AS "schemaVersion",
  to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "recordedAt",
  metadata::text AS metadata, data::text AS data`;

/**
 * The base of this transaction's positions, and whether it is sane (see `append`). `m` is
 * the meta row.
 */
const transaction = (s: SchemaNames): string =>
  `SELECT (pg_current_xact_id()::text::bigint + m.xid_offset) * ${POSITION_SHIFT} AS base,
          CASE
            WHEN current_setting('${s.sessionCheck}', true) = 'ok' THEN true
            WHEN coalesce((SELECT max(position) FROM ${s.events}), 0)
                 < (pg_snapshot_xmax(pg_current_snapshot())::text::bigint + m.xid_offset)
                   * ${POSITION_SHIFT}
              THEN set_config('${s.sessionCheck}', 'ok', false) = 'ok'
            ELSE false
          END AS sane
   FROM m`;

/** A row of EVENT_COLUMNS' shape that holds no event. */
const EVENT_NULLS = `NULL::bigint AS "globalPosition", NULL::text AS "streamId",
  NULL::bigint AS "streamVersion", NULL::text AS "eventId", NULL::text AS type,
  NULL::integer AS "schemaVersion", NULL::text AS "recordedAt", NULL::text AS metadata,
  NULL::text AS data`;

/**
 * The one-append statement, for a batch of many events (arrays, one element per event) or
 * of one (plain parameters: no arrays to encode and parse, no function scan of them;
 * about a tenth faster per append, measured, and most appends carry one event).
 */
const appendStatement = (s: SchemaNames, events: 'one' | 'many'): string => {
  const rows =
    events === 'one'
      ? `SELECT tx.base + 1, $1, cur.v + 1, $3, $4, $5, $8, $6, $7
         FROM cur, tx`
      : `SELECT tx.base + e.ord, $1, cur.v + e.ord, e.id, e.type, e.sv, $8, e.meta, e.data
         FROM cur, tx,
              unnest($3::text[], $4::text[], $5::integer[], $6::json[], $7::json[])
                WITH ORDINALITY AS e(id, type, sv, meta, data, ord)`;
  // Every part is estimated at one row (LIMIT 1 on the singleton meta row) so that the
  // plan made once for any parameters costs no more than one made for each call, and
  // PostgreSQL keeps the prepared plan instead of planning every append anew.
  return `WITH m AS (
         SELECT xid_offset FROM ${s.meta} LIMIT 1
       ), cur AS (
         SELECT coalesce(max(stream_version), 0) AS v FROM ${s.events} WHERE stream_id = $1
       ), tx AS (
         ${transaction(s)}
       ), ins AS (
         INSERT INTO ${s.events} (position, stream_id, stream_version, event_id, type,
                                  schema_version, recorded_at, metadata, data)
         ${rows}
         WHERE tx.sane AND ($2::bigint IS NULL OR cur.v = $2::bigint)
         RETURNING 1
       )
       SELECT json_build_object('version', cur.v, 'base', tx.base, 'sane', tx.sane,
                                'inserted', (SELECT count(*) FROM ins)) AS r
       FROM cur, tx`;
};

export interface Statements {
  /**
   * $1 stream id, $2 expected version (null: any), $3 event ids, $4 types,
   * $5 schema versions, $6 metadata (json text), $7 data (json text), $8 recorded at.
   * Inserts the batch when the stream is at the expected version, in this statement's own
   * transaction; a concurrent writer of the same version fails the unique key
   * (stream_id, stream_version). `sane` is false when the stored positions are ahead of
   * this transaction's (a logical restore not yet re-based): nothing is written then.
   * That check runs once per database session: a restore into another cluster can only be
   * met by new sessions, and the first append of each remembers it passed in a session
   * setting, so that later appends skip the look at the last position.
   */
  readonly append: Statement;
  /** `append` for a batch of one event: $3…$7 are that event's values, not arrays. */
  readonly appendOne: Statement;
  /**
   * Several appends, to distinct streams, in one statement (group commit, see
   * group-commit.ts). Per append: $1 stream ids, $2 expected versions (null: any), $3 the
   * number of events before it in the group, $10 recorded at. Per event: $4 its append
   * (1-based), $5 ids, $6 types, $7 schema versions, $8 metadata, $9 data. Each append is
   * inserted only when its own stream is at its own expected version, at positions
   * base + its place in the group. Answers the base, `sane`, the rows inserted and the
   * version each append saw, in order.
   */
  readonly appendGroup: Statement;
  /** $1 event ids: the stored events among them, in position order. */
  readonly eventsById: Statement;
  /** $1 stream id, $2 first version, $3 at most (null: all). */
  readonly readStream: Statement;
  /** $1 stream id. */
  readonly streamVersion: Statement;
  /**
   * $1 after, $2 bound (null: this snapshot's horizon), $3 batch size, $4 whether to
   * answer `target`, the highest position committed (what a readAll must reach). Answers
   * the bound used, so that the next batches of one readAll can keep to it and end, and
   * the oldest open transaction (`xmin`) for the error when it holds a readAll back, on a
   * row of their own; the events on the others, in position order.
   */
  readonly readAll: Statement;
  readonly horizon: Statement;
  /** $1 name, $2 position, $3 time. */
  readonly saveCheckpoint: Statement;
  /** $1 name. */
  readonly loadCheckpoint: Statement;
  /**
   * $1 channel, $2 payload. Its own tiny transaction, committed without waiting for the
   * disk: a lost wake-up costs one poll interval, never an event.
   */
  readonly notify: Statement;
}

export const statements = (s: SchemaNames): Statements => {
  const named = (name: string, text: string): Statement => ({
    name: `${s.statementPrefix}${name}`,
    text,
  });
  return {
    append: named('append', appendStatement(s, 'many')),
    appendOne: named('one_event_append', appendStatement(s, 'one')),
    appendGroup: named(
      // The name ends like `append`'s: both are appends to whoever wraps the client.
      'grouped_append',
      // Rows are inserted in stream order, whatever the order of the group: two groups
      // (from two processes) that race on the same streams then meet at the first stream
      // they share, and one waits for the other rather than each holding what the other
      // needs (a deadlock, resolved only after deadlock_timeout).
      `WITH m AS (
         SELECT xid_offset FROM ${s.meta} LIMIT 1
       ), a AS MATERIALIZED (
         SELECT a.k, a.sid, a.expected, a.first, a.at,
                coalesce((SELECT max(stream_version) FROM ${s.events} WHERE stream_id = a.sid), 0) AS v
         FROM unnest($1::text[], $2::bigint[], $3::integer[], $10::timestamptz[])
                WITH ORDINALITY AS a(sid, expected, first, at, k)
       ), tx AS (
         ${transaction(s)}
       ), ins AS (
         INSERT INTO ${s.events} (position, stream_id, stream_version, event_id, type,
                                  schema_version, recorded_at, metadata, data)
         SELECT tx.base + e.ord, a.sid, a.v + e.ord - a.first, e.id, e.type, e.sv, a.at, e.meta, e.data
         FROM tx, a,
              unnest($4::integer[], $5::text[], $6::text[], $7::integer[], $8::json[], $9::json[])
                WITH ORDINALITY AS e(k, id, type, sv, meta, data, ord)
         WHERE a.k = e.k AND tx.sane AND (a.expected IS NULL OR a.v = a.expected)
         ORDER BY a.sid COLLATE "C", e.ord
         RETURNING 1
       )
       SELECT json_build_object('base', tx.base, 'sane', tx.sane,
                                'inserted', (SELECT count(*) FROM ins),
                                'versions', (SELECT json_agg(a.v ORDER BY a.k) FROM a)) AS r
       FROM tx`,
    ),
    eventsById: named(
      'events_by_id',
      `SELECT ${EVENT_COLUMNS} FROM ${s.events} WHERE event_id = ANY($1::text[]) ORDER BY position`,
    ),
    readStream: named(
      'read_stream',
      `SELECT ${EVENT_COLUMNS} FROM ${s.events}
       WHERE stream_id = $1 AND stream_version >= $2
       ORDER BY stream_version LIMIT $3`,
    ),
    streamVersion: named(
      'stream_version',
      `SELECT json_build_object('version', coalesce(max(stream_version), 0)) AS r
       FROM ${s.events} WHERE stream_id = $1`,
    ),
    readAll: named(
      'read_all',
      // The inner query is an ordered scan of the primary key that stops after $3 rows; the
      // bound is applied after it, so that no guess of the planner about the range turns it
      // into a scan and sort of everything after $1. Rows past the bound come only near
      // the head of the log, and are few. The bound, xmin and target come once, on a row
      // of their own (the only one whose `bound` is not null), not on every event's row:
      // they were an eighth of the bytes sent.
      `WITH h AS (
         SELECT coalesce($2::bigint, (x.xmin + m.xid_offset) * ${POSITION_SHIFT}) AS bound, x.xmin,
                CASE WHEN $4::boolean THEN (SELECT max(position) FROM ${s.events}) END AS target
         FROM (SELECT xid_offset FROM ${s.meta} LIMIT 1) m,
              (SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS xmin) x
       )
       SELECT ${EVENT_NULLS}, h.bound::text AS bound, h.xmin::text AS xmin, h.target::text AS target
       FROM h
       UNION ALL
       SELECT e.*, NULL, NULL, NULL FROM (
         SELECT ${EVENT_COLUMNS} FROM ${s.events}
         WHERE position > $1
         ORDER BY position LIMIT $3
       ) e
       WHERE e."globalPosition" < (SELECT bound FROM h)`,
    ),
    horizon: named('horizon', `SELECT json_build_object('bound', ${horizon(s)}) AS r`),
    saveCheckpoint: named(
      'save_checkpoint',
      `INSERT INTO ${s.checkpoints} (name, position, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (name) DO UPDATE
         SET position = excluded.position, updated_at = excluded.updated_at`,
    ),
    loadCheckpoint: named(
      'load_checkpoint',
      `SELECT json_build_object('position', position) AS r
       FROM ${s.checkpoints} WHERE name = $1`,
    ),
    notify: named(
      'notify',
      `SELECT set_config('synchronous_commit', 'off', true), pg_notify($1, $2)`,
    ),
  };
};
