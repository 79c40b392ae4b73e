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

/**
 * Time-ordered UUID v7 (RFC 9562) for events whose caller gave no id. `uuid` makes the id
 * (its clock, counter and random bytes, so ids made by one process stay in order within a
 * millisecond); only the text is written here, one per event stored. I/O and randomness
 * live here, at the store edge, never in the core.
 */
export const newEventId = (): string => formatUuid(v7(undefined, bytes));
