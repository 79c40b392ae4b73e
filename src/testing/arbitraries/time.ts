import * as fc from 'fast-check';
import { HOUR_MS, type Instant, instantFromMillis, toMillis } from '../../shared/time';

/** The span generated instants fall in, both ends included. */
export interface TimeWindow {
  readonly from: Instant;
  readonly to: Instant;
}

/** 2024–2030: recent enough for calendars with data, wide enough to cross years and DST-free zones. */
export const DEFAULT_WINDOW: TimeWindow = {
  from: '2024-01-01T00:00:00.000Z',
  to: '2030-12-31T23:59:59.999Z',
};

const bounds = (window: TimeWindow): { min: number; max: number } => {
  const min = toMillis(window.from);
  const max = toMillis(window.to);
  if (!(Number.isFinite(min) && Number.isFinite(max) && min <= max))
    throw new RangeError(`not a time window: ${window.from} .. ${window.to}`);
  return { min, max };
};

/** Epoch milliseconds inside the window. */
export const millisIn = (window: TimeWindow = DEFAULT_WINDOW): fc.Arbitrary<number> =>
  fc.integer(bounds(window));

/** Offsets a caller may write an instant with; the instant is the same whatever the offset. */
const OFFSETS_MIN = [0, 480, -300, 330, 60] as const;

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** The same instant written with a UTC offset, e.g. `2026-03-02T09:00:00.000+08:00`. */
export const withOffset = (ms: number, offsetMinutes: number): Instant => {
  if (offsetMinutes === 0) return instantFromMillis(ms);
  const local = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 23);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${local}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
};

export interface InstantOptions {
  readonly window?: TimeWindow;
  /** Also write instants with offsets other than `Z` (+08:00, −05:00, …). Default false. */
  readonly offsets?: boolean;
}

/** An instant in a window, as the ISO-8601 string commands and events carry. */
export const instant = (options: InstantOptions = {}): fc.Arbitrary<Instant> => {
  const ms = millisIn(options.window);
  if (options.offsets !== true) return ms.map(instantFromMillis);
  return fc.tuple(ms, fc.constantFrom(...OFFSETS_MIN)).map(([t, offset]) => withOffset(t, offset));
};

/**
 * Time between two commands: mostly minutes to a day, sometimes days, now and then the
 * same instant — the spread that puts clocks on both sides of their limits.
 */
export const gapMs = (maxHours = 24 * 12): fc.Arbitrary<number> =>
  fc.oneof(
    { weight: 1, arbitrary: fc.constant(0) },
    { weight: 6, arbitrary: fc.integer({ min: 1, max: 24 * HOUR_MS }) },
    { weight: 2, arbitrary: fc.integer({ min: 1, max: Math.max(1, maxHours * HOUR_MS) }) },
  );
