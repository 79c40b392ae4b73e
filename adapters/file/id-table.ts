/**
 * Event ids already stored, for idempotent appends, in about 16 bytes per event: a 32-bit
 * fingerprint and the event's position in an open-addressing table. A fingerprint match is
 * only a candidate — the caller reads the event at that position to compare the real id —
 * so collisions cost a read, never a wrong answer.
 */
export class IdTable {
  private fingerprints: Uint32Array;
  private positions: Uint32Array;
  private mask: number;
  private count = 0;

  constructor(capacity = 1024) {
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.fingerprints = new Uint32Array(size);
    this.positions = new Uint32Array(size);
    this.mask = size - 1;
  }

  get size(): number {
    return this.count;
  }

  add(id: string, position: number): void {
    this.addFingerprint(fingerprint(id), position);
  }

  /** For an index file, which keeps fingerprints rather than ids. */
  addFingerprint(fp: number, position: number): void {
    this.insert(fp, position);
    this.count++;
    if (this.count * 2 > this.fingerprints.length) this.grow();
  }

  /** The positions whose id has the same fingerprint as `id` (usually none, or the one). */
  candidates(id: string): number[] {
    const fp = fingerprint(id);
    const found: number[] = [];
    for (let slot = slotOf(fp) & this.mask; ; slot = (slot + 1) & this.mask) {
      const here = this.fingerprints[slot]!;
      if (here === 0) return found;
      if (here === fp) found.push(this.positions[slot]!);
    }
  }

  private insert(fp: number, position: number): void {
    let slot = slotOf(fp) & this.mask;
    while (this.fingerprints[slot] !== 0) slot = (slot + 1) & this.mask;
    this.fingerprints[slot] = fp;
    this.positions[slot] = position;
  }

  private grow(): void {
    const oldFingerprints = this.fingerprints;
    const oldPositions = this.positions;
    this.fingerprints = new Uint32Array(oldFingerprints.length * 2);
    this.positions = new Uint32Array(oldPositions.length * 2);
    this.mask = this.fingerprints.length - 1;
    for (let i = 0; i < oldFingerprints.length; i++) {
      const fp = oldFingerprints[i]!;
      if (fp !== 0) this.insert(fp, oldPositions[i]!);
    }
  }
}

/** FNV-1a over the id's UTF-16 code units; never 0, which marks an empty slot. */
export const fingerprint = (id: string): number => {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h >>>= 0;
  return h === 0 ? 1 : h;
};

// Spread the fingerprint's bits over the slots (FNV's low bits are weak for similar ids).
const slotOf = (fp: number): number => Math.imul(fp ^ (fp >>> 16), 0x45d9f3b) >>> 0;
