import * as zlib from 'node:zlib';

/** CRC-32 (IEEE 802.3, the one zip and zlib use) of `bytes`, continuing from `seed`. */
export type Crc32 = (bytes: Uint8Array, seed?: number) => number;

let table: Uint32Array | undefined;

const makeTable = (): Uint32Array => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
};

/** The table-driven CRC-32, for Node versions before zlib.crc32 (added in 20.15 and 22.2). */
export const crc32Portable: Crc32 = (bytes, seed = 0) => {
  table ??= makeTable();
  let c = (seed ^ 0xffffffff) >>> 0;
  for (let i = 0; i < bytes.length; i++) c = table[(c ^ (bytes[i] ?? 0)) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};

const native = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;

/** zlib's native CRC-32 when this Node has it (about 50× faster), else the portable one. */
export const crc32: Crc32 =
  typeof native === 'function' ? (bytes, seed = 0) => native(bytes, seed) >>> 0 : crc32Portable;
