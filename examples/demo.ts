/**
 * The main job: one complaint of each class of the default policy, from receipt to
 * revisit, through the command handler on an event store, then a replay of the log.
 * Run: npm run demo
 */
import { describeStoreError } from 'complaint-ledger';
import { createMemoryEventStore } from 'complaint-ledger/memory';
import * as E from 'fp-ts/Either';
import { runWalkthroughs } from './walkthrough';

const main = async (): Promise<number> => {
  const store = createMemoryEventStore();
  console.log('complaint-ledger demo — store: memory');
  const { states, failures } = await runWalkthroughs(store, '2026-03-02T01:00:00Z', console.log);

  let events = 0;
  for await (const batch of store.readAll({ batchSize: 500 })) {
    if (E.isLeft(batch)) {
      console.error(describeStoreError(batch.left));
      return 1;
    }
    events += batch.right.length;
  }
  console.log(`\n${events} events stored; final states:`);
  for (const [cls, state] of Object.entries(states)) {
    if (state.status !== 'none')
      console.log(
        `  ${cls.padEnd(22)} ${state.complaintId.padEnd(11)} ${state.status}, revisited: ${state.revisitedAt !== null}`,
      );
  }
  await store.close();
  if (failures.length > 0) {
    console.error(`\n${failures.length} unexpected outcomes:\n${failures.join('\n')}`);
    return 1;
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
