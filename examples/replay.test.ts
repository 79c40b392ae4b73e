import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCommandHandler, hongchangPolicy, ScoringProjection } from 'complaint-ledger';
import { openFileEventStore } from 'complaint-ledger/file';
import * as E from 'fp-ts/Either';
import { afterAll, describe, expect, it } from 'vitest';
import { rebuild } from './replay';

const dir = mkdtempSync(join(tmpdir(), 'complaint-replay-example-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('examples/replay.ts', () => {
  it('is shown verbatim in the file store README', () => {
    const readme = readFileSync(new URL('../adapters/file/README.md', import.meta.url), 'utf8');
    const block = /<!-- replay:start -->\n```ts\n([\s\S]*?)```\n<!-- replay:end -->/.exec(readme);
    expect(block?.[1]).toBe(readFileSync(new URL('./replay.ts', import.meta.url), 'utf8'));
  });

  it('rebuilds what applying the log event by event builds', async () => {
    const opened = await openFileEventStore(dir);
    if (E.isLeft(opened)) throw new Error(opened.left._tag);
    const store = opened.right;
    const handler = createCommandHandler({ store, policy: hongchangPolicy });
    for (let i = 1; i <= 3; i++) {
      const received = await handler.handle({
        type: 'ReceiveComplaint',
        complaintId: `C-${i}`,
        at: '2026-03-02T09:15:00+08:00',
        centre: `centre-${i % 2}`,
        channel: 'phone',
        customer: { id: `CUST-${i}` },
        summary: 'Shipment arrived two days late',
      });
      expect(E.isRight(received)).toBe(true);
    }
    const expected = new ScoringProjection();
    for await (const batch of store.readAll()) {
      if (E.isLeft(batch)) throw new Error(batch.left._tag);
      expect(expected.applyAll(batch.right)).toBeUndefined();
    }
    await store.close();

    const scoring = await rebuild(dir);
    expect(scoring.position).toBe(3);
    expect([...scoring.sla.complaints()].map((r) => [r.complaintId, r.centre])).toEqual(
      [...expected.sla.complaints()].map((r) => [r.complaintId, r.centre]),
    );
  });
});
