export { type FileEventStore, type OpenReport, openFileEventStore } from './store';
export type { Durability, FileEventStoreOptions, FileEventStoreReaderOptions } from './options';
export type { RebuiltIndex, TruncatedTail, Verify } from './open-log';
export { type FileEventStoreReader, openFileEventStoreReader } from './reader-store';
export { replayFileStore, type ReplayOptions, type ReplayReport } from './replay/replay';
