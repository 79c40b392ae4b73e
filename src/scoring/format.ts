import { formatInZone } from '../calendar/zone';
import { HOUR_MS } from '../shared/time';

/** `2026-03-04 10:00` in the zone: how people read times in reports. */
export const formatLocal = (zone: string, epochMs: number): string =>
  formatInZone(zone, epochMs).slice(0, 16).replace('T', ' ');

/** `3.5 h` or `2.1 d`: a duration for sentences. */
export const formatDuration = (ms: number): string => {
  const hours = ms / HOUR_MS;
  if (hours < 48) return `${Number(hours.toFixed(1))} h`;
  return `${Number((hours / 24).toFixed(1))} d`;
};

/** `83.33` → `83.33`; `80` → `80`. */
export const formatPoints = (points: number): string => String(Number(points.toFixed(2)));
