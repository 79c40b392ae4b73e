import * as E from 'fp-ts/Either';
import { openFileEventStore } from '../../../adapters/file/index';
import { YearMonth } from '../../centre/month';
import { describeStoreError } from '../../store/errors';
import { type ParsedArgs, UsageError, checkKnown, intOption, required } from '../args';
import { seedDemo } from '../demo/seed';
import type { CliIo } from '../io';
import { CliFailure, loadPolicy } from '../load';
import { createProgress } from '../progress';

/** `seed-demo`: write the demo (four centres, six months) into an empty store. */
export const seedDemoCommand = async (args: ParsedArgs, io: CliIo): Promise<number> => {
  checkKnown(args, ['store', 'last-month', 'months', 'policy']);
  const directory = required(args, 'store');
  const lastMonth = args.options.get('last-month') ?? '2026-06';
  if (!YearMonth.is(lastMonth)) throw new UsageError('--last-month must be YYYY-MM');
  const months = intOption(args, 'months', 1, 6);
  const policy = loadPolicy(args.options.get('policy'));
  // Bulk load of data that can be made again: the OS's durability is enough.
  const opened = await openFileEventStore(directory, { durability: 'os' });
  if (E.isLeft(opened))
    throw new CliFailure(`cannot open the store ${directory}: ${describeStoreError(opened.left)}`);
  const store = opened.right;
  try {
    for await (const batch of store.readAll({ batchSize: 1 })) {
      if (E.isLeft(batch)) throw new CliFailure(describeStoreError(batch.left));
      if (batch.right.length > 0)
        throw new CliFailure(`the store ${directory} is not empty: seed an empty directory`);
      break;
    }
    const progress = createProgress(io.stderr, { label: 'seed', unit: 'commands' });
    const result = await seedDemo(store, policy, { lastMonth, months }, (done, total) =>
      progress.update(done, total),
    );
    progress.finish();
    if (E.isLeft(result)) throw new CliFailure(result.left.message);
    io.stdout.write(
      `seeded ${directory}: ${result.right.events} events from ${result.right.commands} commands (${months} months to ${lastMonth})\n`,
    );
    return 0;
  } finally {
    await store.close();
  }
};
