import { v7 } from 'uuid';

/** Time-ordered UUID v7 for events whose caller gave no id. I/O lives here, not in the core. */
export const newEventId = (): string => v7();
