import * as fs from 'node:fs';
import * as E from 'fp-ts/Either';
import type { StoredEvent } from '../../src/store/envelope';
import type { AppendError, StorageFailure } from '../../src/store/errors';
import type { AppendResult } from '../../src/store/port';
import { failedTo } from './corrupt';
import { encodeSegmentHeader, sealFrame } from './frame';
import { CHAIN_START, SEGMENT_HEADER_BYTES, segmentFileName, segmentPath } from './layout';
import { fingerprint, type LogIndex, Segment, SegmentEntries } from './log-index';
import { writeIndexFile, writeIndexFileSync } from './open-log';
import type { Durability } from './options';

/** One append waiting for its turn to be written: its envelopes and their frames. */
export interface PendingAppend {
  readonly streamId: string;
  readonly events: readonly StoredEvent[];
  /** The frames, one after another; durable-before is filled in just before the write. */
  readonly bytes: Buffer;
  /** Where each event's frame starts in `bytes`. */
  readonly frameOffsets: readonly number[];
  readonly result: Promise<E.Either<AppendError, AppendResult>>;
  readonly done: (result: E.Either<AppendError, AppendResult>) => void;
}

/**
 * Told, in order, of each append that is now durable and indexed (after every append
 * written with it is indexed too).
 */
export type OnDurable = (append: PendingAppend) => void;

const RESOLVED = Promise.resolve();

/** How often `os` durability syncs in the background, at most. */
const OS_SYNC_INTERVAL_MS = 1000;

/** The u32 at `offset` of a file. */
const readU32 = (file: string, offset: number): number => {
  const fd = fs.openSync(file, 'r');
  try {
    const bytes = Buffer.alloc(4);
    if (fs.readSync(fd, bytes, 0, 4, offset) !== 4)
      throw new Error(`${file} ends before ${offset + 4}`);
    return bytes.readUInt32LE(0);
  } finally {
    fs.closeSync(fd);
  }
};

// Not O_DSYNC: on ext4 a write followed by fdatasync measured about 10% faster than a
// write on a descriptor opened with O_DSYNC, even counting the second system call.
const writeFlags = (_durability: Durability): number => fs.constants.O_WRONLY;

const callback =
  <T>(resolve: (value: T) => void, reject: (error: unknown) => void) =>
  (error: NodeJS.ErrnoException | null, value: T): void => {
    if (error) reject(error);
    else resolve(value);
  };

const writev = (fd: number, buffers: Buffer[], position: number): Promise<number> =>
  new Promise((resolve, reject) => fs.writev(fd, buffers, position, callback(resolve, reject)));

const fdatasync = (fd: number): Promise<void> =>
  new Promise((resolve, reject) =>
    fs.fdatasync(fd, (error) => (error ? reject(error) : resolve())),
  );

/** Write every byte of `buffers` at `position`, going on after a short write. */
const writeAll = async (fd: number, buffers: Buffer[], position: number): Promise<void> => {
  let pending = buffers;
  let at = position;
  while (pending.length > 0) {
    let written = await writev(fd, pending, at);
    at += written;
    const rest: Buffer[] = [];
    for (const buffer of pending) {
      if (written >= buffer.length) written -= buffer.length;
      else {
        rest.push(written === 0 ? buffer : buffer.subarray(written));
        written = 0;
      }
    }
    pending = rest;
  }
};

const writeAllSync = (fd: number, buffer: Buffer, position: number): void => {
  let done = 0;
  while (done < buffer.length)
    done += fs.writeSync(fd, buffer, done, buffer.length - done, position + done);
};

/**
 * The single writer of the log, with group commit: appends that arrive while a write is
 * under way wait for the next one, and each write is one `pwritev` and one fdatasync, so a
 * group of appends pays for one sync between them. Appends keep the order they were accepted in
 * (their positions and stream versions were given then), and a group is split at a
 * segment boundary only between appends, never inside one.
 */
export class GroupWriter {
  private queue: PendingAppend[] = [];
  private running = false;
  private idle: (() => void)[] = [];
  private size: number;
  private durableOffset: number;
  private lastSync = Date.now();
  private indexWrites: Promise<void> = Promise.resolve();
  private failed: StorageFailure | undefined;

  private constructor(
    private readonly directory: string,
    private readonly index: LogIndex,
    private readonly durability: Durability,
    private readonly segmentBytes: number,
    private readonly onDurable: OnDurable,
    private fd: number,
    /** The checksum of the last frame written (or of the segment header): frames chain on. */
    private chain: number,
  ) {
    const active = index.activeSegment!;
    this.size = active.end;
    this.durableOffset = active.end;
  }

  /** Take over the segment being written (which `openLog` has cut back to whole appends). */
  static open(
    directory: string,
    index: LogIndex,
    durability: Durability,
    segmentBytes: number,
    onDurable: OnDurable,
  ): E.Either<StorageFailure, GroupWriter> {
    const active = index.activeSegment;
    if (active === undefined) return E.left(failedTo('find the segment to write', 'none'));
    try {
      const fd = fs.openSync(active.path, writeFlags(durability));
      // What a crashed writer left in the page cache is made durable before frames say so.
      fs.fdatasyncSync(fd);
      // The chain goes on from the last whole frame (or the header) the open kept.
      const chain = readU32(active.path, active.end - 4);
      return E.right(
        new GroupWriter(directory, index, durability, segmentBytes, onDurable, fd, chain),
      );
    } catch (error) {
      return E.left(failedTo(`open ${active.name} for writing`, error));
    }
  }

  /** Set once a write or sync failed: the store takes no more appends until reopened. */
  get failure(): StorageFailure | undefined {
    return this.failed;
  }

  enqueue(append: PendingAppend): void {
    if (this.failed !== undefined) {
      append.done(E.left(this.failed));
      return;
    }
    this.queue.push(append);
    if (!this.running) {
      this.running = true;
      // A microtask: every append made before it runs (in the same synchronous code, or in
      // continuations already queued, such as those of the last group's appenders) joins
      // the same group, and a lone appender does not wait for a turn of the event loop.
      // A settled promise's `then` rather than queueMicrotask, which wraps each callback
      // in an async resource: the same queue, at a fraction of the cost.
      void RESOLVED.then(this.runLater);
    }
  }

  private readonly runLater = (): void => this.run();

  /** Resolves when everything enqueued so far is written (or has failed). */
  drain(): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  async close(): Promise<void> {
    await this.drain();
    try {
      if (this.failed === undefined && this.durability === 'os') fs.fdatasyncSync(this.fd);
      fs.closeSync(this.fd);
    } catch {
      // Already closed by a roll that failed, or the disk is gone: nothing left to keep.
    }
    await this.indexWrites;
    const active = this.index.activeSegment;
    // The index of the segment being written, so that the next open need not read it.
    if (this.failed === undefined && active !== undefined) {
      try {
        writeIndexFileSync(this.directory, active);
      } catch {
        // Derived data: the next open rebuilds it from the segment.
      }
    }
  }

  /**
   * Write what is queued. A lone append that fits in the segment being written is written
   * here and now, synchronously (see `writeLone`); anything else goes through `runGroup`.
   */
  private run(): void {
    while (this.queue.length > 0 && this.failed === undefined) {
      if (!this.writeLone()) {
        void this.runGroup();
        return;
      }
    }
    this.running = false;
    if (this.idle.length === 0) return;
    const waiting = this.idle;
    this.idle = [];
    for (const resolve of waiting) resolve();
  }

  private async runGroup(): Promise<void> {
    const group = this.queue;
    this.queue = [];
    await this.writeGroup(group);
    this.run();
  }

  /**
   * The path of a lone appender, kept free of promises: one append queued, fitting in the
   * segment being written, with no background sync due. Written, synced and committed
   * before returning; false (and nothing done) when the append does not qualify.
   */
  private writeLone(): boolean {
    if (this.queue.length !== 1) return false;
    const append = this.queue[0]!;
    const bytes = append.bytes.length;
    const durable = this.durability === 'disk';
    if (this.size + bytes > this.segmentBytes && this.size !== SEGMENT_HEADER_BYTES) return false;
    if (!durable && Date.now() - this.lastSync >= OS_SYNC_INTERVAL_MS) return false;
    this.queue = [];
    const at = this.size;
    try {
      const { frameOffsets } = append;
      for (let k = 0; k < frameOffsets.length; k++)
        this.chain = sealFrame(append.bytes, frameOffsets[k]!, this.durableOffset, this.chain);
      writeAllSync(this.fd, append.bytes, at);
      if (durable) fs.fdatasyncSync(this.fd);
      this.size = at + bytes;
      if (durable) this.durableOffset = this.size;
      this.commitOne(append, at);
    } catch (error) {
      this.fail(error, [append]);
    }
    return true;
  }

  /** Refuse `unwritten` and everything queued after them, and every append from now on. */
  private fail(error: unknown, unwritten: readonly PendingAppend[]): void {
    this.failed = failedTo('append to the event log', error);
    const failure = E.left(this.failed);
    for (const append of unwritten) append.done(failure);
    for (const append of this.queue) append.done(failure);
    this.queue = [];
  }

  private async writeGroup(group: PendingAppend[]): Promise<void> {
    let i = 0;
    try {
      while (i < group.length) {
        let j = i;
        let bytes = 0;
        while (j < group.length) {
          const next = group[j]!.bytes.length;
          const empty = this.size + bytes === SEGMENT_HEADER_BYTES;
          if (!empty && this.size + bytes + next > this.segmentBytes) break;
          bytes += next;
          j++;
        }
        if (j === i) {
          await this.roll();
          continue;
        }
        const part = i === 0 && j === group.length ? group : group.slice(i, j);
        await this.write(part, bytes);
        i = j;
      }
    } catch (error) {
      this.fail(error, group.slice(i));
    }
  }

  private async write(part: readonly PendingAppend[], bytes: number): Promise<void> {
    const at = this.size;
    const buffers: Buffer[] = new Array(part.length);
    for (let k = 0; k < part.length; k++) {
      const append = part[k]!;
      for (const offset of append.frameOffsets)
        this.chain = sealFrame(append.bytes, offset, this.durableOffset, this.chain);
      buffers[k] = append.bytes;
    }
    // A group of one append (a lone appender) is written synchronously: the caller waits for
    // the disk either way, and the thread pool's round trip would add about a sixth to its
    // wait. Larger groups go through the thread pool, so that the appends arriving meanwhile
    // are checked and encoded while the disk works.
    const durable = this.durability === 'disk';
    if (part.length === 1) {
      writeAllSync(this.fd, buffers[0]!, at);
      if (durable) fs.fdatasyncSync(this.fd);
    } else {
      await writeAll(this.fd, buffers, at);
      if (durable) await fdatasync(this.fd);
    }
    this.size = at + bytes;
    if (durable) this.durableOffset = this.size;
    else if (Date.now() - this.lastSync >= OS_SYNC_INTERVAL_MS) {
      await fdatasync(this.fd);
      this.durableOffset = this.size;
      this.lastSync = Date.now();
    }
    this.commit(part, at);
  }

  /** Index the appends just written, then tell the store. */
  private commit(part: readonly PendingAppend[], at: number): void {
    const segment = this.index.activeSegment!;
    let base = at;
    for (const append of part) {
      this.indexAppend(segment, append, base);
      base += append.bytes.length;
    }
    segment.end = this.size;
    for (const append of part) this.onDurable(append);
  }

  private commitOne(append: PendingAppend, at: number): void {
    const segment = this.index.activeSegment!;
    this.indexAppend(segment, append, at);
    segment.end = this.size;
    this.onDurable(append);
  }

  private indexAppend(segment: Segment, append: PendingAppend, at: number): void {
    const { events, frameOffsets } = append;
    for (let k = 0; k < events.length; k++) {
      const event = events[k]!;
      const problem = this.index.addEvent(
        segment,
        at + frameOffsets[k]!,
        event.streamId,
        event.streamVersion,
        event.globalPosition,
        fingerprint(event.eventId),
      );
      if (problem !== undefined) throw new Error(`index out of step with the writer: ${problem}`);
    }
  }

  /**
   * Seal the segment being written and start the next. The sealed segment is durable
   * whole before the next exists (so a sealed segment never has a torn tail), and its index
   * file is written in the background.
   */
  private async roll(): Promise<void> {
    const sealed = this.index.activeSegment!;
    if (this.durability === 'os') await fdatasync(this.fd);
    fs.closeSync(this.fd);
    this.indexWrites = this.indexWrites
      .then(() => writeIndexFile(this.directory, sealed))
      .catch(() => undefined)
      .then(() => {
        sealed.entries = undefined;
        sealed.trim();
      });
    const first = this.index.lastPosition + 1;
    const file = segmentPath(this.directory, first);
    const created = await fs.promises.open(file, 'wx');
    const header = encodeSegmentHeader(first);
    try {
      await created.write(header, 0, SEGMENT_HEADER_BYTES, 0);
      await created.datasync();
    } finally {
      await created.close();
    }
    const dir = await fs.promises.open(this.directory, 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
    this.fd = fs.openSync(file, writeFlags(this.durability));
    const segment = new Segment(first, segmentFileName(first), file, SEGMENT_HEADER_BYTES);
    segment.entries = new SegmentEntries();
    this.index.addSegment(segment);
    this.size = SEGMENT_HEADER_BYTES;
    this.durableOffset = SEGMENT_HEADER_BYTES;
    this.chain = header.readUInt32LE(CHAIN_START);
    this.lastSync = Date.now();
  }
}
