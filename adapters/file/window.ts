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

/** The same window over async reads, so that long reads let the event loop breathe. */
export class AsyncFileWindow {
  private buffer: Buffer;
  private start = 0;
  private length = 0;

  constructor(
    private readonly handle: fs.promises.FileHandle,
    private readonly limit: number,
    chunkBytes = 1 << 20,
  ) {
    this.buffer = Buffer.allocUnsafe(chunkBytes);
  }

  get bytes(): Buffer {
    return this.buffer;
  }

  at(offset: number): number {
    return offset - this.start;
  }

  get available(): number {
    return this.length;
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
    if (this.buffer.length < count) this.buffer = Buffer.allocUnsafe(count);
    const want = Math.min(this.buffer.length, this.limit - offset);
    let got = 0;
    while (got < want) {
      const { bytesRead } = await this.handle.read(this.buffer, got, want - got, offset + got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    this.start = offset;
    this.length = got;
    return Math.max(0, Math.min(end, offset + got) - offset);
  }
}
