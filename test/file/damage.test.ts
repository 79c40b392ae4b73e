import * as fs from 'node:fs';
import * as path from 'node:path';
import * as E from 'fp-ts/Either';
import { afterAll, describe, expect, test } from 'vitest';
import { openFileEventStore } from '../../adapters/file';
import { frameBytes, sealFrame, writeFrameHeader } from '../../adapters/file/frame';
import { FRAME_HEADER_BYTES, FRAME_TRAILER_BYTES } from '../../adapters/file/layout';
import type { StoredEvent } from '../../src/store/envelope';
import type { CorruptStorage } from '../../src/store/errors';
import {
  ev,
  framesOf,
  left,
  openStore,
  readEverything,
  removeTempDirs,
  right,
  segmentFiles,
  tempDir,
} from './helpers';

afterAll(removeTempDirs);

const flip = (bytes: Buffer, at: number, mask: number): void => {
  bytes.writeUInt8(bytes.readUInt8(at) ^ mask, at);
};

const removeIndexFiles = (dir: string): void => {
  for (const name of fs.readdirSync(dir))
    if (name.endsWith('.idx')) fs.rmSync(path.join(dir, name));
};

/** A one-segment store: single appends, one three-event append, two more single appends. */
const buildLog = async (): Promise<{
  dir: string;
  stored: StoredEvent[];
  appendEnds: number[];
}> => {
  const dir = tempDir('damage');
  const store = await openStore(dir);
  const stored: StoredEvent[] = [];
  for (let i = 0; i < 6; i++)
    stored.push(
      ...right(await store.append(`s-${i % 2}`, [ev(i)], { expectedVersion: 'any' })).events,
    );
  stored.push(
    ...right(await store.append('multi', [ev(6), ev(7), ev(8)], { expectedVersion: 0 })).events,
  );
  for (let i = 9; i < 11; i++)
    stored.push(...right(await store.append('s-0', [ev(i)], { expectedVersion: 'any' })).events);
  await store.close();
  const frames = framesOf(segmentFiles(dir)[0]!);
  // An append ends where a frame with no events left after it ends.
  const appendEnds = frames.filter((f) => f.eventsLeft === 0).map((f) => f.offset + f.length);
  return { dir, stored, appendEnds };
};

const corruptOf = (result: E.Either<unknown, unknown>): CorruptStorage => {
  const error = left(result) as { _tag: string };
  expect(error._tag).toBe('CorruptStorage');
  return error as CorruptStorage;
};

describe('a log cut short (a crash in the middle of a write)', () => {
  test('cut at every byte offset of the last three appends: the store keeps the whole appends before the cut, reports the cut, and takes new appends', async () => {
    const { dir, stored, appendEnds } = await buildLog();
    const file = segmentFiles(dir)[0]!;
    const name = path.basename(file);
    const original = fs.readFileSync(file);
    // The last three appends: the three-event one and the two single events after it.
    const from = appendEnds[appendEnds.length - 4]!;
    const scratch = tempDir('cut');
    for (let cut = from; cut <= original.length; cut++) {
      const target = path.join(scratch, String(cut));
      fs.mkdirSync(target);
      fs.writeFileSync(path.join(target, name), original.subarray(0, cut));
      const store = await openStore(target);
      const keptEnd = Math.max(...appendEnds.filter((end) => end <= cut));
      const keptAppends = appendEnds.filter((end) => end <= cut).length;
      // Appends 0..5 have one event, 6 has three, 7 and 8 one each.
      const keptEvents = keptAppends <= 6 ? keptAppends : keptAppends + 2;
      expect(await readEverything(store)).toEqual(stored.slice(0, keptEvents));
      expect(store.openReport.truncatedTails).toEqual(
        cut === keptEnd
          ? []
          : [expect.objectContaining({ file: name, offset: keptEnd, bytes: cut - keptEnd })],
      );
      expect(fs.statSync(path.join(target, name)).size).toBe(keptEnd);
      const next = right(await store.append('after', [ev(99)], { expectedVersion: 0 }));
      expect(next.events[0]!.globalPosition).toBe(keptEvents + 1);
      await store.close();
      fs.rmSync(target, { recursive: true });
    }
  });

  test('a tail of zeros (the file grew but its data never reached the disk) is cut back', async () => {
    const { dir, stored } = await buildLog();
    removeIndexFiles(dir);
    const file = segmentFiles(dir)[0]!;
    const size = fs.statSync(file).size;
    fs.appendFileSync(file, Buffer.alloc(700));
    const store = await openStore(dir);
    expect(store.openReport.truncatedTails).toEqual([
      expect.objectContaining({ offset: size, bytes: 700, problem: 'payload length out of range' }),
    ]);
    expect(await readEverything(store)).toEqual(stored);
    await store.close();
  });

  test('a cut inside the segment header of a segment being created: the header is written again', async () => {
    const dir = tempDir('header-cut');
    const store = await openStore(dir);
    await store.close();
    const file = segmentFiles(dir)[0]!;
    fs.truncateSync(file, 11);
    const again = await openStore(dir);
    expect(again.openReport.truncatedTails).toEqual([
      expect.objectContaining({
        offset: 0,
        bytes: 11,
        problem: 'segment header: header cut short',
      }),
    ]);
    right(await again.append('s', [ev(1)], { expectedVersion: 0 }));
    await again.close();
  });
});

describe('bytes changed in the middle of the log (damage, not a crash)', () => {
  const flips = (frameOffset: number, length: number): [string, number][] => [
    ['payload length', frameOffset],
    ['durable-before', frameOffset + 4],
    ['events left', frameOffset + 8],
    ['first payload byte', frameOffset + FRAME_HEADER_BYTES],
    ['middle of the payload', frameOffset + Math.floor(length / 2)],
    ['last payload byte', frameOffset + length - 5],
    ['chain checksum', frameOffset + length - 2],
  ];

  test('after a crash (no index file): opening fails with CorruptStorage naming the file and the frame', async () => {
    const { dir } = await buildLog();
    const file = segmentFiles(dir)[0]!;
    const name = path.basename(file);
    const original = fs.readFileSync(file);
    const frames = framesOf(file);
    // Every frame before the last append's.
    for (const frame of frames.slice(0, -1))
      for (const [what, at] of flips(frame.offset, frame.length)) {
        const damaged = Buffer.from(original);
        flip(damaged, at, 0x20);
        fs.writeFileSync(file, damaged);
        removeIndexFiles(dir);
        const error = corruptOf(await openFileEventStore(dir));
        expect(error.location, what).toBe(`${name} at byte ${frame.offset}`);
        expect(error.message).toMatch(/checksum mismatch/);
      }
    fs.writeFileSync(file, original);
    // Restored, it opens and nothing was changed by the failed opens.
    const store = await openStore(dir);
    expect(store.openReport.truncatedTails).toEqual([]);
    await store.close();
  });

  test("after a clean close (index file covers it): the open checks every frame and fails naming it; with verifyOnOpen 'tail' reading it fails", async () => {
    const { dir, stored } = await buildLog();
    const file = segmentFiles(dir)[0]!;
    const name = path.basename(file);
    const frames = framesOf(file);
    const victim = frames[3]!;
    const damaged = fs.readFileSync(file);
    flip(damaged, victim.offset + FRAME_HEADER_BYTES + 3, 0x01);
    fs.writeFileSync(file, damaged);
    expect(corruptOf(await openFileEventStore(dir)).location).toBe(
      `${name} at byte ${victim.offset}`,
    );
    const store = await openStore(dir, { verifyOnOpen: 'tail' });
    const batches: E.Either<unknown, readonly StoredEvent[]>[] = [];
    for await (const batch of store.readAll({ batchSize: 2 })) batches.push(batch);
    // The two whole batches before the damage, then the error, then nothing.
    expect(batches.slice(0, 1).map((b) => right(b as never))).toEqual([stored.slice(0, 2)]);
    const error = corruptOf(batches[batches.length - 1]!);
    expect(error.location).toBe(`${name} at byte ${victim.offset}`);
    // Event 4 is s-1 version 2: that stream cannot be read; the other stream can.
    expect(corruptOf(await store.readStream('s-1')).location).toBe(error.location);
    expect(right(await store.readStream('multi'))).toEqual(stored.slice(6, 9));
    await store.close();
  });

  test('the last append damaged is indistinguishable from a torn write: cut back and reported', async () => {
    const { dir, stored, appendEnds } = await buildLog();
    removeIndexFiles(dir);
    const file = segmentFiles(dir)[0]!;
    const damaged = fs.readFileSync(file);
    const lastStart = appendEnds[appendEnds.length - 2]!;
    flip(damaged, lastStart + FRAME_HEADER_BYTES + 10, 0x04);
    fs.writeFileSync(file, damaged);
    const store = await openStore(dir);
    expect(store.openReport.truncatedTails).toEqual([
      expect.objectContaining({ offset: lastStart, problem: 'checksum mismatch' }),
    ]);
    expect(await readEverything(store)).toEqual(stored.slice(0, -1));
    await store.close();
  });

  test('a record that passes its checksum but says the wrong thing is corruption, even at the tail', async () => {
    const { dir, appendEnds } = await buildLog();
    removeIndexFiles(dir);
    const file = segmentFiles(dir)[0]!;
    const name = path.basename(file);
    const bytes = fs.readFileSync(file);
    const lastStart = appendEnds[appendEnds.length - 2]!;
    const payload = JSON.parse(
      bytes.toString('utf8', lastStart + FRAME_HEADER_BYTES, bytes.length - FRAME_TRAILER_BYTES),
    ) as {
      globalPosition: number;
    };
    payload.globalPosition = 5;
    const text = Buffer.from(JSON.stringify(payload));
    const frame = Buffer.alloc(frameBytes(text.length));
    text.copy(frame, FRAME_HEADER_BYTES);
    writeFrameHeader(frame, 0, text.length, 0);
    sealFrame(frame, 0, lastStart, bytes.readUInt32LE(lastStart - 4));
    fs.writeFileSync(file, Buffer.concat([bytes.subarray(0, lastStart), frame]));
    const error = corruptOf(await openFileEventStore(dir));
    expect(error.location).toBe(`${name} at byte ${lastStart}`);
    expect(error.message).toContain('global position 5 where 11 was due');
  });

  test('damage inside the last group written together is cut back with it; damage before a later group is an error', async () => {
    const dir = tempDir('group');
    const store = await openStore(dir);
    right(await store.append('first', [ev(0)], { expectedVersion: 0 }));
    // Eight appends in one turn of the event loop: written together, one sync.
    const group = await Promise.all(
      Array.from({ length: 8 }, (_, i) => store.append(`g-${i}`, [ev(i)], { expectedVersion: 0 })),
    );
    for (const r of group) right(r);
    await store.close();
    removeIndexFiles(dir);
    const file = segmentFiles(dir)[0]!;
    const frames = framesOf(file);
    expect(new Set(frames.slice(1).map((f) => f.durableBefore))).toEqual(
      new Set([frames[1]!.offset]),
    );
    const original = fs.readFileSync(file);

    // The third frame of the group: nothing after it was written after it was durable.
    const damaged = Buffer.from(original);
    flip(damaged, frames[3]!.offset + FRAME_HEADER_BYTES + 2, 0x10);
    fs.writeFileSync(file, damaged);
    const cut = await openStore(dir);
    expect(cut.openReport.truncatedTails).toEqual([
      expect.objectContaining({ offset: frames[3]!.offset }),
    ]);
    expect((await readEverything(cut)).map((e) => e.streamId)).toEqual(['first', 'g-0', 'g-1']);
    await cut.close();

    // The first frame, before the group: the group's frames say it was durable.
    fs.writeFileSync(file, original);
    removeIndexFiles(dir);
    const broken = Buffer.from(original);
    flip(broken, frames[0]!.offset + FRAME_HEADER_BYTES + 2, 0x10);
    fs.writeFileSync(file, broken);
    const error = corruptOf(await openFileEventStore(dir));
    expect(error.location).toBe(`${path.basename(file)} at byte ${frames[0]!.offset}`);
    expect(error.message).toContain(`the whole frame at byte ${frames[1]!.offset}`);
  });

  test('a damaged segment header is CorruptStorage at byte 0', async () => {
    const { dir } = await buildLog();
    const file = segmentFiles(dir)[0]!;
    const bytes = fs.readFileSync(file);
    flip(bytes, 17, 0xff);
    fs.writeFileSync(file, bytes);
    const error = corruptOf(await openFileEventStore(dir));
    expect(error.location).toBe(`${path.basename(file)} at byte 0`);
    expect(error.message).toContain('segment header');
  });
});

describe('sealed segments and index files', () => {
  const buildSegmented = async () => {
    const dir = tempDir('sealed');
    const store = await openStore(dir, { segmentBytes: 2048 });
    const stored: StoredEvent[] = [];
    for (let i = 0; i < 60; i++)
      stored.push(
        ...right(await store.append(`s-${i % 3}`, [ev(i)], { expectedVersion: 'any' })).events,
      );
    await store.close();
    return { dir, stored };
  };

  test('segments stay within their size, and every read crosses them correctly', async () => {
    const { dir, stored } = await buildSegmented();
    const files = segmentFiles(dir);
    expect(files.length).toBeGreaterThan(4);
    for (const file of files) expect(fs.statSync(file).size).toBeLessThanOrEqual(2048);
    const store = await openStore(dir, { segmentBytes: 2048 });
    expect(await readEverything(store)).toEqual(stored);
    expect(right(await store.readStream('s-1', { fromVersion: 5, maxCount: 7 }))).toEqual(
      stored.filter((e) => e.streamId === 's-1').slice(4, 11),
    );
    const after = stored[33]!.globalPosition;
    const tail: StoredEvent[] = [];
    for await (const batch of store.readAll({ after, batchSize: 5 })) tail.push(...right(batch));
    expect(tail).toEqual(stored.slice(34));
    await store.close();
  });

  test('an index file that is damaged, missing or stale is rebuilt from its segment, and says so', async () => {
    const { dir, stored } = await buildSegmented();
    const indexes = fs
      .readdirSync(dir)
      .filter((n) => n.endsWith('.idx'))
      .sort();
    const damaged = fs.readFileSync(path.join(dir, indexes[1]!));
    flip(damaged, 40, 0x01);
    fs.writeFileSync(path.join(dir, indexes[1]!), damaged);
    fs.rmSync(path.join(dir, indexes[2]!));
    const store = await openStore(dir);
    expect(store.openReport.rebuiltIndexes).toEqual([
      { file: indexes[1], reason: 'checksum mismatch' },
      { file: indexes[2], reason: 'missing' },
    ]);
    expect(await readEverything(store)).toEqual(stored);
    await store.close();
    // Written again: the next open needs no rebuild.
    const again = await openStore(dir);
    expect(again.openReport.rebuiltIndexes).toEqual([]);
    await again.close();
  });

  test("damage in a sealed segment: the open fails naming it; with verifyOnOpen 'tail' reads through the index fail; without the index the open fails", async () => {
    const { dir } = await buildSegmented();
    const file = segmentFiles(dir)[1]!;
    const name = path.basename(file);
    const frame = framesOf(file)[2]!;
    const bytes = fs.readFileSync(file);
    flip(bytes, frame.offset + FRAME_HEADER_BYTES + 1, 0x08);
    fs.writeFileSync(file, bytes);
    expect(corruptOf(await openFileEventStore(dir)).location).toBe(
      `${name} at byte ${frame.offset}`,
    );
    const store = await openStore(dir, { verifyOnOpen: 'tail' });
    let failure: CorruptStorage | undefined;
    for await (const batch of store.readAll())
      if (E.isLeft(batch)) failure = batch.left as CorruptStorage;
    expect(failure?.location).toBe(`${name} at byte ${frame.offset}`);
    await store.close();
    removeIndexFiles(dir);
    expect(corruptOf(await openFileEventStore(dir, { verifyOnOpen: 'tail' })).location).toBe(
      `${name} at byte ${frame.offset}`,
    );
  });

  test('a sealed segment cut short is damage, never a torn tail', async () => {
    const { dir } = await buildSegmented();
    const file = segmentFiles(dir)[1]!;
    const frames = framesOf(file);
    const last = frames[frames.length - 1]!;
    fs.truncateSync(file, last.offset + 7);
    const error = corruptOf(await openFileEventStore(dir));
    expect(error.location).toBe(`${path.basename(file)} at byte ${last.offset}`);
    expect(error.message).toContain('sealed segment');
  });

  test('a missing segment in the middle is CorruptStorage naming the segment after the gap', async () => {
    const { dir } = await buildSegmented();
    const files = segmentFiles(dir);
    fs.rmSync(files[2]!);
    const error = corruptOf(await openFileEventStore(dir));
    expect(error.location).toBe(`${path.basename(files[3]!)} at byte 0`);
    expect(error.message).toMatch(/the log before it ends at/);
  });

  test('an append larger than a segment gets a segment of its own', async () => {
    const dir = tempDir('big');
    const store = await openStore(dir, { segmentBytes: 1024 });
    right(await store.append('s', [ev(1)], { expectedVersion: 0 }));
    const big = right(
      await store.append('s', [ev(2, { data: { blob: 'b'.repeat(5000) } })], {
        expectedVersion: 1,
      }),
    );
    right(await store.append('s', [ev(3)], { expectedVersion: 2 }));
    await store.close();
    const sizes = segmentFiles(dir).map((f) => fs.statSync(f).size);
    expect(sizes.length).toBe(3);
    expect(sizes[1]).toBeGreaterThan(5000);
    const again = await openStore(dir, { segmentBytes: 1024 });
    expect(right(await again.readStream('s'))[1]).toEqual(big.events[0]);
    await again.close();
  });
});
