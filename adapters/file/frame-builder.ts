import type { JsonValue, StoredEvent } from '../../src/store/envelope';
import { FRAME_HEADER_BYTES, FRAME_TRAILER_BYTES } from './layout';

/** Appends' frames are carved out of buffers this large (a larger append gets its own). */
const SLAB_BYTES = 64 * 1024;

/** Strings are encoded this many UTF-16 units at a time, each making room for its worst case. */
const CHUNK = 4096;

const HEX = Uint8Array.from('0123456789abcdef', (c) => c.charCodeAt(0));

/** What follows the backslash for the characters JSON.stringify escapes by name; else 0. */
const SHORT_ESCAPE = new Uint8Array(0x80);
SHORT_ESCAPE[0x08] = 0x62; // \b
SHORT_ESCAPE[0x09] = 0x74; // \t
SHORT_ESCAPE[0x0a] = 0x6e; // \n
SHORT_ESCAPE[0x0c] = 0x66; // \f
SHORT_ESCAPE[0x0d] = 0x72; // \r
SHORT_ESCAPE[0x22] = 0x22; // \"
SHORT_ESCAPE[0x5c] = 0x5c; // \\

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
const EVENT_ID = ascii('{"eventId":');
const STREAM_ID = ascii(',"streamId":');
const STREAM_VERSION = ascii(',"streamVersion":');
const GLOBAL_POSITION = ascii(',"globalPosition":');
const TYPE = ascii(',"type":');
const SCHEMA_VERSION = ascii(',"schemaVersion":');
const RECORDED_AT = ascii(',"recordedAt":');
const METADATA = ascii(',"metadata":');
const DATA = ascii(',"data":');
const NULL = ascii('null');
const TRUE = ascii('true');
const FALSE = ascii('false');

/**
 * Builds the frames of one append at a time, encoding each envelope as JSON straight into
 * UTF-8 bytes: the same bytes as `Buffer.from(encodeRecord(event))` (a property test holds
 * it to that), without JSON.stringify's string, the copy that flattens it for the encoder
 * and a pass to count its bytes. Appends take consecutive pieces of one large buffer.
 *
 * Only for JSON as `checkAppend` copies it: plain objects and arrays, finite numbers.
 */
export class FrameBuilder {
  private buf: Buffer = Buffer.allocUnsafe(SLAB_BYTES);
  /** Where the append being built starts in `buf`. */
  private start = 0;
  private pos = 0;

  /** Start the frames of an append. */
  begin(): void {
    // A buffer grown for a large append is let go with it rather than kept for small ones.
    if (this.buf.length > SLAB_BYTES) {
      this.buf = Buffer.allocUnsafe(SLAB_BYTES);
      this.pos = 0;
    }
    this.start = this.pos;
  }

  /**
   * Add the frame of `event`, with `eventsLeft` events of the append after it: its header
   * (durable-before left for the writer) and payload, and room for its trailer. Returns
   * the payload's length in bytes.
   */
  frame(event: StoredEvent, eventsLeft: number): number {
    this.room(FRAME_HEADER_BYTES);
    // Kept from the append's start: growing the buffer moves the append.
    const header = this.pos - this.start;
    this.pos += FRAME_HEADER_BYTES;
    this.bytes(EVENT_ID);
    this.string(event.eventId);
    this.bytes(STREAM_ID);
    this.string(event.streamId);
    this.bytes(STREAM_VERSION);
    this.number(event.streamVersion);
    this.bytes(GLOBAL_POSITION);
    this.number(event.globalPosition);
    this.bytes(TYPE);
    this.string(event.type);
    this.bytes(SCHEMA_VERSION);
    this.number(event.schemaVersion);
    this.bytes(RECORDED_AT);
    this.string(event.recordedAt);
    this.bytes(METADATA);
    this.value(event.metadata);
    this.bytes(DATA);
    this.value(event.data);
    this.room(1 + FRAME_TRAILER_BYTES);
    this.buf[this.pos++] = 0x7d; // }
    const at = this.start + header;
    const length = this.pos - at - FRAME_HEADER_BYTES;
    this.buf.writeUInt32LE(length, at);
    this.buf.writeUInt32LE(0, at + 4);
    this.buf.writeUInt32LE(eventsLeft, at + 8);
    this.pos += FRAME_TRAILER_BYTES;
    return length;
  }

  /**
   * Say that no frame built so far is needed any more (every one was written): the next
   * append starts again at the beginning of the buffer, whose bytes are still in cache.
   */
  rewind(): void {
    this.pos = 0;
    this.start = 0;
  }

  /** The frames added since `begin`, one after another; the next append starts after them. */
  finish(): Buffer {
    return this.buf.subarray(this.start, this.pos);
  }

  /** Drop the frames added since `begin`. */
  abandon(): void {
    this.pos = this.start;
  }

  /** Make sure `bytes` more fit, moving the append to a larger buffer if they do not. */
  private room(bytes: number): void {
    if (this.pos + bytes <= this.buf.length) return;
    const used = this.pos - this.start;
    const next = Buffer.allocUnsafe(Math.max(SLAB_BYTES, 2 * used + bytes));
    this.buf.copy(next, 0, this.start, this.pos);
    this.buf = next;
    this.start = 0;
    this.pos = used;
  }

  private bytes(constant: Uint8Array): void {
    this.room(constant.length);
    const buf = this.buf;
    let pos = this.pos;
    for (let i = 0; i < constant.length; i++) buf[pos++] = constant[i]!;
    this.pos = pos;
  }

  private number(n: number): void {
    // JSON.stringify writes a finite number as String does (-0 as 0).
    const s = String(n);
    this.room(s.length);
    const buf = this.buf;
    let pos = this.pos;
    for (let i = 0; i < s.length; i++) buf[pos++] = s.charCodeAt(i);
    this.pos = pos;
  }

  /** As JSON.stringify quotes a string (lone surrogates escaped), then in UTF-8. */
  private string(s: string): void {
    this.room(1);
    this.buf[this.pos++] = 0x22;
    let i = 0;
    while (i < s.length) i = this.chunk(s, i, Math.min(s.length, i + CHUNK));
    this.room(1);
    this.buf[this.pos++] = 0x22;
  }

  /** Units `from` to `to` of `s` (one more when a surrogate pair straddles `to`); returns the next. */
  private chunk(s: string, from: number, to: number): number {
    // At most 6 bytes per UTF-16 unit (an escape).
    this.room(6 * (to - from));
    const buf = this.buf;
    let pos = this.pos;
    let i = from;
    for (; i < to; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x80) {
        if (c >= 0x20 && c !== 0x22 && c !== 0x5c) buf[pos++] = c;
        else {
          buf[pos++] = 0x5c;
          const short = SHORT_ESCAPE[c]!;
          if (short !== 0) buf[pos++] = short;
          else {
            buf[pos++] = 0x75; // u00XX
            buf[pos++] = 0x30;
            buf[pos++] = 0x30;
            buf[pos++] = HEX[c >> 4]!;
            buf[pos++] = HEX[c & 15]!;
          }
        }
      } else if (c < 0x800) {
        buf[pos++] = 0xc0 | (c >> 6);
        buf[pos++] = 0x80 | (c & 63);
      } else if (c < 0xd800 || c > 0xdfff) {
        buf[pos++] = 0xe0 | (c >> 12);
        buf[pos++] = 0x80 | ((c >> 6) & 63);
        buf[pos++] = 0x80 | (c & 63);
      } else {
        const d = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
        if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
          const point = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          buf[pos++] = 0xf0 | (point >> 18);
          buf[pos++] = 0x80 | ((point >> 12) & 63);
          buf[pos++] = 0x80 | ((point >> 6) & 63);
          buf[pos++] = 0x80 | (point & 63);
          i++;
        } else {
          // A lone surrogate: JSON.stringify writes it as an escape, in lower case.
          buf[pos++] = 0x5c;
          buf[pos++] = 0x75;
          buf[pos++] = HEX[c >> 12]!;
          buf[pos++] = HEX[(c >> 8) & 15]!;
          buf[pos++] = HEX[(c >> 4) & 15]!;
          buf[pos++] = HEX[c & 15]!;
        }
      }
    }
    this.pos = pos;
    return i;
  }

  private value(v: JsonValue): void {
    switch (typeof v) {
      case 'string':
        this.string(v);
        return;
      case 'number':
        this.number(v);
        return;
      case 'boolean':
        this.bytes(v ? TRUE : FALSE);
        return;
      default:
        if (v === null) this.bytes(NULL);
        else if (Array.isArray(v)) this.array(v as readonly JsonValue[]);
        else this.object(v as { readonly [key: string]: JsonValue });
    }
  }

  private array(v: readonly JsonValue[]): void {
    this.room(1);
    this.buf[this.pos++] = 0x5b; // [
    for (let i = 0; i < v.length; i++) {
      if (i > 0) {
        this.room(1);
        this.buf[this.pos++] = 0x2c; // ,
      }
      this.value(v[i]!);
    }
    this.room(1);
    this.buf[this.pos++] = 0x5d; // ]
  }

  private object(v: { readonly [key: string]: JsonValue }): void {
    this.room(1);
    this.buf[this.pos++] = 0x7b; // {
    let first = true;
    // The copies checkAppend makes have only own keys, in the order JSON.stringify takes.
    for (const key in v) {
      if (!first) {
        this.room(1);
        this.buf[this.pos++] = 0x2c; // ,
      }
      first = false;
      this.string(key);
      this.room(1);
      this.buf[this.pos++] = 0x3a; // :
      this.value(v[key]!);
    }
    this.room(1);
    this.buf[this.pos++] = 0x7d; // }
  }
}
