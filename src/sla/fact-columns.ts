import { NO_STEP } from '../complaint/note';
import { STEP_KINDS } from '../policy/steps';
import { parseInstant } from '../shared/parse-instant';
import type { StoredEvent } from '../store/envelope';
import { CHUNK_BITS, CHUNK_MASK, CHUNK_SIZE } from './chunks';
import { EventIdColumn } from './event-id-column';
import { Fact, FactKind, type FactText } from './facts';
import { StringTable } from './string-table';

/** The rows of CHUNK_SIZE facts, every column a view of one buffer. */
class RowChunk {
  readonly at: Float64Array;
  readonly recordedAt: Float64Array;
  readonly position: Float64Array;
  readonly streamVersion: Uint32Array;
  /** Next row of the same stream, or -1. */
  readonly next: Int32Array;
  /** Slot of the row's text parts, or -1. */
  readonly textRef: Int32Array;
  readonly kind: Uint8Array;
  readonly step: Uint8Array;

  constructor() {
    const n = CHUNK_SIZE;
    const buffer = new ArrayBuffer(n * 38);
    this.at = new Float64Array(buffer, 0, n);
    this.recordedAt = new Float64Array(buffer, 8 * n, n);
    this.position = new Float64Array(buffer, 16 * n, n);
    this.streamVersion = new Uint32Array(buffer, 24 * n, n);
    this.next = new Int32Array(buffer, 28 * n, n);
    this.textRef = new Int32Array(buffer, 32 * n, n);
    this.kind = new Uint8Array(buffer, 36 * n, n);
    this.step = new Uint8Array(buffer, 37 * n, n);
  }
}

/** The text parts of CHUNK_SIZE facts: codes in the string table, -1 for null. */
class TextChunk {
  readonly text: Int32Array;
  readonly extra: Int32Array;
  /** Index in the lists, or -1. */
  readonly list: Int32Array;
  readonly deadline: Float64Array;

  constructor() {
    const n = CHUNK_SIZE;
    const buffer = new ArrayBuffer(n * 20);
    this.deadline = new Float64Array(buffer, 0, n);
    this.text = new Int32Array(buffer, 8 * n, n);
    this.extra = new Int32Array(buffer, 12 * n, n);
    this.list = new Int32Array(buffer, 16 * n, n);
  }
}

/**
 * Facts of every complaint, one row each; rows of a stream are chained by `next`. Numbers
 * are kept in typed arrays and strings by their code in a string table, so that a replay of
 * millions of events keeps almost nothing the garbage collector has to copy or mark.
 */
export class FactColumns {
  length = 0;
  private readonly rows: RowChunk[] = [];
  private readonly texts: TextChunk[] = [];
  private textCount = 0;
  private readonly strings = new StringTable();
  private readonly lists: (readonly string[])[] = [];
  private readonly eventIds = new EventIdColumn();

  /** The recorded time parsed last: the events of one append share it. */
  private lastRecordedAt = '';
  private lastRecordedAtMs = Number.NaN;

  /** The recorded time of an event, epoch ms (NaN: not an instant). */
  recordedAtOf(stored: StoredEvent): number {
    if (stored.recordedAt !== this.lastRecordedAt) {
      this.lastRecordedAt = stored.recordedAt;
      this.lastRecordedAtMs = parseInstant(stored.recordedAt);
    }
    return this.lastRecordedAtMs;
  }

  /**
   * Append a row (`recordedAt`: the event's, from `recordedAtOf`); the caller links it.
   * `text` is copied in, not kept.
   */
  push(
    kind: FactKind,
    step: number,
    at: number,
    stored: StoredEvent,
    recordedAt: number,
    text: FactText | null,
  ): number {
    const row = this.length++;
    const i = row & CHUNK_MASK;
    if (i === 0) this.rows.push(new RowChunk());
    const chunk = this.rows[row >>> CHUNK_BITS]!;
    chunk.kind[i] = kind;
    chunk.step[i] = step;
    chunk.at[i] = at;
    chunk.recordedAt[i] = recordedAt;
    chunk.position[i] = stored.globalPosition;
    chunk.streamVersion[i] = stored.streamVersion;
    chunk.next[i] = -1;
    chunk.textRef[i] = text === null ? -1 : this.pushText(kind, text);
    return row;
  }

  private pushText(kind: FactKind, t: FactText): number {
    const slot = this.textCount++;
    const i = slot & CHUNK_MASK;
    if (i === 0) this.texts.push(new TextChunk());
    const chunk = this.texts[slot >>> CHUNK_BITS]!;
    const strings = this.strings;
    // A refusal's reason and a receipt's complaint id are the fields unlikely to repeat.
    chunk.text[i] = kind === FactKind.Refused ? strings.keep(t.text) : strings.share(t.text);
    chunk.extra[i] = kind === FactKind.Received ? strings.keep(t.extra) : strings.share(t.extra);
    chunk.deadline[i] = t.deadline;
    chunk.list[i] = t.list === null ? -1 : this.lists.push(t.list) - 1;
    this.eventIds.push(t.eventId);
    return slot;
  }

  private chunkOf(row: number): RowChunk {
    return this.rows[row >>> CHUNK_BITS] as RowChunk;
  }

  /**
   * The table's copy of a value of a small vocabulary (a centre, a class, a department), for
   * a record to keep in place of the event's own copy, which can then die young.
   */
  shared(value: string | null): string | null {
    return this.strings.value(this.strings.share(value));
  }

  /** Chain `row` after `previous` (both of one stream). */
  link(previous: number, row: number): void {
    this.chunkOf(previous).next[previous & CHUNK_MASK] = row;
  }

  next(row: number): number {
    return this.chunkOf(row).next[row & CHUNK_MASK]!;
  }
  kind(row: number): FactKind {
    return this.chunkOf(row).kind[row & CHUNK_MASK] as FactKind;
  }
  /** Index in STEP_KINDS, or NO_STEP. */
  step(row: number): number {
    return this.chunkOf(row).step[row & CHUNK_MASK]!;
  }
  at(row: number): number {
    return this.chunkOf(row).at[row & CHUNK_MASK]!;
  }
  position(row: number): number {
    return this.chunkOf(row).position[row & CHUNK_MASK]!;
  }
  streamVersion(row: number): number {
    return this.chunkOf(row).streamVersion[row & CHUNK_MASK]!;
  }

  /** The text parts of a row (undefined: it has none). */
  textOf(row: number): FactText | undefined {
    const slot = this.chunkOf(row).textRef[row & CHUNK_MASK]!;
    if (slot < 0) return undefined;
    const chunk = this.texts[slot >>> CHUNK_BITS]!;
    const i = slot & CHUNK_MASK;
    const list = chunk.list[i]!;
    return {
      text: this.strings.value(chunk.text[i]!),
      extra: this.strings.value(chunk.extra[i]!),
      deadline: chunk.deadline[i]!,
      list: list < 0 ? null : this.lists[list]!,
      eventId: this.eventIds.get(slot),
    };
  }

  /** A view of one row. */
  fact(row: number): Fact {
    const chunk = this.rows[row >>> CHUNK_BITS]!;
    const i = row & CHUNK_MASK;
    const t = this.textOf(row);
    const step = chunk.step[i]!;
    return new Fact(
      chunk.kind[i] as FactKind,
      chunk.at[i]!,
      chunk.position[i]!,
      chunk.streamVersion[i]!,
      chunk.recordedAt[i]!,
      step === NO_STEP ? null : (STEP_KINDS[step] ?? null),
      t?.text ?? null,
      t?.extra ?? null,
      t?.deadline ?? Number.NaN,
      t?.list ?? null,
    );
  }
}
