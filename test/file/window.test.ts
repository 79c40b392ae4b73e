import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { AsyncFileWindow } from '../../adapters/file/window';
import { removeTempDirs, tempDir } from './helpers';

afterAll(removeTempDirs);

describe('AsyncFileWindow, reading ahead', () => {
  it('always shows the file’s bytes, never past the limit, however the reader moves, in buffers old or new', async () => {
    const dir = tempDir('window');
    let files = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 0, maxLength: 3000, size: 'max' }),
        fc.integer({ min: 0, max: 3000 }),
        fc.integer({ min: 8, max: 256 }),
        fc.integer({ min: 0, max: 64 }),
        // Each step moves forward by `skip` bytes (or jumps back when negative) and asks
        // for `count` of them, as the log reader does frame by frame.
        fc.array(fc.tuple(fc.integer({ min: -8, max: 60 }), fc.integer({ min: 1, max: 120 })), {
          maxLength: 120,
          size: 'max',
        }),
        async (first, cut, chunk, reserve, steps) => {
          // Then the same moves over other bytes, by a window given the first one's buffers.
          for (const content of [first, first.map((b) => b ^ 0x5a)]) {
            const file = path.join(dir, `f${files++}`);
            fs.writeFileSync(file, content);
            const limit = Math.min(cut, content.length);
            const handle = await fs.promises.open(file, 'r');
            try {
              const window = new AsyncFileWindow(handle, limit, chunk, Math.min(reserve, chunk));
              let offset = 0;
              for (const [skip, count] of steps) {
                offset = Math.max(0, Math.min(limit, offset + skip));
                const n = await window.ensure(offset, count);
                expect(n).toBe(Math.min(count, limit - offset));
                const at = window.at(offset);
                expect(at + n).toBeLessThanOrEqual(window.available);
                expect([...window.bytes.subarray(at, at + n)]).toEqual([
                  ...content.subarray(offset, offset + n),
                ]);
                expect(window.ensureNow(offset, count)).toBe(n);
              }
              await window.release();
            } finally {
              await handle.close();
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
