import { quoteIdent } from './sql-client';

/**
 * Global positions are `(transaction id + offset) × 2¹⁶ + index in the batch`: the order
 * a gap-safe reader can follow (see README.md). 2¹⁶ is therefore also the most events one
 * append can carry, less one.
 */
export const POSITION_SHIFT = 65_536;
export const MAX_BATCH = POSITION_SHIFT - 1;

/**
 * Schema names are lowercase identifiers so that they need no quoting anywhere (LISTEN
 * channel names included) and cannot collide through case folding.
 */
export const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,47}$/;

/** Raised by the migration when the database holds a newer schema than this code knows. */
export const NEWER_SCHEMA_ERRCODE = 'CL001';
/** Raised when positions would pass 2⁵³ (see README.md: years away at any real rate). */
export const POSITIONS_EXHAUSTED_ERRCODE = 'CL002';

export interface SchemaNames {
  /** The schema name as the user gave it. */
  readonly name: string;
  readonly events: string;
  readonly meta: string;
  readonly checkpoints: string;
  /** The NOTIFY channel appends are announced on. */
  readonly channel: string;
  /** Prefix for prepared statement names: unique per schema within a connection. */
  readonly statementPrefix: string;
  /** A custom session setting: set once positions were checked on the connection. */
  readonly sessionCheck: string;
}

export const schemaNames = (name: string): SchemaNames => {
  const schema = quoteIdent(name);
  return {
    name,
    events: `${schema}.events`,
    meta: `${schema}.meta`,
    checkpoints: `${schema}.checkpoints`,
    channel: `${name}_appended`,
    statementPrefix: `cl_${name}_`,
    sessionCheck: `complaint_ledger.positions_checked_${name}`,
  };
};

/**
 * Each migration moves the schema from version n − 1 to n. Never edit a released one:
 * add the next, so that every database, whatever version it is at, reaches the same shape.
 */
const MIGRATIONS: readonly ((s: SchemaNames) => string)[] = [
  // 1: the event log, the checkpoints of projection runners.
  (s) => `
    CREATE TABLE ${s.events} (
      position       bigint      NOT NULL,
      stream_id      text        COLLATE "C" NOT NULL,
      stream_version bigint      NOT NULL,
      event_id       text        COLLATE "C" NOT NULL,
      type           text        NOT NULL,
      schema_version integer     NOT NULL,
      recorded_at    timestamptz NOT NULL,
      metadata       json        NOT NULL,
      data           json        NOT NULL,
      CONSTRAINT events_pkey PRIMARY KEY (position),
      CONSTRAINT events_stream_version_key UNIQUE (stream_id, stream_version),
      CONSTRAINT events_event_id_key UNIQUE (event_id)
    );
    CREATE TABLE ${s.checkpoints} (
      name       text        COLLATE "C" NOT NULL PRIMARY KEY,
      position   bigint      NOT NULL CHECK (position >= 0),
      updated_at timestamptz NOT NULL
    );
  `,
];

/** The schema version this code writes and reads. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** Positions must stay below 2⁵³ to be exact JavaScript numbers. */
const MAX_TRANSACTION = Math.floor(Number.MAX_SAFE_INTEGER / POSITION_SHIFT) - 1;

/**
 * One statement that brings the schema to SCHEMA_VERSION: safe to run from many processes
 * at once (a transaction-scoped advisory lock serialises them, so that only the first
 * creates anything), and a no-op once done. It also re-bases positions after a logical
 * restore (see README.md): when the stored positions are ahead of what this cluster's
 * transaction ids give, the offset added to transaction ids moves past them.
 */
export const migrationStatement = (s: SchemaNames): string => {
  const steps = MIGRATIONS.map((sql, i) => `IF v < ${i + 1} THEN ${sql(s)} END IF;`).join('\n');
  const known = SCHEMA_VERSION;
  const literal = `'${s.name}'`;
  return `
DO $complaint_ledger$
DECLARE
  v integer;
  cur bigint;
  top bigint;
  off bigint;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('complaint-ledger'), hashtext(${literal}));
  CREATE SCHEMA IF NOT EXISTS ${quoteIdent(s.name)};
  CREATE TABLE IF NOT EXISTS ${s.meta} (
    singleton      boolean NOT NULL DEFAULT true PRIMARY KEY CHECK (singleton),
    schema_version integer NOT NULL,
    xid_offset     bigint  NOT NULL
  );
  INSERT INTO ${s.meta} VALUES (true, 0, 0) ON CONFLICT DO NOTHING;
  SELECT schema_version, xid_offset INTO v, off FROM ${s.meta} FOR UPDATE;
  IF v > ${known} THEN
    RAISE EXCEPTION 'schema % is at version %, newer than this library knows (%)',
      ${literal}, v, ${known} USING ERRCODE = '${NEWER_SCHEMA_ERRCODE}';
  END IF;
  ${steps}
  cur := pg_current_xact_id()::text::bigint;
  SELECT max(position) / ${POSITION_SHIFT} INTO top FROM ${s.events};
  IF top IS NOT NULL AND top >= cur + off THEN
    off := top - cur + 1;
  END IF;
  IF cur + off > ${MAX_TRANSACTION} THEN
    RAISE EXCEPTION 'global positions of schema % would pass 2^53', ${literal}
      USING ERRCODE = '${POSITIONS_EXHAUSTED_ERRCODE}';
  END IF;
  UPDATE ${s.meta} SET schema_version = ${known}, xid_offset = off;
END
$complaint_ledger$`;
};
