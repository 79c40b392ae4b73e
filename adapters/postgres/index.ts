export {
  type CheckpointStore,
  createPostgresEventStore,
  type PostgresEventStore,
} from './store';
export type { PostgresEventStoreOptions } from './options';
export {
  fromPglite,
  fromPgPool,
  type PGliteLike,
  type SqlClient,
  type SqlResult,
  type StopListening,
} from './sql-client';
export { MAX_BATCH, SCHEMA_VERSION } from './schema';
