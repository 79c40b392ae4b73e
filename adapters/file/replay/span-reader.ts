import type * as fs from 'node:fs';
import { open } from 'node:fs/promises';
import * as E from 'fp-ts/Either';
import { ComplaintNote, readNote } from '../../../src/complaint/note';
import { isComplaintStream } from '../../../src/sla/facts';
import type { StoredEvent } from '../../../src/store/envelope';
import type { CorruptStorage, ReadError } from '../../../src/store/errors';
import { corruptAt, failedTo } from '../corrupt';
import { decodePayload, isCorrupt } from '../event-reader';
import { readFrameHeader, verifyRun } from '../frame';
import { FRAME_OVERHEAD } from '../layout';
import { readFully } from '../window';
import { type Span, streamSpan } from './plan';

/** What a thread does with each event of a span, in order; a value returned stops it. */
export interface SpanVisitor<Stop> {
  /** A complaint event, read into `note` by `readNote` (the note is reused for the next). */
  note(stored: StoredEvent, note: ComplaintNote): Stop | undefined;
  /** Any other event, or one `readNote` refuses. */
  event(stored: StoredEvent): Stop | undefined;
}

/** A span whose events came in another order than its positions. */
export const outOfTurn = (span: Span, position: number): CorruptStorage =>
  corruptAt(span.name, span.startOffset, `replay read position ${position} out of its turn`);

/** Events per batch when a damaged span is read the way readAll reads it. */
const CAREFUL_BATCH = 1024;

/**
 * Reads spans for a replay: each span into memory whole (one read) and checked with one CRC
 * over all its frames, each payload then decoded as readAll decodes it. A span whose frames
 * do not add up or whose CRC fails is read again by readAll's own reader, frame by frame,
 * so that the damage is named as readAll names it.
 */
export class SpanReader {
  private buffer = Buffer.allocUnsafe(0);
  private readonly note = new ComplaintNote();

  async read<Stop>(
    span: Span,
    visitor: SpanVisitor<Stop>,
    closedError: () => ReadError | undefined = () => undefined,
  ): Promise<E.Either<ReadError, Stop | undefined>> {
    const stop = closedError();
    if (stop !== undefined) return E.left(stop);
    const loaded = await this.load(span);
    if (E.isLeft(loaded)) return loaded;
    if (!loaded.right || !this.whole(span)) return this.readCarefully(span, visitor, closedError);
    const bytes = this.buffer;
    // Index 0 holds the checksum before the span's first frame, at offset startOffset - 4.
    const base = span.startOffset - 4;
    let i = 4;
    for (let position = span.firstPosition; position <= span.lastPosition; position++) {
      const payloadBytes = bytes.readUInt32LE(i);
      const stored = decodePayload(bytes, i, payloadBytes, span, base + i, position);
      if (isCorrupt(stored)) return E.left(stored);
      const stopped = this.visit(stored, visitor);
      if (stopped !== undefined) return E.right(stopped);
      i += FRAME_OVERHEAD + payloadBytes;
    }
    return E.right(undefined);
  }

  private visit<Stop>(stored: StoredEvent, visitor: SpanVisitor<Stop>): Stop | undefined {
    return isComplaintStream(stored.streamId) && readNote(stored, this.note) === undefined
      ? visitor.note(stored, this.note)
      : visitor.event(stored);
  }

  /**
   * Read the span's bytes, from the checksum before its first frame, into the buffer:
   * false when the file holds fewer than the index said.
   */
  private async load(span: Span): Promise<E.Either<ReadError, boolean>> {
    const from = span.startOffset - 4;
    const length = span.end - from;
    if (this.buffer.length < length) this.buffer = Buffer.allocUnsafe(length);
    let handle: fs.promises.FileHandle;
    try {
      handle = await open(span.path, 'r');
    } catch (error) {
      return E.left(failedTo(`open ${span.name}`, error));
    }
    try {
      return E.right((await readFully(handle, this.buffer, 0, length, from)) === length);
    } catch (error) {
      return E.left(failedTo(`read ${span.name}`, error));
    } finally {
      await handle.close();
    }
  }

  /** Whether the bytes hold exactly the span's frames, their checksums all matching. */
  private whole(span: Span): boolean {
    const bytes = this.buffer;
    const length = span.end - span.startOffset + 4;
    let i = 4;
    for (let position = span.firstPosition; position <= span.lastPosition; position++) {
      const header = readFrameHeader(bytes, i, length);
      if (typeof header === 'string') return false;
      i += FRAME_OVERHEAD + header.payloadBytes;
    }
    return i === length && verifyRun(bytes, 4, length - 4);
  }

  /** The span through readAll's reader, which names the damage as readAll does. */
  private async readCarefully<Stop>(
    span: Span,
    visitor: SpanVisitor<Stop>,
    closedError: () => ReadError | undefined,
  ): Promise<E.Either<ReadError, Stop | undefined>> {
    let position = span.firstPosition;
    for await (const batch of streamSpan(span, CAREFUL_BATCH, closedError)) {
      if (E.isLeft(batch)) return batch;
      for (const stored of batch.right) {
        if (stored.globalPosition !== position)
          return E.left(outOfTurn(span, stored.globalPosition));
        const stopped = this.visit(stored, visitor);
        if (stopped !== undefined) return E.right(stopped);
        position++;
      }
    }
    return position === span.lastPosition + 1
      ? E.right(undefined)
      : E.left(outOfTurn(span, position));
  }
}
