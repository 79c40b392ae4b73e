import { fingerprint, IdTable } from './id-table';

/** What the index keeps of one event; enough to find it and to check appends against it. */
export interface IndexEntry {
  readonly offset: number;
  readonly streamId: string;
  readonly streamVersion: number;
  readonly globalPosition: number;
  /** The event id's fingerprint (see IdTable). */
  readonly idFingerprint: number;
}

/**
 * The entries of a segment in the form an index file stores them, kept for the segment
 * being written so that its index file can be written when it is sealed or the store
 * closes, without reading the segment again.
 */
export class SegmentEntries {
  readonly streamNames: string[] = [];
  private readonly ordinals = new Map<string, number>();
  streamOrdinals: number[] = [];
  versions: number[] = [];
  fingerprints: number[] = [];

  /** The stream pushed last and its ordinal: appends often follow one stream. */
  private lastStreamId: string | undefined;
  private lastOrdinal = 0;

  push(streamId: string, streamVersion: number, idFingerprint: number): void {
    let ordinal: number | undefined;
    if (streamId === this.lastStreamId) ordinal = this.lastOrdinal;
    else {
      ordinal = this.ordinals.get(streamId);
      if (ordinal === undefined) {
        ordinal = this.streamNames.length;
        this.streamNames.push(streamId);
        this.ordinals.set(streamId, ordinal);
      }
      this.lastStreamId = streamId;
      this.lastOrdinal = ordinal;
    }
    this.streamOrdinals.push(ordinal);
    this.versions.push(streamVersion);
    this.fingerprints.push(idFingerprint);
  }
}

/** One segment file as the index knows it. */
export class Segment {
  private offsetTable: Uint32Array;
  private length = 0;
  /** Bytes of the file that hold whole appends: readers never look past it. */
  end: number;
  /** Kept only for the segment being written (see SegmentEntries). */
  entries: SegmentEntries | undefined;

  constructor(
    readonly firstPosition: number,
    readonly name: string,
    readonly path: string,
    end: number,
    capacity = 1024,
  ) {
    this.offsetTable = new Uint32Array(Math.max(16, capacity));
    this.end = end;
  }

  get count(): number {
    return this.length;
  }

  /** 0 when the segment holds no event yet. */
  get lastPosition(): number {
    return this.firstPosition + this.length - 1;
  }

  pushOffset(offset: number): void {
    if (this.length === this.offsetTable.length) {
      const grown = new Uint32Array(this.offsetTable.length * 2);
      grown.set(this.offsetTable);
      this.offsetTable = grown;
    }
    this.offsetTable[this.length++] = offset;
  }

  /** Drop the room kept for growth: a sealed segment grows no more. */
  trim(): void {
    if (this.offsetTable.length > this.length)
      this.offsetTable = this.offsetTable.slice(0, this.length);
  }

  /** The offsets of the frames so far, for the index file. */
  offsets(): Uint32Array {
    return this.offsetTable.subarray(0, this.length);
  }

  /** Byte offset of the frame of `position`, which must lie in this segment. */
  offsetOf(position: number): number {
    return this.offsetTable[position - this.firstPosition]!;
  }

  holds(position: number): boolean {
    return position >= this.firstPosition && position < this.firstPosition + this.length;
  }
}

/**
 * Everything needed to read without scanning: per segment the offset of every frame, per
 * stream the positions of its events, and the fingerprints of event ids. About 75 bytes
 * per event (a million events: about 72 MB, measured); the events themselves stay on disk.
 */
export class LogIndex {
  readonly segments: Segment[] = [];
  readonly streams = new Map<string, number[]>();
  readonly ids = new IdTable();
  private last = 0;

  get lastPosition(): number {
    return this.last;
  }

  get activeSegment(): Segment | undefined {
    return this.segments[this.segments.length - 1];
  }

  addSegment(segment: Segment): void {
    this.segments.push(segment);
  }

  /**
   * The stream looked up last and its positions (the array in `streams`, which only grows):
   * an append looks its stream up twice, to check the expected version and to index it.
   */
  private lastStreamId: string | undefined;
  private lastPositions: number[] | undefined;

  private positionsOf(streamId: string): number[] | undefined {
    if (streamId === this.lastStreamId) return this.lastPositions;
    const positions = this.streams.get(streamId);
    if (positions !== undefined) {
      this.lastStreamId = streamId;
      this.lastPositions = positions;
    }
    return positions;
  }

  streamVersion(streamId: string): number {
    return this.positionsOf(streamId)?.length ?? 0;
  }

  /**
   * Index one event of `segment`, the next of the log. Returns what is wrong when it does
   * not follow from what is indexed (a position or stream version out of sequence).
   */
  add(segment: Segment, entry: IndexEntry): string | undefined {
    return this.addEvent(
      segment,
      entry.offset,
      entry.streamId,
      entry.streamVersion,
      entry.globalPosition,
      entry.idFingerprint,
    );
  }

  /** `add` with the entry's fields as arguments (the writer's path: no entry object made). */
  addEvent(
    segment: Segment,
    offset: number,
    streamId: string,
    streamVersion: number,
    globalPosition: number,
    idFingerprint: number,
  ): string | undefined {
    if (globalPosition !== this.last + 1)
      return `global position ${globalPosition} where ${this.last + 1} was due`;
    if (globalPosition !== segment.firstPosition + segment.count)
      return `global position ${globalPosition} does not follow segment ${segment.name}`;
    let positions = this.positionsOf(streamId);
    const version = positions === undefined ? 0 : positions.length;
    if (streamVersion !== version + 1)
      return `stream ${streamId} version ${streamVersion} where ${version + 1} was due`;
    if (positions === undefined) {
      positions = [];
      this.streams.set(streamId, positions);
      this.lastStreamId = streamId;
      this.lastPositions = positions;
    }
    positions.push(globalPosition);
    this.ids.addFingerprint(idFingerprint, globalPosition);
    segment.pushOffset(offset);
    segment.entries?.push(streamId, streamVersion, idFingerprint);
    this.last = globalPosition;
    return undefined;
  }

  /** The segment holding `position`, by binary search over first positions. */
  segmentOf(position: number): Segment | undefined {
    const segments = this.segments;
    let lo = 0;
    let hi = segments.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const segment = segments[mid]!;
      if (position < segment.firstPosition) hi = mid - 1;
      else if (segment.holds(position)) return segment;
      else lo = mid + 1;
    }
    return undefined;
  }
}

export { fingerprint };
