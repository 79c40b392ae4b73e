import { CHUNK_BITS, CHUNK_MASK, CHUNK_SIZE } from './chunks';

const HEX = '0123456789abcdef';
/** Value of each ASCII lowercase hex digit, 255 for any other character. */
const NIBBLE = new Uint8Array(128).fill(255);
for (let i = 0; i < 16; i++) NIBBLE[HEX.charCodeAt(i)] = i;
/** Where the 32 hex digits of a UUID's 36 characters are. */
const DIGIT_AT = [...Array(36).keys()].filter((i) => i !== 8 && i !== 13 && i !== 18 && i !== 23);

const NONE = 0;
const PACKED = 1;
const KEPT = 2;

/** Ids of CHUNK_SIZE slots: how each is kept, and four words each for the packed ones. */
class IdChunk {
  readonly kind = new Uint8Array(CHUNK_SIZE);
  readonly words = new Uint32Array(CHUNK_SIZE * 4);
}

/**
 * Event ids, one per slot, kept as 16 bytes rather than as strings: a replay keeps the ids
 * of every event scoring cites (hundreds of thousands), and as strings each would be a heap
 * object for the collector to copy and mark. An id in the canonical form (a lowercase UUID,
 * what the library makes) is packed into four 32-bit words and spelled out again when asked
 * for; any other id is kept as given, so what comes out is always exactly what went in.
 */
export class EventIdColumn {
  private readonly chunks: IdChunk[] = [];
  private readonly kept = new Map<number, string>();
  private length = 0;

  /** Append `id` (null: none); returns its slot. */
  push(id: string | null): number {
    const slot = this.length++;
    const offset = slot & CHUNK_MASK;
    if (offset === 0) this.chunks.push(new IdChunk());
    const chunk = this.chunks[this.chunks.length - 1]!;
    if (id === null) chunk.kind[offset] = NONE;
    else if (pack(id, chunk.words, offset * 4)) chunk.kind[offset] = PACKED;
    else {
      chunk.kind[offset] = KEPT;
      this.kept.set(slot, id);
    }
    return slot;
  }

  get(slot: number): string | null {
    const chunk = this.chunks[slot >>> CHUNK_BITS];
    if (chunk === undefined || slot >= this.length) return null;
    const offset = slot & CHUNK_MASK;
    switch (chunk.kind[offset]) {
      case PACKED:
        return spell(chunk.words, offset * 4);
      case KEPT:
        return this.kept.get(slot) ?? null;
      default:
        return null;
    }
  }
}

/** Four words of eight hex digits each; false when `id` is not a lowercase UUID. */
const pack = (id: string, words: Uint32Array, at: number): boolean => {
  if (id.length !== 36 || id[8] !== '-' || id[13] !== '-' || id[18] !== '-' || id[23] !== '-')
    return false;
  let d = 0;
  for (let w = 0; w < 4; w++) {
    let word = 0;
    for (let k = 0; k < 8; k++) {
      const c = id.charCodeAt(DIGIT_AT[d++]!);
      const v = c < 128 ? NIBBLE[c]! : 255;
      if (v === 255) return false;
      word = (word << 4) | v;
    }
    words[at + w] = word >>> 0;
  }
  return true;
};

const spell = (words: Uint32Array, at: number): string => {
  let hex = '';
  for (let w = 0; w < 4; w++) hex += words[at + w]!.toString(16).padStart(8, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};
