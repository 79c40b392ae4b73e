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
  `(SELECT (pg_snapshot_xmin(pg_current_snapshot())::text::bigint + xid_offset) * ${POSITION_SHIFT} FROM ${s.meta})`;

/**
 * One stored event as JSON with the envelope's field names. Every statement answers with
 * one `json` column, `r`: both drivers parse it the same way, and a batch arrives as one
 * JSON text rather than as rows converted field by field.
 */
const EVENT_JSON = `json_build_object(
  'eventId', event_id, 'streamId', stream_id, 'streamVersion', stream_version,
  'globalPosition', position, 'type', type, 'schemaVersion', schema_version,
  'recordedAt', to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
  'metadata', metadata, 'data', data)`;

export interface Statements {
  /**
   * $1 stream id, $2 expected version (null: any), $3 event ids, $4 types,
   * $5 schema versions, $6 metadata (json text), $7 data (json text), $8 recorded at.
   * Inserts the batch when the stream is at the expected version, in this statement's own
   * transaction; a concurrent writer of the same version fails the unique key
   * (stream_id, stream_version). `sane` is false when the stored positions are ahead of
   * this transaction's (a logical restore not yet re-based): nothing is written then.
   */
  readonly append: Statement;
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
   * the oldest open transaction (`xmin`) for the error when it holds a readAll back.
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
    append: named(
      'append',
      `WITH cur AS (
         SELECT coalesce(max(stream_version), 0) AS v FROM ${s.events} WHERE stream_id = $1
       ), tx AS (
         SELECT (pg_current_xact_id()::text::bigint + m.xid_offset) * ${POSITION_SHIFT} AS base,
                coalesce((SELECT max(position) FROM ${s.events}), 0)
                  < (pg_snapshot_xmax(pg_current_snapshot())::text::bigint + m.xid_offset)
                    * ${POSITION_SHIFT} AS sane
         FROM ${s.meta} m
       ), ins AS (
         INSERT INTO ${s.events} (position, stream_id, stream_version, event_id, type,
                                  schema_version, recorded_at, metadata, data)
         SELECT tx.base + e.ord, $1, cur.v + e.ord, e.id, e.type, e.sv, $8, e.meta, e.data
         FROM cur, tx,
              unnest($3::text[], $4::text[], $5::integer[], $6::json[], $7::json[])
                WITH ORDINALITY AS e(id, type, sv, meta, data, ord)
         WHERE tx.sane AND ($2::bigint IS NULL OR cur.v = $2::bigint)
         RETURNING 1
       )
       SELECT json_build_object('version', cur.v, 'base', tx.base, 'sane', tx.sane,
                                'inserted', (SELECT count(*) FROM ins)) AS r
       FROM cur, tx`,
    ),
    eventsById: named(
      'events_by_id',
      `SELECT coalesce(json_agg(${EVENT_JSON} ORDER BY position), '[]'::json) AS r
       FROM ${s.events} WHERE event_id = ANY($1::text[])`,
    ),
    readStream: named(
      'read_stream',
      `SELECT coalesce(json_agg(${EVENT_JSON} ORDER BY stream_version), '[]'::json) AS r
       FROM (SELECT * FROM ${s.events}
             WHERE stream_id = $1 AND stream_version >= $2
             ORDER BY stream_version LIMIT $3) e`,
    ),
    streamVersion: named(
      'stream_version',
      `SELECT json_build_object('version', coalesce(max(stream_version), 0)) AS r
       FROM ${s.events} WHERE stream_id = $1`,
    ),
    readAll: named(
      'read_all',
      `WITH h AS (
         SELECT coalesce($2::bigint, (x.xmin + m.xid_offset) * ${POSITION_SHIFT}) AS bound, x.xmin
         FROM ${s.meta} m,
              (SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS xmin) x
       )
       SELECT json_build_object(
         'bound', h.bound,
         'xmin', h.xmin,
         'target', CASE WHEN $4::boolean THEN (SELECT max(position) FROM ${s.events}) END,
         'events', (SELECT coalesce(json_agg(${EVENT_JSON} ORDER BY position), '[]'::json)
                    FROM (SELECT * FROM ${s.events}
                          WHERE position > $1 AND position < h.bound
                          ORDER BY position LIMIT $3) e)) AS r
       FROM h`,
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
