import * as t from 'io-ts';

/**
 * An instant as an ISO-8601 string with an explicit offset (`Z` or `+08:00`).
 * Events carry instants as strings so that stored logs stay readable; the pure core turns
 * them into epoch milliseconds once, with `toMillis`.
 */
/** Statically a plain string so that literals type-check; the codec checks the format. */
export type Instant = string;

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

const DAY = 86_400_000;

/** Days from 1970-01-01 to a proleptic Gregorian date (month 1–12), for any year ≥ 0. */
const daysFromCivil = (year: number, month: number, day: number): number => {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
};

/** The number in `count` decimal digits from `at`, or -1 when one is not a digit. */
const digits = (s: string, at: number, count: number): number => {
  let n = 0;
  for (let i = at; i < at + count; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
};

/**
 * Epoch ms of the canonical form `YYYY-MM-DDTHH:MM:SS.sssZ` (what instantFromMillis writes,
 * and nearly every instant a command carries) when each field is plainly in range, else
 * undefined for Date.parse to decide: days past the 28th, 24:00 and other forms are left to
 * it, so both always agree (a property test holds them to it). Date.parse costs several
 * times more, and every command carries an instant.
 */
const canonicalMillis = (s: string): number | undefined => {
  if (s.length !== 24) return undefined;
  if (
    s.charCodeAt(4) !== 45 || // -
    s.charCodeAt(7) !== 45 ||
    s.charCodeAt(10) !== 84 || // T
    s.charCodeAt(13) !== 58 || // :
    s.charCodeAt(16) !== 58 ||
    s.charCodeAt(19) !== 46 || // .
    s.charCodeAt(23) !== 90 // Z
  )
    return undefined;
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 2);
  const day = digits(s, 8, 2);
  const hour = digits(s, 11, 2);
  const minute = digits(s, 14, 2);
  const second = digits(s, 17, 2);
  const ms = digits(s, 20, 3);
  if (year < 0 || ms < 0 || month < 1 || month > 12 || day < 1 || day > 28) return undefined;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59)
    return undefined;
  return daysFromCivil(year, month, day) * DAY + ((hour * 60 + minute) * 60 + second) * 1000 + ms;
};

// One instant is usually parsed several times in a row (checked, decided on, folded):
// remembering the last one spares parsing it again.
let lastParsed: string | undefined;
let lastMillis = Number.NaN;

export const toMillis = (instant: Instant | string): number => {
  if (instant !== lastParsed) {
    lastMillis = canonicalMillis(instant) ?? Date.parse(instant);
    lastParsed = instant;
  }
  return lastMillis;
};

export const Instant: t.Type<Instant, string, unknown> = t.refinement(
  t.string,
  // The canonical form, when plainly in range, is an instant without the RegExp.
  (s) =>
    canonicalMillis(s) !== undefined || (ISO_WITH_OFFSET.test(s) && !Number.isNaN(toMillis(s))),
  'Instant',
);

/** The canonical form: UTC with milliseconds, e.g. `2026-03-02T01:30:00.000Z`. */
export const instantFromMillis = (ms: number): Instant => new Date(ms).toISOString();

/** Build an Instant from a trusted ISO string (tests, examples); throws on a malformed one. */
export const instant = (iso: string): Instant => {
  if (!Instant.is(iso)) throw new TypeError(`not an ISO-8601 instant with offset: ${iso}`);
  return iso;
};

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
