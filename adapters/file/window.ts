import * as fs from 'node:fs';

/**
 * A sliding window over a file for reading frames in order: one large read serves many
 * frames, and memory stays at about one chunk whatever the file's size.
 */
export class FileWindow {
  private buffer: Buffer;
  /** File offset of buffer[0]. */
  private start = 0;
  /** Valid bytes in the buffer. */
  private length = 0;

  constructor(
    private readonly fd: number,
    /** Bytes of the file that may be read (the rest may be mid-write). */
    private readonly limit: number,
    chunkBytes = 1 << 20,
  ) {
    this.buffer = Buffer.allocUnsafe(chunkBytes);
  }

  get bytes(): Buffer {
    return this.buffer;
  }

  /** Where file offset `offset` lies in `bytes`. */
  at(offset: number): number {
    return offset - this.start;
  }

  /** Valid bytes in `bytes`. */
  get available(): number {
    return this.length;
  }

  /**
   * Make [offset, offset + count) readable in `bytes` when the file holds it; returns the
   * number of those bytes that are available (less than `count` only at the limit).
   */
  ensure(offset: number, count: number): number {
    const end = Math.min(offset + count, this.limit);
    if (offset >= this.start && end <= this.start + this.length) return end - offset;
    if (this.buffer.length < count) this.buffer = Buffer.allocUnsafe(count);
    const want = Math.min(this.buffer.length, this.limit - offset);
    let got = 0;
    while (got < want) {
      const n = fs.readSync(this.fd, this.buffer, got, want - got, offset + got);
      if (n === 0) break;
      got += n;
    }
    this.start = offset;
    this.length = got;
    return Math.max(0, Math.min(end, offset + got) - offset);
  }
}

/**
 * Chunk buffers of windows that were released, kept for the next window: a fresh buffer
 * costs a page fault per 4 KiB touched (about 8 µs each on a VM), which a replay that reads
 * many spans would pay for every one of them.
 */
const spareBuffers: Buffer[] = [];
const SPARE_BUFFERS = 4;

const takeBuffer = (bytes: number): Buffer => {
  const kept = spareBuffers.pop();
  return kept !== undefined && kept.length === bytes ? kept : Buffer.allocUnsafe(bytes);
};

const giveBack = (buffer: Buffer | undefined): void => {
  if (buffer !== undefined && spareBuffers.length < SPARE_BUFFERS) spareBuffers.push(buffer);
};

type Prefetch = {
  /** File offset the read starts at. */
  readonly at: number;
  /** Bytes read, or what the read threw. */
  readonly result: Promise<number | Error>;
};

/**
 * The same window over async reads, so that long reads let the event loop breathe. Once a
 * chunk is in, the next one is read ahead into a second buffer while the caller works
 * through this one, so that a reader going forward seldom waits on the file: the thread
 * pool copies the next chunk on another core while this one is decoded.
 */
export class AsyncFileWindow {
  private buffer: Buffer;
  /** Where the next chunk is read ahead (allocated when first needed). */
  private spare: Buffer | undefined;
  /** File offset of bytes[origin]. */
  private start = 0;
  /** Index in `buffer` where the valid bytes begin. */
  private origin = 0;
  /** Valid bytes from `origin`. */
  private length = 0;
  private ahead: Prefetch | undefined;

  constructor(
    private readonly handle: fs.promises.FileHandle,
    private readonly limit: number,
    private readonly chunkBytes = 1 << 20,
    /**
     * Room kept before each chunk for the bytes of the current window still wanted (a frame
     * cut by the chunk's end), so that joining them to the chunk read ahead moves only them.
     */
    private readonly reserve = Math.min(64 * 1024, chunkBytes),
  ) {
    this.buffer = takeBuffer(reserve + chunkBytes);
  }

  get bytes(): Buffer {
    return this.buffer;
  }

  at(offset: number): number {
    return offset - this.start + this.origin;
  }

  /** The index in `bytes` where the valid bytes end. */
  get available(): number {
    return this.origin + this.length;
  }

  /** Like FileWindow.ensure; resolves without I/O when the bytes are already in the window. */
  ensureNow(offset: number, count: number): number | undefined {
    const end = Math.min(offset + count, this.limit);
    return offset >= this.start && end <= this.start + this.length ? end - offset : undefined;
  }

  async ensure(offset: number, count: number): Promise<number> {
    const ready = this.ensureNow(offset, count);
    if (ready !== undefined) return ready;
    const end = Math.min(offset + count, this.limit);
    const windowEnd = this.start + this.length;
    const kept = windowEnd - offset;
    const ahead = this.ahead;
    this.ahead = undefined;
    const spare = this.spare;
    if (
      ahead !== undefined &&
      spare !== undefined &&
      ahead.at === windowEnd &&
      offset >= this.start &&
      kept >= 0 &&
      kept <= this.reserve
    ) {
      // The chunk read ahead follows the window: keep its last `kept` bytes before it.
      const got = await settled(ahead);
      this.buffer.copy(spare, this.reserve - kept, this.at(offset), this.origin + this.length);
      this.spare = this.buffer;
      this.buffer = spare;
      this.start = offset;
      this.origin = this.reserve - kept;
      this.length = kept + got;
    } else {
      // Anywhere else: the spare buffer must be free before it is read into again.
      if (ahead !== undefined) await settled(ahead);
      await this.readAt(offset, count);
    }
    if (end > this.start + this.length) await this.readAt(offset, count);
    this.readAhead();
    return Math.max(0, Math.min(end, this.start + this.length) - offset);
  }

  /** Wait for a read still under way (before the file is closed). */
  async settle(): Promise<void> {
    const ahead = this.ahead;
    this.ahead = undefined;
    if (ahead !== undefined) await ahead.result;
  }

  /**
   * Wait for a read still under way, then hand the buffers to the next window; this one
   * is not to be used after.
   */
  async release(): Promise<void> {
    await this.settle();
    giveBack(this.buffer);
    giveBack(this.spare);
    this.spare = undefined;
  }

  /** Fill the window from `offset` with a plain read (at least `count` bytes of room). */
  private async readAt(offset: number, count: number): Promise<void> {
    if (this.buffer.length - this.reserve < count)
      this.buffer = Buffer.allocUnsafe(this.reserve + count);
    const want = Math.min(this.buffer.length - this.reserve, this.limit - offset);
    const got = await readFully(this.handle, this.buffer, this.reserve, want, offset);
    this.start = offset;
    this.origin = this.reserve;
    this.length = got;
  }

  /** Start reading the chunk after the window into the spare buffer. */
  private readAhead(): void {
    const at = this.start + this.length;
    if (at >= this.limit) return;
    this.spare ??= takeBuffer(this.reserve + this.chunkBytes);
    const want = Math.min(this.spare.length - this.reserve, this.limit - at);
    this.ahead = {
      at,
      result: this.handle.read(this.spare, this.reserve, want, at).then(
        ({ bytesRead }) => bytesRead,
        (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
      ),
    };
  }
}

const settled = async (prefetch: Prefetch): Promise<number> => {
  const result = await prefetch.result;
  if (result instanceof Error) throw result;
  return result;
};

/**
 * Read `length` bytes at file offset `position` into `buffer` from `at`, in as many reads as
 * it takes: how many there were (fewer only where the file ends first).
 */
export const readFully = async (
  handle: fs.promises.FileHandle,
  buffer: Buffer,
  at: number,
  length: number,
  position: number,
): Promise<number> => {
  let got = 0;
  while (got < length) {
    const { bytesRead } = await handle.read(buffer, at + got, length - got, position + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return got;
};
