import * as E from 'fp-ts/Either';
import { ComplaintNote, NoteKind, readNote } from '../complaint/note';
import type { StoredEvent } from '../store/envelope';
import {
  addNoteFact,
  badRecordedAt,
  type Fact,
  FactKind,
  type FactSink,
  type FactText,
  isComplaintStream,
  type SlaEventError,
  slaEventError,
} from './facts';
import type { NoteFold } from '../projection/note-fold';
import { FactColumns } from './fact-columns';

/**
 * Everything the projections know about one complaint: its facts, in stream order, and the
 * few fields of its receipt and verification that scoring reads (kept here so that a replay
 * keeps one record per complaint, not one per projection).
 */
export class ComplaintRecord {
  complaintId: string | null = null;
  centre: string | null = null;
  /** The class in force after the latest event (null before classification). */
  complaintClass: string | null = null;
  /** Row of the receipt (-1: not received yet); facts before it are not the complaint's. */
  receivedRow = -1;
  /** From the receipt: channel (渠道), summary, the complaint it repeats (反复投诉). */
  channel: string | null = null;
  summary: string | null = null;
  repeatOf: string | null = null;
  /** 相关部门: from the verification, else the first rectification notice. */
  responsibleDepartment: string | null = null;
  /** First and last row of this stream's facts in the columns (-1: none). */
  first = -1;
  last = -1;
  count = 0;
  constructor(
    readonly streamId: string,
    /** @internal The projection's columns, which the scoring facts read rows from. */
    readonly columns: FactColumns,
  ) {}

  /** The complaint's facts, in stream order (built on demand). */
  get facts(): Fact[] {
    const out: Fact[] = new Array(this.count);
    let i = 0;
    for (let row = this.first; row >= 0; row = this.columns.next(row))
      out[i++] = this.columns.fact(row);
    return out;
  }
}

/**
 * The SLA projection's state: a fold over stored events. Applying an event only appends its
 * fact to its complaint (clocks are computed on demand, for a given `now` and policy), so a
 * replay of millions of events costs little more than reading them.
 *
 * The fold owns its state and updates it in place for speed; it is still a pure function of
 * the events applied: no clock, no I/O, and the same events always give the same state.
 */
export class SlaProjection implements FactSink, NoteFold<SlaEventError> {
  private readonly columns = new FactColumns();
  private readonly streams = new Map<string, ComplaintRecord>();
  /** Records in the order their complaints were received (a complaint id, once each). */
  private readonly received: ComplaintRecord[] = [];
  /**
   * Complaint id to record, brought up to date when asked for rather than on every receipt:
   * a replay then pays for no second map, only for a push.
   */
  private readonly byComplaint = new Map<string, ComplaintRecord>();
  private indexed = 0;
  private lastPosition = 0;
  private applied = 0;
  /** The event being applied (the sink writes its row). */
  private target: StoredEvent | null = null;
  private targetRecordedAt = 0;
  /** Its note (the sink keeps the receipt's fields on the record). */
  private applying: ComplaintNote | null = null;
  /** The stream written last: events of one append, and of one complaint, come together. */
  private lastRecord: ComplaintRecord | undefined;
  /** The event being read (one instance, reused). */
  private readonly note = new ComplaintNote();

  /** Global position of the last event applied (0: none). */
  get position(): number {
    return this.lastPosition;
  }

  /** Events applied, complaint streams or not. */
  get eventCount(): number {
    return this.applied;
  }

  /**
   * Apply one stored event. Events at or before the current position were applied already
   * and are ignored, so a runner may deliver an event twice. Returns an error, and leaves the
   * state as it was, when a complaint event cannot be read.
   */
  apply(stored: StoredEvent): SlaEventError | undefined {
    if (stored.globalPosition <= this.lastPosition) return undefined;
    if (isComplaintStream(stored.streamId)) {
      const error = readNote(stored, this.note);
      if (error !== undefined) return slaEventError(stored, error);
      return this.applyNote(stored, this.note);
    }
    this.lastPosition = stored.globalPosition;
    this.applied++;
    return undefined;
  }

  /**
   * Apply a complaint event already read into `note` (see NoteFold: the scoring projection
   * reads each event once for both folds, a parallel replay on another thread). Refuses
   * only an unreadable recorded time.
   */
  applyNote(stored: StoredEvent, note: ComplaintNote): SlaEventError | undefined {
    if (stored.globalPosition <= this.lastPosition) return undefined;
    const recordedAt = this.columns.recordedAtOf(stored);
    if (Number.isNaN(recordedAt)) return badRecordedAt(stored);
    this.target = stored;
    this.targetRecordedAt = recordedAt;
    this.applying = note;
    addNoteFact(note, this, stored.eventId);
    this.target = null;
    this.applying = null;
    // Every note adds a row, so the record written last is this event's.
    const record = this.lastRecord;
    if (record !== undefined && record.receivedRow >= 0) {
      if (note.kind === NoteKind.Verified) {
        if (note.a !== null) record.responsibleDepartment = this.columns.shared(note.a);
      } else if (note.kind === NoteKind.NoticeIssued)
        record.responsibleDepartment ??= this.columns.shared(note.b);
    }
    this.lastPosition = stored.globalPosition;
    this.applied++;
    return undefined;
  }

  /** @internal The record of the complaint event applied last. */
  get lastApplied(): ComplaintRecord | undefined {
    return this.lastRecord;
  }

  /** Apply events in order; stops at the first unreadable one. */
  applyAll(events: Iterable<StoredEvent>): SlaEventError | undefined {
    for (const e of events) {
      const error = this.apply(e);
      if (error !== undefined) return error;
    }
    return undefined;
  }

  /** @internal The fact sink: append a row for the event being applied and link it. */
  add(kind: FactKind, step: number, at: number, text: FactText | null): void {
    const stored = this.target;
    if (stored === null) return;
    const columns = this.columns;
    const row = columns.push(kind, step, at, stored, this.targetRecordedAt, text);
    let record = this.lastRecord;
    if (record === undefined || record.streamId !== stored.streamId) {
      record = this.streams.get(stored.streamId);
      if (record === undefined) {
        record = new ComplaintRecord(stored.streamId, columns);
        this.streams.set(stored.streamId, record);
      }
      this.lastRecord = record;
    }
    if (record.last >= 0) columns.link(record.last, row);
    else record.first = row;
    record.last = row;
    record.count++;
    if (text === null) return;
    if (kind === FactKind.Classified || kind === FactKind.Reclassified)
      record.complaintClass = columns.shared(text.text);
    else if (kind === FactKind.Received && record.complaintId === null && text.extra !== null) {
      record.complaintId = text.extra;
      record.centre = columns.shared(text.text);
      record.receivedRow = row;
      const note = this.applying;
      if (note !== null) {
        record.channel = columns.shared(note.c);
        record.summary = note.d;
        record.repeatOf = note.e;
      }
      this.received.push(record);
    }
  }

  private index(): Map<string, ComplaintRecord> {
    const received = this.received;
    for (; this.indexed < received.length; this.indexed++) {
      const record = received[this.indexed]!;
      this.byComplaint.set(record.complaintId as string, record);
    }
    return this.byComplaint;
  }

  /** Every complaint the projection has seen received. */
  *complaints(): IterableIterator<ComplaintRecord> {
    for (const record of this.index().values()) yield record;
  }

  get complaintCount(): number {
    return this.index().size;
  }

  complaint(complaintId: string): ComplaintRecord | undefined {
    return this.index().get(complaintId);
  }

  /** The record of a stream (for runners that know which streams an event batch touched). */
  stream(streamId: string): ComplaintRecord | undefined {
    return this.streams.get(streamId);
  }
}

/** Fold events into a new projection. */
export const foldSla = (events: Iterable<StoredEvent>): E.Either<SlaEventError, SlaProjection> => {
  const projection = new SlaProjection();
  const error = projection.applyAll(events);
  return error === undefined ? E.right(projection) : E.left(error);
};
