/**
 * The main job, on the file store: one complaint of each class of the default policy from
 * receipt to revisit, then a six-month portfolio of four centres with its SLA dashboard and
 * the monthly complaint analysis report (客户投诉分析报告).
 * Run: npm run demo [-- DIR]   (default DIR: .demo, recreated on every run)
 */
import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describeStoreError } from 'complaint-ledger';
import { openFileEventStore } from 'complaint-ledger/file';
import * as E from 'fp-ts/Either';
import { runCli } from '../src/cli/run';
import { runWalkthroughs } from './walkthrough';

const io = { stdout: process.stdout, stderr: process.stderr, now: () => Date.now() };

const main = async (): Promise<number> => {
  const dir = resolve(process.argv[2] ?? '.demo');
  await rm(dir, { recursive: true, force: true });

  console.log(`complaint-ledger demo — file stores under ${dir}`);
  const opened = await openFileEventStore(join(dir, 'walkthrough'));
  if (E.isLeft(opened)) {
    console.error(describeStoreError(opened.left));
    return 1;
  }
  const store = opened.right;
  const { failures } = await runWalkthroughs(store, '2026-03-02T01:00:00Z', console.log);
  await store.close();
  if (failures.length > 0) {
    console.error(`\n${failures.length} unexpected outcomes:\n${failures.join('\n')}`);
    return 1;
  }

  const portfolio = join(dir, 'store');
  const steps: [string, string[]][] = [
    ['Seeding four centres, January–June 2026', ['seed-demo', '--store', portfolio]],
    [
      'SLA dashboard as of 2026-06-20 12:00 Shanghai time',
      ['dashboard', '--store', portfolio, '--now', '2026-06-20T12:00:00+08:00', '--limit', '8'],
    ],
    [
      'Monthly complaint analysis report for June 2026',
      ['report', '--store', portfolio, '--month', '2026-06', '--out', join(dir, 'reports')],
    ],
  ];
  for (const [title, argv] of steps) {
    console.log(`\n== ${title} ==  (complaint-ledger ${argv.join(' ')})`);
    const code = await runCli(argv, io);
    if (code !== 0) return code;
  }
  return 0;
};

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
