import { v7 } from 'uuid';

/**
 * Time-ordered UUID v7 (RFC 9562) for events whose caller gave no id; `uuid` keeps ids made
 * by one process in order within a millisecond. I/O and randomness live here, at the store
 * edge, never in the core.
 */
export const newEventId = (): string => v7();
