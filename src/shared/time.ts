import * as t from 'io-ts';

/**
 * An instant as an ISO-8601 string with an explicit offset (`Z` or `+08:00`).
 * Events carry instants as strings so that stored logs stay readable; the pure core turns
 * them into epoch milliseconds once, with `toMillis`.
 */
/** Statically a plain string so that literals type-check; the codec checks the format. */
export type Instant = string;

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

// One instant is usually parsed several times in a row (checked, decided on, folded):
// remembering the last one spares Date.parse, the dearest step of handling a command.
let lastParsed: string | undefined;
let lastMillis = Number.NaN;

export const toMillis = (instant: Instant | string): number => {
  if (instant !== lastParsed) {
    lastMillis = Date.parse(instant);
    lastParsed = instant;
  }
  return lastMillis;
};

export const Instant: t.Type<Instant, string, unknown> = t.refinement(
  t.string,
  (s) => ISO_WITH_OFFSET.test(s) && !Number.isNaN(toMillis(s)),
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
