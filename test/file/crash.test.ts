import { afterAll, expect, test } from 'vitest';
import { crashRound, seeded } from './fixtures/crash-rounds';
import { removeTempDirs, tempDir } from './helpers';

afterAll(removeTempDirs);

/**
 * The crash test of the issue, CI-sized: test/stress/file-crash.ts runs the same rounds by
 * the hundred. FILE_CRASH_ROUNDS and FILE_CRASH_SEED change the count and repeat a run.
 */
const ROUNDS = Number(process.env.FILE_CRASH_ROUNDS ?? 32);
const SEED = Number(process.env.FILE_CRASH_SEED ?? Date.now() % 1_000_000);

test(`a writer killed with SIGKILL at random moments loses no acknowledged event (${ROUNDS} rounds, seed ${SEED})`, async () => {
  const directory = tempDir('crash');
  const random = seeded(SEED);
  let acknowledged = 0;
  for (let round = 1; round <= ROUNDS; round++) {
    const result = await crashRound(directory, round, random);
    acknowledged += result.acknowledged;
    expect(result.stored).toBeGreaterThanOrEqual(acknowledged + round - 1);
  }
  // The rounds did write: a test whose writer never got going would prove nothing.
  expect(acknowledged).toBeGreaterThan(ROUNDS * 10);
}, 120_000);
