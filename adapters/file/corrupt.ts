import type { CorruptStorage, StorageFailure } from '../../src/store/errors';

/** Damage found in `file` at byte `offset`: the error names both, so a person can look. */
export const corruptAt = (file: string, offset: number, message: string): CorruptStorage => ({
  _tag: 'CorruptStorage',
  location: `${file} at byte ${offset}`,
  message,
});

/** An fs error as a StorageFailure that says what was being done. */
export const failedTo = (doing: string, cause: unknown): StorageFailure => ({
  _tag: 'StorageFailure',
  message: `could not ${doing}: ${cause instanceof Error ? cause.message : String(cause)}`,
  cause,
});
