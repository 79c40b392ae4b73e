import { ComplaintNote, NOTE_FIELDS, NoteField, NoteKind } from '../../../src/complaint/note';
import type { StoredEvent } from '../../../src/store/envelope';

/**
 * The feed a replay's reading thread sends the folding thread: complaint events already
 * read into notes, packed as numbers and strings, so that the folding thread neither parses
 * JSON nor builds an object per event. Any other event (another stream, or one the note
 * reader refuses) is sent whole, for the fold to apply (or refuse) as it always does.
 */
export interface FeedBatch {
  readonly count: number;
  /** Per event its kind, then the note's numbers and string codes (see FeedWriter.note). */
  readonly numbers: Float64Array;
  /** Strings sent in place, in the order the codes ask for them. */
  readonly strings: readonly string[];
  /** Words new to the dictionary, continuing its codes. */
  readonly words: readonly string[];
  /** The events sent whole, in order. */
  readonly others: readonly StoredEvent[];
}

/** Codes of a string in `numbers`: a code ≥ 0 is a dictionary word. */
const NULL = -1;
/** The next of the batch's `strings`. */
const INLINE = -2;
/** The same as this slot held for the event before (stream id, recorded time). */
const SAME = -3;
/** An event sent whole. */
const OTHER = -1;

const { A, B, C, D, E, Deadline, List } = NoteField;

/**
 * The fields that are values of small vocabularies (centre, channel, class, notice id,
 * department, result, verdict), sent once as a dictionary word; the rest (complaint ids,
 * summaries, reasons) are sent in place.
 */
const WORDS: Readonly<Record<NoteKind, number>> = {
  ...(Object.fromEntries(Object.values(NoteKind).map((k) => [k, 0])) as Record<NoteKind, number>),
  [NoteKind.Received]: B | C,
  [NoteKind.Classified]: A,
  [NoteKind.Reclassified]: A | B,
  [NoteKind.Verified]: A,
  [NoteKind.NoticeIssued]: A | B,
  [NoteKind.Inspected]: A | B,
  [NoteKind.Revisited]: A,
};

/** Words a dictionary takes before it sends every further value in place. */
const DICTIONARY_LIMIT = 65_536;

/** Numbers an event takes at most, besides its list. */
const MAX_NUMBERS = 16;

/** Packs events into batches (the reading thread's side). */
export class FeedWriter {
  private numbers: Float64Array;
  private n = 0;
  private count = 0;
  private strings: string[] = [];
  private words: string[] = [];
  private others: StoredEvent[] = [];
  private readonly dictionary = new Map<string, number>();
  private lastStreamId: string | null = null;
  private lastRecordedAt: string | null = null;

  constructor(
    private readonly capacity = 1024 * MAX_NUMBERS,
    private readonly dictionaryLimit = DICTIONARY_LIMIT,
  ) {
    this.numbers = new Float64Array(capacity);
  }

  /** Add a complaint event read into `note`. */
  note(stored: StoredEvent, note: ComplaintNote): void {
    const kind = note.kind;
    const fields = NOTE_FIELDS[kind];
    const words = WORDS[kind];
    const list = fields & List ? note.list : null;
    this.reserve(MAX_NUMBERS + (list === null ? 0 : list.length));
    const x = this.numbers;
    let n = this.n;
    x[n++] = kind;
    x[n++] = note.step;
    x[n++] = note.at;
    x[n++] = stored.globalPosition;
    x[n++] = stored.streamVersion;
    x[n++] = stored.schemaVersion;
    x[n++] = this.word(stored.type);
    this.strings.push(stored.eventId);
    if (stored.streamId === this.lastStreamId) x[n++] = SAME;
    else {
      this.lastStreamId = stored.streamId;
      x[n++] = this.inline(stored.streamId);
    }
    if (stored.recordedAt === this.lastRecordedAt) x[n++] = SAME;
    else {
      this.lastRecordedAt = stored.recordedAt;
      x[n++] = this.inline(stored.recordedAt);
    }
    if (fields & A) x[n++] = words & A ? this.word(note.a) : this.inline(note.a);
    if (fields & B) x[n++] = words & B ? this.word(note.b) : this.inline(note.b);
    if (fields & C) x[n++] = words & C ? this.word(note.c) : this.inline(note.c);
    if (fields & D) x[n++] = this.inline(note.d);
    if (fields & E) x[n++] = this.inline(note.e);
    if (fields & Deadline) x[n++] = note.deadline;
    if (fields & List) {
      if (list === null) x[n++] = NULL;
      else {
        x[n++] = list.length;
        for (const item of list) x[n++] = this.word(item);
      }
    }
    this.n = n;
    this.count++;
  }

  /** Add an event to be sent whole. */
  other(stored: StoredEvent): void {
    this.reserve(1);
    this.numbers[this.n++] = OTHER;
    this.others.push(stored);
    this.count++;
  }

  get size(): number {
    return this.count;
  }

  /** The batch so far (its numbers can be transferred); the writer starts a new one. */
  finish(): FeedBatch {
    const batch: FeedBatch = {
      count: this.count,
      numbers: this.numbers.slice(0, this.n),
      strings: this.strings,
      words: this.words,
      others: this.others,
    };
    this.n = 0;
    this.count = 0;
    this.strings = [];
    this.words = [];
    this.others = [];
    return batch;
  }

  private reserve(more: number): void {
    if (this.n + more <= this.numbers.length) return;
    const grown = new Float64Array(Math.max(this.numbers.length * 2, this.n + more, this.capacity));
    grown.set(this.numbers.subarray(0, this.n));
    this.numbers = grown;
  }

  private inline(value: string | null): number {
    if (value === null) return NULL;
    this.strings.push(value);
    return INLINE;
  }

  private word(value: string | null): number {
    if (value === null) return NULL;
    const known = this.dictionary.get(value);
    if (known !== undefined) return known;
    if (this.dictionary.size >= this.dictionaryLimit) return this.inline(value);
    const code = this.dictionary.size;
    this.dictionary.set(value, code);
    this.words.push(value);
    return code;
  }
}

/** A stored event's envelope, refilled for each event the feed brings. */
type Envelope = { -readonly [K in keyof StoredEvent]: StoredEvent[K] };

const NO_FIELDS = Object.freeze({});

/**
 * Unpacks batches (the folding thread's side): each event read either fills `envelope` and
 * `note` (both reused) or is returned whole. The envelope's `data` and `metadata` are
 * empty: what a fold reads of them is in the note.
 */
export class FeedReader {
  readonly envelope: StoredEvent;
  readonly note = new ComplaintNote();
  private readonly words: string[] = [];
  private numbers: Float64Array = new Float64Array(0);
  private strings: readonly string[] = [];
  private others: readonly StoredEvent[] = [];
  private n = 0;
  private s = 0;
  private o = 0;

  constructor() {
    const envelope: Envelope = {
      eventId: '',
      streamId: '',
      streamVersion: 1,
      globalPosition: 1,
      type: '',
      schemaVersion: 1,
      recordedAt: '',
      metadata: NO_FIELDS,
      data: NO_FIELDS,
    };
    this.envelope = envelope;
  }

  /** Start reading `batch` (its words join the dictionary). */
  load(batch: FeedBatch): void {
    for (const word of batch.words) this.words.push(word);
    this.numbers = batch.numbers;
    this.strings = batch.strings;
    this.others = batch.others;
    this.n = 0;
    this.s = 0;
    this.o = 0;
  }

  /** The next event: undefined when it was read into `envelope` and `note`, else the event. */
  next(): StoredEvent | undefined {
    const x = this.numbers;
    let n = this.n;
    const head = x[n++]!;
    if (head === OTHER) {
      this.n = n;
      return this.others[this.o++];
    }
    const kind = head as NoteKind;
    const note = this.note;
    const envelope = this.envelope as Envelope;
    const fields = NOTE_FIELDS[kind];
    note.kind = kind;
    note.step = x[n++]!;
    note.at = x[n++]!;
    envelope.globalPosition = x[n++]!;
    envelope.streamVersion = x[n++]!;
    envelope.schemaVersion = x[n++]!;
    envelope.type = this.text(x[n++]!) as string;
    envelope.eventId = this.strings[this.s++]!;
    let code = x[n++]!;
    if (code !== SAME) envelope.streamId = this.text(code) as string;
    code = x[n++]!;
    if (code !== SAME) envelope.recordedAt = this.text(code) as string;
    note.a = fields & A ? this.text(x[n++]!) : null;
    note.b = fields & B ? this.text(x[n++]!) : null;
    note.c = fields & C ? this.text(x[n++]!) : null;
    note.d = fields & D ? this.text(x[n++]!) : null;
    note.e = fields & E ? this.text(x[n++]!) : null;
    note.deadline = fields & Deadline ? x[n++]! : Number.NaN;
    if (fields & List) {
      const length = x[n++]!;
      if (length === NULL) note.list = null;
      else {
        const list: string[] = new Array(length);
        for (let k = 0; k < length; k++) list[k] = this.text(x[n++]!) as string;
        note.list = list;
      }
    } else note.list = null;
    this.n = n;
    return undefined;
  }

  private text(code: number): string | null {
    if (code >= 0) return this.words[code]!;
    if (code === INLINE) return this.strings[this.s++]!;
    return null;
  }
}
