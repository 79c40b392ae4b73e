import { DAY_MS } from '../shared/time';

/**
 * Wall-clock time in an IANA time zone, computed with Intl so that the machine's own zone
 * never leaks in. A "wall" value is the local date and time written as if it were UTC
 * milliseconds: `wall = epoch + offset`. A "day number" is the local civil date as days since
 * 1970-01-01, the key every calendar lookup uses.
 */

const MINUTE_MS = 60_000;
/** Offsets of every real zone change on quarter-hour boundaries of UTC, so a bucket is safe. */
const BUCKET_MS = 15 * MINUTE_MS;
const MAX_CACHED = 200_000;
const MAX_DATE_MS = 8.64e15;

interface ZoneCache {
  readonly format: Intl.DateTimeFormat;
  readonly offsets: Map<number, number>;
}

const zones = new Map<string, ZoneCache>();

const zoneCache = (zone: string): ZoneCache => {
  let cache = zones.get(zone);
  if (cache === undefined) {
    cache = {
      format: new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
        era: 'short',
      }),
      offsets: new Map(),
    };
    zones.set(zone, cache);
  }
  return cache;
};

const computeOffset = (format: Intl.DateTimeFormat, epochMs: number): number => {
  let year = 0;
  let month = 1;
  let day = 1;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let bc = false;
  for (const part of format.formatToParts(epochMs)) {
    switch (part.type) {
      case 'year':
        year = Number(part.value);
        break;
      case 'month':
        month = Number(part.value);
        break;
      case 'day':
        day = Number(part.value);
        break;
      case 'hour':
        hour = Number(part.value);
        break;
      case 'minute':
        minute = Number(part.value);
        break;
      case 'second':
        second = Number(part.value);
        break;
      case 'era':
        bc = part.value.startsWith('B');
        break;
      default:
        break;
    }
  }
  const wall = Date.UTC(bc ? 1 - year : year, month - 1, day, hour, minute, second);
  return wall - (epochMs - (((epochMs % 1000) + 1000) % 1000));
};

/** The zone's offset from UTC at an instant, in milliseconds (Asia/Shanghai: +8 h). */
export const zoneOffset = (zone: string, epochMs: number): number => {
  // Outside the range of Date (or NaN): no offset, and NaN flows on instead of a RangeError.
  if (!(Math.abs(epochMs) <= MAX_DATE_MS)) return Number.NaN;
  const cache = zoneCache(zone);
  const bucket = Math.floor(epochMs / BUCKET_MS);
  let offset = cache.offsets.get(bucket);
  if (offset === undefined) {
    offset = computeOffset(cache.format, bucket * BUCKET_MS);
    if (cache.offsets.size >= MAX_CACHED) cache.offsets.clear();
    cache.offsets.set(bucket, offset);
  }
  return offset;
};

/** Local wall-clock value of an instant. */
export const toWall = (zone: string, epochMs: number): number =>
  epochMs + zoneOffset(zone, epochMs);

/**
 * The instant a wall-clock value denotes. In a gap (clocks jumped forward) it is the instant
 * just after the gap, at the same distance past the change; in an overlap (clocks went back)
 * one of the two instants that show that wall time.
 */
export const fromWall = (zone: string, wall: number): number => {
  const a = wall - zoneOffset(zone, wall);
  const offsetA = zoneOffset(zone, a);
  if (a + offsetA === wall) return a;
  const b = wall - offsetA;
  if (b + zoneOffset(zone, b) === wall) return b;
  return Math.max(a, b);
};

/** The local civil date of an instant, as a day number. */
export const dayOf = (zone: string, epochMs: number): number =>
  Math.floor(toWall(zone, epochMs) / DAY_MS);

/** The instant a local day starts (its midnight) in the zone. */
export const startOfDay = (zone: string, day: number): number => fromWall(zone, day * DAY_MS);

/** The instant of a local time of day (minutes after midnight) on a local day. */
export const atLocalMinute = (zone: string, day: number, minute: number): number =>
  fromWall(zone, day * DAY_MS + minute * MINUTE_MS);

/** Minutes after local midnight, with milliseconds as a fraction. */
export const minuteOfDay = (zone: string, epochMs: number): number => {
  const wall = toWall(zone, epochMs);
  return (wall - Math.floor(wall / DAY_MS) * DAY_MS) / MINUTE_MS;
};

/** 0 = Sunday … 6 = Saturday, of a day number. */
export const weekdayOf = (day: number): number => (((day + 4) % 7) + 7) % 7;

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** `YYYY-MM-DD` of a day number. */
export const dateKey = (day: number): string => {
  const d = new Date(day * DAY_MS);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
};

/** Day number of a `YYYY-MM-DD` key; NaN when malformed or not a real date. */
export const dayFromKey = (key: string): number => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(key);
  if (m === null) return Number.NaN;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  if (back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) return Number.NaN;
  return ms / DAY_MS;
};

/** Day number of a civil year, month (1–12) and day; out-of-range days overflow. */
export const dayFromParts = (year: number, month: number, day: number): number =>
  Date.UTC(year, month - 1, day) / DAY_MS;

/** Year, month (1–12) and day of a day number. */
export const partsOfDay = (day: number): { year: number; month: number; day: number } => {
  const d = new Date(day * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
};

/** `HH:MM` → minutes after midnight. */
export const parseHhMm = (text: string): number => {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  return m === null ? Number.NaN : Number(m[1]) * 60 + Number(m[2]);
};

/** ISO-8601 text of an instant with the zone's offset, e.g. `2026-03-02T09:30:00+08:00`. */
export const formatInZone = (zone: string, epochMs: number): string => {
  const offset = zoneOffset(zone, epochMs);
  const wall = new Date(epochMs + offset).toISOString().slice(0, 19);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset) / MINUTE_MS;
  return `${wall}${sign}${pad(Math.floor(abs / 60), 2)}:${pad(abs % 60, 2)}`;
};
