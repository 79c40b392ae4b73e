import { randomFillSync } from 'node:crypto';
import { v7 } from 'uuid';

const HEX = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
/** Where the two hex digits of each of the 16 bytes go in `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`. */
const DIGITS_AT = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34];
/** Char codes of the text form, rewritten for each id; the dashes never move. */
const chars = Array.from('00000000-0000-0000-0000-000000000000', (c) => c.charCodeAt(0));

/**
 * The canonical lower-case text of a UUID's 16 bytes, as `uuid`'s `stringify` writes it, but
 * made as one flat string: `stringify` joins twenty pieces, a rope that costs an allocation
 * each and must be flattened again before the id can be compared or hashed.
 */
export const formatUuid = (bytes: ArrayLike<number>): string => {
  for (let i = 0; i < 16; i++) {
    const at = DIGITS_AT[i]!;
    const byte = bytes[i]!;
    chars[at] = HEX[byte >> 4]!;
    chars[at + 1] = HEX[byte & 15]!;
  }
  return String.fromCharCode(...chars);
};

const bytes = new Uint8Array(16);

/*
 * Called without options, uuid's v7 keeps its own clock and counter but takes each id's 16
 * random bytes as a fresh copy out of a 256-byte pool that it refills with a system call
 * every 16 ids: with one id per stored event, that was the dearest part of storing one. So
 * v7 is handed what it would use itself — the millisecond, the counter and 16 random
 * bytes — kept by the same rule as uuid's own (`updateV7State`), with the random bytes from
 * a 4 KiB pool (one refill per 256 ids) copied into one reused array.
 */
const POOL = new Uint8Array(4096);
let next = POOL.length;
const state = { msecs: Number.NEGATIVE_INFINITY, seq: 0, random: new Uint8Array(16) };

const drawRandom = (into: Uint8Array): void => {
  if (next + 16 > POOL.length) {
    randomFillSync(POOL);
    next = 0;
  }
  for (let i = 0; i < 16; i++) into[i] = POOL[next + i]!;
  next += 16;
};

/**
 * Time-ordered UUID v7 (RFC 9562) for events whose caller gave no id: ids made by one
 * process sort in the order they were made, within one millisecond too and when the clock
 * steps back. I/O and randomness live here, at the store edge, never in the core.
 */
export const newEventId = (): string => {
  const random = state.random;
  drawRandom(random);
  const now = Date.now();
  if (now > state.msecs) {
    // A new millisecond: the counter starts from random bits, leaving room to count up.
    state.seq = (random[6]! << 23) | (random[7]! << 16) | (random[8]! << 8) | random[9]!;
    state.msecs = now;
  } else {
    state.seq = (state.seq + 1) | 0;
    // The 32-bit counter ran out within one millisecond: borrow the next.
    if (state.seq === 0) state.msecs++;
  }
  return formatUuid(v7(state, bytes));
};
