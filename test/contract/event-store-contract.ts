import { afterEach, beforeEach, describe } from 'vitest';
import type { EventStore } from '../../src/store/port';
import type { ContractContext } from './helpers';
import { uniquePrefix } from './helpers';
import { atomicity } from './sections/atomicity';
import { badInput } from './sections/bad-input';
import { closedStore } from './sections/closed-store';
import { concurrency } from './sections/concurrency';
import { durability } from './sections/durability';
import { expectedVersion } from './sections/expected-version';
import { idempotency } from './sections/idempotency';
import { ordering } from './sections/ordering';
import { anySequence } from './sections/property';
import { readAll } from './sections/read-all';
import { readStream } from './sections/read-stream';
import { roundTrip } from './sections/round-trip';
import { subscriptions } from './sections/subscriptions';

/** What an adapter hands the contract for one test. */
export interface ContractSubject {
  readonly store: EventStore;
  /** reopen the same storage after close(), for durable stores */
  readonly reopen?: () => Promise<EventStore>;
  /** Release what the factory made (close the store even when the test closed it already). */
  readonly cleanup: () => Promise<void>;
}

/**
 * The behaviour every EventStore adapter must have (memory, file, PostgreSQL, yours).
 * `factory` is called once per test and must return a fresh, open store; it may share its
 * storage with earlier tests, since every test writes only streams under its own prefix and
 * reads the global log from positions it saw itself.
 *
 * Adapters are expected to check append input with `checkAppend` (src/store) so that bad
 * input is refused with the same DecodeError paths everywhere. The fast-check property
 * runs `CONTRACT_NUM_RUNS` times (default 25).
 */
export interface ContractOptions {
  /** Durable stores run the close-and-reopen section; their subjects must give `reopen`. */
  readonly durable: boolean;
}

export const describeEventStoreContract = (
  adapterName: string,
  factory: () => Promise<ContractSubject>,
  options: ContractOptions = { durable: true },
): void => {
  describe(`EventStore contract: ${adapterName}`, () => {
    let subject: ContractSubject | undefined;
    let context: ContractContext | undefined;

    beforeEach(async () => {
      const made = await factory();
      const prefix = uniquePrefix();
      subject = made;
      context = {
        store: made.store,
        prefix,
        stream: (name) => `${prefix}-${name}`,
        mine: (e) => e.streamId.startsWith(`${prefix}-`),
        reopen: made.reopen,
      };
    });

    afterEach(async () => {
      const done = subject;
      subject = undefined;
      context = undefined;
      await done?.cleanup();
    });

    const current = (): ContractContext => {
      if (context === undefined) throw new Error('the contract ran a test without its store');
      return context;
    };

    describe('round trip', () => roundTrip(current));
    describe('ordering', () => ordering(current));
    describe('expected version', () => expectedVersion(current));
    describe('atomic appends', () => atomicity(current));
    describe('idempotent appends', () => idempotency(current));
    describe('readStream and streamVersion', () => readStream(current));
    describe('readAll', () => readAll(current));
    describe('subscriptions', () => subscriptions(current));
    describe('bad input', () => badInput(current));
    describe('closed store', () => closedStore(current));
    if (options.durable) describe('durability', () => durability(current));
    describe('concurrent appends', () => concurrency(current));
    describe('any sequence of appends', () => anySequence(current));
  });
};
