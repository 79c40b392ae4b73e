import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as E from 'fp-ts/Either';
import { afterAll } from 'vitest';
import { type FileEventStoreOptions, openFileEventStore } from '../../adapters/file';
import { describeStoreError } from '../../src/store/errors';
import type { EventStore } from '../../src/store/port';
import { describeEventStoreContract } from './event-store-contract';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'file-contract-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const open = async (directory: string, options: FileEventStoreOptions): Promise<EventStore> => {
  const opened = await openFileEventStore(directory, options);
  if (E.isLeft(opened)) throw new Error(describeStoreError(opened.left));
  return opened.right;
};

/**
 * Every test opens the same directory again, so the log grows across the suite and each
 * open reads back what the tests before left (index files, a segment being written).
 * Small segments make the suite cross many segment boundaries.
 */
const factoryFor = (name: string, options: FileEventStoreOptions) => {
  const directory = path.join(root, name);
  return async () => {
    const store = await open(directory, options);
    const opened: EventStore[] = [store];
    return {
      store,
      reopen: async () => {
        const again = await open(directory, options);
        opened.push(again);
        return again;
      },
      cleanup: async () => {
        for (const s of opened) await s.close();
      },
    };
  };
};

describeEventStoreContract(
  'file (durable, 16 KiB segments)',
  factoryFor('durable', { segmentBytes: 16 * 1024 }),
);
describeEventStoreContract('file (os durability)', factoryFor('os', { durability: 'os' }));
