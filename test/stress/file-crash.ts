/**
 * The crash test by the hundred (npm test runs 32 rounds of it in test/file/crash.test.ts):
 *
 *   npx tsx test/stress/file-crash.ts [rounds=300] [seed]
 *
 * Each round starts a writer process on one store directory, kills it with SIGKILL at a
 * random moment, reopens the store and checks that every acknowledged event is there, in
 * order, and that the store takes a new append. The directory is kept across rounds, so
 * later rounds recover logs that earlier crashes shaped (many segments, torn tails).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { crashRound, seeded } from '../file/fixtures/crash-rounds';

const rounds = Number(process.argv[2] ?? 300);
const seed = Number(process.argv[3] ?? Date.now() % 1_000_000);
const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'file-crash-stress-'));
const random = seeded(seed);
const started = Date.now();
let acknowledged = 0;
let stored = 0;
let tornTails = 0;
console.log(`file store crash stress: ${rounds} rounds, seed ${seed}, in ${directory}`);
try {
  for (let round = 1; round <= rounds; round++) {
    const result = await crashRound(directory, round, random);
    acknowledged += result.acknowledged;
    stored = result.stored;
    tornTails += result.tornTails;
    if (round % 25 === 0 || round === rounds)
      console.log(
        `round ${round}: ${acknowledged} events acknowledged in all, ${stored} in the log, ${tornTails} torn tails cut back`,
      );
  }
  const segments = fs.readdirSync(directory).filter((n) => n.endsWith('.log')).length;
  console.log(
    `passed: ${rounds} kills, no acknowledged event lost, ${segments} segments, ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  fs.rmSync(directory, { recursive: true, force: true });
} catch (error) {
  console.error(`FAILED (seed ${seed}; the store is kept in ${directory}):`);
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
