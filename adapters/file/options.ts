import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import type { ListenerErrorHandler } from '../../src/store/subscribers';
import { type DecodeError, decodeWith } from '../../src/shared/decode';
import { MAX_SEGMENT_BYTES, SEGMENT_HEADER_BYTES } from './layout';
import type { Verify } from './open-log';

/**
 * When an append counts as done.
 * - `disk` (default): its bytes are on the disk (written, then fdatasync). A crash of the
 *   process, of the OS, or a power cut loses nothing acknowledged.
 * - `os`: its bytes are handed to the operating system. A crash of the process loses
 *   nothing; a crash of the OS or a power cut can lose the appends of about the last
 *   second (the store syncs at most once a second in the background), and the torn tail
 *   is cut back on the next open. For tests, bulk loads, and data you can load again.
 */
export type Durability = 'disk' | 'os';

export interface FileEventStoreOptions {
  /** Default `disk`. */
  readonly durability?: Durability;
  /**
   * When another live process holds the store for writing: `fail` (default) returns
   * StoreLocked at once; `wait` waits until it is released (see `lockTimeoutMs`).
   */
  readonly lock?: 'fail' | 'wait';
  /** With `lock: 'wait'`, give up with StoreLocked after this many milliseconds. */
  readonly lockTimeoutMs?: number;
  /**
   * A segment file is closed and a new one started once it would grow past this size
   * (default 64 MiB). An append larger than this gets a segment of its own.
   */
  readonly segmentBytes?: number;
  /** The store's clock, for `recordedAt`. Default: the system clock. */
  readonly clock?: () => Date;
  /** Ids for events appended without one. Default: UUID v7. */
  readonly newEventId?: () => string;
  /** How many recently appended events are kept in memory for fast reads. Default 4096. */
  readonly recentEvents?: number;
  /** Told when a subscriber throws (default: a process warning). */
  readonly onListenerError?: ListenerErrorHandler;
  /**
   * What opening checks: `all` (default) every frame of the log, with one streaming CRC per
   * segment — about the time it takes to read the log once; `tail` only what the index
   * files do not cover, which is where a crash leaves damage (for logs too big to read at
   * every open). Every frame is checked again whenever it is read.
   */
  readonly verifyOnOpen?: Verify;
}

export interface FileEventStoreReaderOptions {
  /** How often subscribers look for new events, in milliseconds. Default 50. */
  readonly pollIntervalMs?: number;
  /** As for the writer. Default `all`. */
  readonly verifyOnOpen?: Verify;
  readonly onListenerError?: ListenerErrorHandler;
}

const Whole = (min: number, max: number, name: string) =>
  t.refinement(t.number, (n) => Number.isSafeInteger(n) && n >= min && n <= max, name);

const WriterOptionsCodec = t.partial({
  durability: t.keyof({ disk: null, os: null }),
  lock: t.keyof({ fail: null, wait: null }),
  lockTimeoutMs: Whole(0, Number.MAX_SAFE_INTEGER, 'a number of milliseconds ≥ 0'),
  segmentBytes: Whole(
    SEGMENT_HEADER_BYTES + 64,
    MAX_SEGMENT_BYTES,
    `a size from ${SEGMENT_HEADER_BYTES + 64} bytes to 4 GiB`,
  ),
  clock: t.Function,
  newEventId: t.Function,
  recentEvents: Whole(0, 10_000_000, 'a count ≥ 0'),
  onListenerError: t.Function,
  verifyOnOpen: t.keyof({ all: null, tail: null }),
});

const ReaderOptionsCodec = t.partial({
  pollIntervalMs: Whole(1, 3_600_000, 'a number of milliseconds ≥ 1'),
  onListenerError: t.Function,
  verifyOnOpen: t.keyof({ all: null, tail: null }),
});

export interface ResolvedOptions {
  readonly durability: Durability;
  readonly lock: 'fail' | 'wait';
  readonly lockTimeoutMs: number | undefined;
  readonly segmentBytes: number;
  readonly clock: () => Date;
  readonly newEventId: (() => string) | undefined;
  readonly recentEvents: number;
  readonly onListenerError: ListenerErrorHandler | undefined;
  readonly verifyOnOpen: Verify;
}

export const DEFAULT_SEGMENT_BYTES = 64 * 1024 * 1024;

export const resolveOptions = (
  options: FileEventStoreOptions | undefined,
): E.Either<DecodeError, ResolvedOptions> =>
  E.map((o: t.TypeOf<typeof WriterOptionsCodec>) => ({
    durability: o.durability ?? 'disk',
    lock: o.lock ?? 'fail',
    lockTimeoutMs: o.lockTimeoutMs,
    segmentBytes: o.segmentBytes ?? DEFAULT_SEGMENT_BYTES,
    clock: (o.clock as (() => Date) | undefined) ?? (() => new Date()),
    newEventId: o.newEventId as (() => string) | undefined,
    recentEvents: o.recentEvents ?? 4096,
    onListenerError: o.onListenerError as ListenerErrorHandler | undefined,
    verifyOnOpen: o.verifyOnOpen ?? 'all',
  }))(decodeWith(WriterOptionsCodec, 'file store options')(options ?? {}));

export interface ResolvedReaderOptions {
  readonly pollIntervalMs: number;
  readonly onListenerError: ListenerErrorHandler | undefined;
  readonly verifyOnOpen: Verify;
}

export const resolveReaderOptions = (
  options: FileEventStoreReaderOptions | undefined,
): E.Either<DecodeError, ResolvedReaderOptions> =>
  E.map((o: t.TypeOf<typeof ReaderOptionsCodec>) => ({
    pollIntervalMs: o.pollIntervalMs ?? 50,
    onListenerError: o.onListenerError as ListenerErrorHandler | undefined,
    verifyOnOpen: o.verifyOnOpen ?? 'all',
  }))(decodeWith(ReaderOptionsCodec, 'file store reader options')(options ?? {}));
