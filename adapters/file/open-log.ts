import * as fs from 'node:fs';
import * as path from 'node:path';
import * as E from 'fp-ts/Either';
import type { CorruptStorage, StorageFailure } from '../../src/store/errors';
import { corruptAt, failedTo } from './corrupt';
import { checkSegmentHeader, encodeSegmentHeader } from './frame';
import { decodeIndexFile, encodeIndexFile, type IndexFileContent } from './index-file';
import {
  indexPath,
  parseSegmentFileName,
  SEGMENT_HEADER_BYTES,
  segmentFileName,
  segmentPath,
} from './layout';
import { fingerprint, type LogIndex, Segment, SegmentEntries } from './log-index';
import { findDurableFrameAfter, type ScannedEvent, scanFrames, verifySegment } from './scan';

/** A torn tail cut back when the store was opened for writing. */
export interface TruncatedTail {
  readonly file: string;
  /** Where the file now ends: the end of the last whole append. */
  readonly offset: number;
  /** Bytes cut off. */
  readonly bytes: number;
  /** What was wrong at the first damaged byte. */
  readonly problem: string;
}

/** An index file that could not be used and was rebuilt from its segment. */
export interface RebuiltIndex {
  readonly file: string;
  readonly reason: string;
}

/** What opening the store had to repair; empty lists after a clean shutdown. */
export interface Recovery {
  readonly truncatedTails: TruncatedTail[];
  readonly rebuiltIndexes: RebuiltIndex[];
}

export type OpenError = CorruptStorage | StorageFailure;

export type LogMode = 'write' | 'read';

/**
 * What opening checks. `all`: every frame of every segment (one streaming CRC per segment,
 * so about the time it takes to read the log); `tail`: the frames the index files do not
 * cover, which is where a crash leaves its damage. Frames are checked again whenever read.
 */
export type Verify = 'all' | 'tail';

/** The first positions of the segment files in `directory`, in order. */
export const listSegments = (directory: string): number[] =>
  fs
    .readdirSync(directory)
    .map(parseSegmentFileName)
    .filter((p): p is number => p !== undefined)
    .sort((a, b) => a - b);

const fileSize = (fd: number): number => fs.fstatSync(fd).size;

/** Read the first `count` bytes of a file (fewer when it is shorter). */
const readHead = (fd: number, count: number): { bytes: Buffer; length: number } => {
  const bytes = Buffer.alloc(count);
  const length = fs.readSync(fd, bytes, 0, count, 0);
  return { bytes, length };
};

const readIndexFile = (directory: string, firstPosition: number): IndexFileContent | string => {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(indexPath(directory, firstPosition));
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT'
      ? 'missing'
      : `unreadable: ${(error as Error).message}`;
  }
  const content = decodeIndexFile(bytes);
  if (typeof content === 'string') return content;
  return content.firstPosition === firstPosition ? content : 'belongs to another segment';
};

/**
 * Add an index file's entries to the index, after checking that all of them follow from
 * what is indexed already, so that a stale or foreign index file is refused whole.
 */
const applyIndexFile = (
  index: LogIndex,
  segment: Segment,
  content: IndexFileContent,
  segmentSize: number,
): string | undefined => {
  if (content.coveredBytes > segmentSize || content.coveredBytes < SEGMENT_HEADER_BYTES)
    return `covers ${content.coveredBytes} bytes of a ${segmentSize}-byte segment`;
  const seen = new Map<string, number>();
  let previousOffset = SEGMENT_HEADER_BYTES - 1;
  for (let i = 0; i < content.versions.length; i++) {
    const name = content.streamNames[content.streamOrdinals[i] ?? 0]!;
    const version = (seen.get(name) ?? index.streamVersion(name)) + 1;
    if (content.versions[i] !== version) return `stream ${name} out of sequence`;
    seen.set(name, version);
    const offset = content.offsets[i]!;
    if (offset <= previousOffset || offset >= content.coveredBytes) return 'offsets out of order';
    previousOffset = offset;
  }
  for (let i = 0; i < content.versions.length; i++) {
    const problem = index.add(segment, {
      offset: content.offsets[i]!,
      streamId: content.streamNames[content.streamOrdinals[i] ?? 0]!,
      streamVersion: content.versions[i]!,
      globalPosition: segment.firstPosition + i,
      idFingerprint: content.fingerprints[i]!,
    });
    if (problem !== undefined) return problem;
  }
  return undefined;
};

/** Index each event of a whole append found by a scan. */
export const indexAppend =
  (index: LogIndex, segment: Segment) =>
  (events: readonly ScannedEvent[]): string | undefined => {
    for (const { offset, event } of events) {
      const problem = index.add(segment, {
        offset,
        streamId: event.streamId,
        streamVersion: event.streamVersion,
        globalPosition: event.globalPosition,
        idFingerprint: fingerprint(event.eventId),
      });
      if (problem !== undefined) return problem;
    }
    return undefined;
  };

/** Write a segment's index file beside it: to a temporary name, then renamed over. */
export const writeIndexFileSync = (directory: string, segment: Segment): void => {
  if (segment.entries === undefined) return;
  const bytes = encodeIndexFile(
    segment.firstPosition,
    segment.end,
    segment.offsets(),
    segment.entries,
  );
  const target = indexPath(directory, segment.firstPosition);
  const temporary = `${target}.tmp`;
  fs.writeFileSync(temporary, bytes);
  fs.renameSync(temporary, target);
};

export const writeIndexFile = async (directory: string, segment: Segment): Promise<void> => {
  if (segment.entries === undefined) return;
  const bytes = encodeIndexFile(
    segment.firstPosition,
    segment.end,
    segment.offsets(),
    segment.entries,
  );
  const target = indexPath(directory, segment.firstPosition);
  const temporary = `${target}.tmp`;
  await fs.promises.writeFile(temporary, bytes);
  await fs.promises.rename(temporary, target);
};

/**
 * How the whole appends of the segment being written end, seen from `from`: `end` is where
 * they stop. When bytes follow that are not whole, they are a torn tail — unless a later
 * frame proves they had been on disk, which is corruption.
 */
export type TailState =
  | { readonly kind: 'whole'; readonly end: number }
  | {
      readonly kind: 'torn';
      readonly end: number;
      readonly size: number;
      readonly problem: string;
    };

export const scanTail = (
  index: LogIndex,
  segment: Segment,
  fd: number,
  size: number,
  from: number,
): E.Either<CorruptStorage, TailState> => {
  const stop = scanFrames({
    fd,
    file: segment.name,
    size,
    from,
    position: index.lastPosition + 1,
    onAppend: indexAppend(index, segment),
  });
  switch (stop.kind) {
    case 'clean':
      return E.right({ kind: 'whole', end: stop.end });
    case 'corrupt':
      return E.left(stop.error);
    case 'incomplete': {
      const proof = findDurableFrameAfter(fd, size, stop.damageAt, stop.end);
      return proof === undefined
        ? E.right({ kind: 'torn', end: stop.end, size, problem: stop.problem })
        : E.left(
            corruptAt(
              segment.name,
              stop.damageAt,
              `${stop.problem}; the whole frame at byte ${proof} was written after these bytes were on disk, so this is damage, not a write cut short`,
            ),
          );
    }
  }
};

/**
 * Fill `segment` from its index file when that is usable, else say why not. `whole`: the
 * index must cover the segment to its last byte (a sealed segment).
 */
const useIndexFile = (
  directory: string,
  index: LogIndex,
  segment: Segment,
  size: number,
  whole: boolean,
): string | undefined => {
  const content = readIndexFile(directory, segment.firstPosition);
  if (typeof content === 'string') return content;
  if (whole && content.coveredBytes !== size)
    return `covers ${content.coveredBytes} of the segment's ${size} bytes`;
  const problem = applyIndexFile(index, segment, content, size);
  if (problem !== undefined) return problem;
  segment.end = content.coveredBytes;
  return undefined;
};

const checkChain = (index: LogIndex, first: number): CorruptStorage | undefined =>
  first === index.lastPosition + 1
    ? undefined
    : corruptAt(
        segmentFileName(first),
        0,
        `segment starts at global position ${first} but the log before it ends at ${index.lastPosition}`,
      );

/**
 * Load a sealed segment (one the writer has moved past): through its index file when that
 * is sound, else by reading it whole, which checks every frame. A sealed segment was made
 * durable whole before the next one was created, so anything but a clean end is damage.
 */
export const loadSealed = (
  directory: string,
  index: LogIndex,
  first: number,
  mode: LogMode,
  recovery: Recovery,
  verify: Verify,
): CorruptStorage | undefined => {
  const name = segmentFileName(first);
  const file = segmentPath(directory, first);
  const chained = checkChain(index, first);
  if (chained !== undefined) return chained;
  const fd = fs.openSync(file, 'r');
  try {
    const size = fileSize(fd);
    const head = readHead(fd, SEGMENT_HEADER_BYTES);
    const headerProblem = checkSegmentHeader(head.bytes, head.length, first);
    if (headerProblem !== undefined) return corruptAt(name, 0, `segment header: ${headerProblem}`);
    const segment = new Segment(first, name, file, SEGMENT_HEADER_BYTES);
    const unusable = useIndexFile(directory, index, segment, size, true);
    if (unusable === undefined) {
      if (verify === 'all') {
        const damage = verifySegment(fd, name, size);
        if (damage !== undefined) return damage;
      }
      segment.trim();
      index.addSegment(segment);
      return undefined;
    }
    if (mode === 'write') segment.entries = new SegmentEntries();
    const tail = scanTail(index, segment, fd, size, SEGMENT_HEADER_BYTES);
    if (E.isLeft(tail)) return tail.left;
    if (tail.right.kind === 'torn')
      return corruptAt(name, tail.right.end, `${tail.right.problem} (in a sealed segment)`);
    segment.end = tail.right.end;
    segment.trim();
    index.addSegment(segment);
    recovery.rebuiltIndexes.push({
      file: path.basename(indexPath(directory, first)),
      reason: unusable,
    });
    if (mode === 'write') writeIndexFileSync(directory, segment);
    segment.entries = undefined;
    return undefined;
  } finally {
    fs.closeSync(fd);
  }
};

/** A segment being created whose header is not (yet) whole: no frame can follow it. */
const headerNotWhole = (size: number): boolean => size <= SEGMENT_HEADER_BYTES;

/**
 * Load the segment being written. For a writer, a torn tail is cut back to the last whole
 * append and the cut made durable; for a reader it is left alone (the writer may be in the
 * middle of writing it) and simply not read. Returns undefined for a reader when the
 * segment's header is not whole yet.
 */
export const loadActive = (
  directory: string,
  index: LogIndex,
  first: number,
  mode: LogMode,
  recovery: Recovery,
  verify: Verify,
): E.Either<CorruptStorage, Segment | undefined> => {
  const name = segmentFileName(first);
  const file = segmentPath(directory, first);
  const chained = checkChain(index, first);
  if (chained !== undefined) return E.left(chained);
  const fd = fs.openSync(file, mode === 'write' ? 'r+' : 'r');
  try {
    let size = fileSize(fd);
    const head = readHead(fd, SEGMENT_HEADER_BYTES);
    const headerProblem = checkSegmentHeader(head.bytes, head.length, first);
    if (headerProblem !== undefined) {
      if (!headerNotWhole(size) || headerProblem === 'first position differs from the file name')
        return E.left(corruptAt(name, 0, `segment header: ${headerProblem}`));
      if (mode === 'read') return E.right(undefined);
      // A crash while the segment was being created: write its header again.
      fs.ftruncateSync(fd, 0);
      fs.writeSync(fd, encodeSegmentHeader(first), 0, SEGMENT_HEADER_BYTES, 0);
      fs.fdatasyncSync(fd);
      recovery.truncatedTails.push({
        file: name,
        offset: 0,
        bytes: size,
        problem: `segment header: ${headerProblem}`,
      });
      size = SEGMENT_HEADER_BYTES;
    }
    const segment = new Segment(first, name, file, SEGMENT_HEADER_BYTES);
    if (mode === 'write') segment.entries = new SegmentEntries();
    const unusable = useIndexFile(directory, index, segment, size, false);
    if (unusable === undefined && verify === 'all') {
      const damage = verifySegment(fd, name, segment.end);
      if (damage !== undefined) return E.left(damage);
    }
    const tail = scanTail(index, segment, fd, size, segment.end);
    if (E.isLeft(tail)) return tail;
    if (tail.right.kind === 'torn' && mode === 'write') {
      fs.ftruncateSync(fd, tail.right.end);
      fs.fdatasyncSync(fd);
      recovery.truncatedTails.push({
        file: name,
        offset: tail.right.end,
        bytes: size - tail.right.end,
        problem: tail.right.problem,
      });
    }
    segment.end = tail.right.end;
    // A missing index of the segment being written is the normal state after a crash.
    if (unusable !== undefined && unusable !== 'missing')
      recovery.rebuiltIndexes.push({
        file: path.basename(indexPath(directory, first)),
        reason: unusable,
      });
    index.addSegment(segment);
    return E.right(segment);
  } finally {
    fs.closeSync(fd);
  }
};

/** Make a directory entry durable (a new segment must not vanish in a power cut). */
export const syncDirectory = (directory: string): void => {
  const fd = fs.openSync(directory, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
};

/** Create a segment whose first event will have global position `first`, durably. */
export const createSegmentSync = (directory: string, first: number): void => {
  const fd = fs.openSync(segmentPath(directory, first), 'wx');
  try {
    fs.writeSync(fd, encodeSegmentHeader(first), 0, SEGMENT_HEADER_BYTES, 0);
    fs.fdatasyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  syncDirectory(directory);
};

export interface OpenedLog {
  readonly index: LogIndex;
  readonly recovery: Recovery;
}

/**
 * Build the index of the log in `directory`: sealed segments through their index files,
 * the segment being written by reading it. A writer also repairs what a crash left: a
 * torn tail, a segment half created, a missing or stale index file.
 */
export const openLog = (
  directory: string,
  mode: LogMode,
  index: LogIndex,
  verify: Verify,
): E.Either<OpenError, OpenedLog> => {
  const recovery: Recovery = { truncatedTails: [], rebuiltIndexes: [] };
  try {
    const firsts = listSegments(directory);
    if (mode === 'write')
      for (const name of fs.readdirSync(directory))
        if (name.endsWith('.idx.tmp')) fs.rmSync(path.join(directory, name), { force: true });
    for (let i = 0; i < firsts.length - 1; i++) {
      const problem = loadSealed(directory, index, firsts[i]!, mode, recovery, verify);
      if (problem !== undefined) return E.left(problem);
    }
    const last = firsts[firsts.length - 1];
    if (last !== undefined) {
      const active = loadActive(directory, index, last, mode, recovery, verify);
      if (E.isLeft(active)) return active;
    } else if (mode === 'write') {
      createSegmentSync(directory, 1);
      const loaded = loadActive(directory, index, 1, mode, recovery, verify);
      if (E.isLeft(loaded)) return loaded;
    }
    return E.right({ index, recovery });
  } catch (error) {
    return E.left(failedTo(`open the event log in ${directory}`, error));
  }
};
