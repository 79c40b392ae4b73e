import type { DecodeError } from '../shared/decode';
import type { ExpectedVersion } from './expected-version';

/** The stream is not at the version the caller expected. */
export interface WrongExpectedVersion {
  readonly _tag: 'WrongExpectedVersion';
  readonly streamId: string;
  readonly expected: ExpectedVersion;
  /** The stream's version when the append was refused; 0 for no stream. */
  readonly actual: number;
}

/** Some, but not all, event ids of an append are already stored: the batch is not a retry. */
export interface DuplicateEventId {
  readonly _tag: 'DuplicateEventId';
  readonly streamId: string;
  readonly eventIds: readonly string[];
}

/** Stored bytes or rows failed their check: never silently skipped. */
export interface CorruptStorage {
  readonly _tag: 'CorruptStorage';
  /** File and byte offset, table and row, … */
  readonly location: string;
  readonly message: string;
}

/** The store was closed before the call. */
export interface StoreClosed {
  readonly _tag: 'StoreClosed';
}

/** Another process holds the store for writing. */
export interface StoreLocked {
  readonly _tag: 'StoreLocked';
  readonly message: string;
}

/** The underlying storage failed (disk full, connection lost, …). */
export interface StorageFailure {
  readonly _tag: 'StorageFailure';
  readonly message: string;
  readonly cause?: unknown;
}

export type AppendError =
  | WrongExpectedVersion
  | DuplicateEventId
  | DecodeError
  | StoreClosed
  | StoreLocked
  | StorageFailure;

export type ReadError = CorruptStorage | DecodeError | StoreClosed | StorageFailure;

export type StoreError = AppendError | ReadError;

export const storageFailure = (message: string, cause?: unknown): StorageFailure =>
  cause === undefined
    ? { _tag: 'StorageFailure', message }
    : { _tag: 'StorageFailure', message, cause };

/** One line for logs and thrown wrappers. */
export const describeStoreError = (error: StoreError): string => {
  switch (error._tag) {
    case 'WrongExpectedVersion':
      return `stream ${error.streamId}: expected version ${String(error.expected)}, actual ${error.actual}`;
    case 'DuplicateEventId':
      return `stream ${error.streamId}: events already stored: ${error.eventIds.join(', ')}`;
    case 'CorruptStorage':
      return `corrupt storage at ${error.location}: ${error.message}`;
    case 'DecodeError':
      return error.message;
    case 'StoreClosed':
      return 'store is closed';
    case 'StoreLocked':
      return error.message;
    case 'StorageFailure':
      return error.message;
  }
};
