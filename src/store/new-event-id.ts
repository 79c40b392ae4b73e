import { randomFillSync } from 'node:crypto';

/*
 * UUID version 7 (RFC 9562): 48 bits of Unix time in milliseconds, then a 12-bit counter
 * (the RFC's "fixed bit-length dedicated counter", rand_a), then 62 random bits. Ids made
 * by one process sort in the order they were made, also within one millisecond and when
 * the system clock steps back. Written here rather than taken from `uuid` because stores
 * make one per event: random bytes come from a large pool, and the time part is formatted
 * once per millisecond.
 */

/** Char codes of the hex digits: the random part is built by one String.fromCharCode call. */
const HEX = Array.from({ length: 16 }, (_, i) => i.toString(16).charCodeAt(0));
const DASH = 45;

const POOL = new Uint8Array(4096);
let next = POOL.length;
const randomBytes = (count: number): number => {
  if (next + count > POOL.length) {
    randomFillSync(POOL);
    next = 0;
  }
  const at = next;
  next += count;
  return at;
};

let lastMs = -1;
let counter = 0;
let prefixMs = -1;
let prefix = '';

/** A fresh counter starts low, leaving room to count up within the millisecond. */
const freshCounter = (): number => POOL[randomBytes(1)]! << 2;

/** Time-ordered UUID v7 for events whose caller gave no id. I/O lives here, not in the core. */
export const newEventId = (): string => {
  const now = Date.now();
  if (now > lastMs) {
    lastMs = now;
    counter = freshCounter();
  } else if (++counter > 0xfff) {
    // 4096 ids in one millisecond: borrow the next millisecond, as the RFC allows.
    lastMs++;
    counter = freshCounter();
  }
  if (lastMs !== prefixMs) {
    const hex = lastMs.toString(16).padStart(12, '0');
    prefix = `${hex.slice(0, 8)}-${hex.slice(8)}-7`;
    prefixMs = lastMs;
  }
  const r = randomBytes(8);
  const b0 = 0x80 | (POOL[r]! & 0x3f);
  const b1 = POOL[r + 1]!;
  const b2 = POOL[r + 2]!;
  const b3 = POOL[r + 3]!;
  const b4 = POOL[r + 4]!;
  const b5 = POOL[r + 5]!;
  const b6 = POOL[r + 6]!;
  const b7 = POOL[r + 7]!;
  // One flat string per id, rather than a rope of twenty pieces that lives as long as the id.
  return (
    prefix +
    String.fromCharCode(
      HEX[counter >> 8]!,
      HEX[(counter >> 4) & 15]!,
      HEX[counter & 15]!,
      DASH,
      HEX[b0 >> 4]!,
      HEX[b0 & 15]!,
      HEX[b1 >> 4]!,
      HEX[b1 & 15]!,
      DASH,
      HEX[b2 >> 4]!,
      HEX[b2 & 15]!,
      HEX[b3 >> 4]!,
      HEX[b3 & 15]!,
      HEX[b4 >> 4]!,
      HEX[b4 & 15]!,
      HEX[b5 >> 4]!,
      HEX[b5 & 15]!,
      HEX[b6 >> 4]!,
      HEX[b6 & 15]!,
      HEX[b7 >> 4]!,
      HEX[b7 & 15]!,
    )
  );
};
