import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as E from 'fp-ts/Either';
import {
  type FileEventStore,
  type FileEventStoreOptions,
  openFileEventStore,
} from '../../adapters/file';
import { frameBytes, readFrameHeader } from '../../adapters/file/frame';
import { SEGMENT_HEADER_BYTES } from '../../adapters/file/layout';
import type { StoredEvent } from '../../src/store/envelope';
import { describeStoreError, type StoreError } from '../../src/store/errors';
import type { EventStore } from '../../src/store/port';

/** A fresh directory under the OS temp dir; removed by `removeAll`. */
const made: string[] = [];
export const tempDir = (label: string): string => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `file-store-${label}-`));
  made.push(dir);
  return dir;
};
export const removeTempDirs = (): void => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
};

export const right = <A>(result: E.Either<StoreError, A>): A => {
  if (E.isLeft(result)) throw new Error(`expected Right, got ${describeStoreError(result.left)}`);
  return result.right;
};

export const left = <L>(result: E.Either<L, unknown>): L => {
  if (E.isRight(result)) throw new Error('expected Left, got Right');
  return result.left;
};

export const openStore = async (
  directory: string,
  options?: FileEventStoreOptions,
): Promise<FileEventStore> => right(await openFileEventStore(directory, options));

export const readEverything = async (
  store: Pick<EventStore, 'readAll'>,
): Promise<StoredEvent[]> => {
  const all: StoredEvent[] = [];
  for await (const batch of store.readAll({ batchSize: 97 })) all.push(...right(batch));
  return all;
};

export const segmentFiles = (directory: string): string[] =>
  fs
    .readdirSync(directory)
    .filter((n) => n.endsWith('.log'))
    .sort()
    .map((n) => path.join(directory, n));

export interface RawFrame {
  readonly offset: number;
  readonly length: number;
  readonly durableBefore: number;
  readonly eventsLeft: number;
}

/** The frames of a whole segment file, read with the store's own header reader. */
export const framesOf = (file: string): RawFrame[] => {
  const bytes = fs.readFileSync(file);
  const frames: RawFrame[] = [];
  let offset = SEGMENT_HEADER_BYTES;
  while (offset < bytes.length) {
    const header = readFrameHeader(bytes, offset, bytes.length);
    if (typeof header === 'string') throw new Error(`${file} at ${offset}: ${header}`);
    const length = frameBytes(header.payloadBytes);
    frames.push({
      offset,
      length,
      durableBefore: header.durableBefore,
      eventsLeft: header.eventsLeft,
    });
    offset += length;
  }
  return frames;
};

/** A small event; `n` makes it distinct. */
export const ev = (n: number, extra: object = {}) => ({
  type: 'Noted',
  data: { n, text: `note ${n} — 备注` },
  ...extra,
});
