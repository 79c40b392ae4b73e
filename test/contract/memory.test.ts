import { createMemoryEventStore } from '../../adapters/memory';
import { describeEventStoreContract } from './event-store-contract';

describeEventStoreContract('memory', async () => {
  const store = createMemoryEventStore();
  return { store, cleanup: () => store.close() };
});
