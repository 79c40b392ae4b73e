import { createCommandHandler, describeHandleError, hongchangPolicy } from 'complaint-ledger';
import { createMemoryEventStore } from 'complaint-ledger/memory';
import * as E from 'fp-ts/Either';

export async function usage(): Promise<string> {
  const store = createMemoryEventStore();
  const complaints = createCommandHandler({ store, policy: hongchangPolicy });

  // Time comes in with each command: the core never reads a clock.
  const received = await complaints.handle({
    type: 'ReceiveComplaint',
    complaintId: 'C-2026-0001',
    at: '2026-03-02T09:15:00+08:00',
    centre: 'call-centre',
    channel: 'phone',
    customer: { id: 'CUST-17', grade: 'A' },
    summary: 'Shipment arrived two days late',
  });
  if (E.isLeft(received)) return describeHandleError(received.left);

  const closed = await complaints.handle({
    type: 'CloseComplaint',
    complaintId: 'C-2026-0001',
    at: '2026-03-02T10:00:00+08:00',
    result: 'Refund issued',
    writtenNotice: 'letter',
  });
  // Rejections are values: this one says the complaint must be classified first.
  if (E.isLeft(closed) && closed.left._tag === 'ComplaintRejected') return closed.left.code;
  return 'closed';
}
