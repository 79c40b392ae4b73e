/**
 * Columns grow by whole chunks of this many entries: nothing is copied as they grow, and
 * every byte they touch holds a value (doubling an array touches each byte about twice, and
 * on a virtual machine each fresh page of memory costs a fault).
 */
export const CHUNK_BITS = 14;
export const CHUNK_SIZE = 1 << CHUNK_BITS;
export const CHUNK_MASK = CHUNK_SIZE - 1;
