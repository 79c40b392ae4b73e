import * as E from 'fp-ts/Either';
import { createMemoryEventStore } from '../../adapters/memory/index';
import { handleCentreCommand } from '../../src/centre/handler';
import type { CentreCommand } from '../../src/centre/commands';
import type { ComplaintCommand } from '../../src/complaint/commands';
import type { ComplaintEvent } from '../../src/complaint/events';
import { CURRENT_SCHEMA_VERSION } from '../../src/complaint/upcasters';
import { complaintStreamId } from '../../src/complaint/vocabulary';
import { createCommandHandler } from '../../src/handler/handler';
import { hongchangPolicy } from '../../src/policy/hongchang';
import type { Policy } from '../../src/policy/types';
import { HOUR_MS, instantFromMillis } from '../../src/shared/time';
import { slaContext } from '../../src/sla/context';
import type { StoredEvent } from '../../src/store/envelope';
import { ScoringProjection } from '../../src/scoring/projection';
import { type ScoringView, scoringView } from '../../src/scoring/view';

/** Monday 2 March 2026, 09:00 in Shanghai. */
export const T0 = Date.parse('2026-03-02T09:00:00+08:00');
export const at = (hours: number, from = T0): string => instantFromMillis(from + hours * HOUR_MS);

/** Run commands through the real handlers on a memory store; every event read back. */
export const history = async (
  commands: readonly (ComplaintCommand | CentreCommand)[],
  policy: Policy = hongchangPolicy,
): Promise<StoredEvent[]> => {
  const store = createMemoryEventStore();
  const handler = createCommandHandler({ store, policy });
  for (const c of commands) {
    const failed =
      'complaintId' in c
        ? E.isLeft(await handler.handle(c))
        : E.isLeft(await handleCentreCommand(store, c));
    if (failed) throw new Error(`${c.type} refused`);
  }
  const events: StoredEvent[] = [];
  for await (const batch of store.readAll()) {
    if (E.isLeft(batch)) throw new Error('read failed');
    events.push(...batch.right);
  }
  await store.close();
  return events;
};

export const project = (events: readonly StoredEvent[]): ScoringProjection => {
  const projection = new ScoringProjection();
  const error = projection.applyAll(events);
  if (error !== undefined) throw new Error(`unreadable event: ${JSON.stringify(error)}`);
  return projection;
};

export const viewOf = (
  events: readonly StoredEvent[],
  now: number,
  policy: Policy = hongchangPolicy,
  centres?: readonly string[],
): ScoringView => {
  const ctx = slaContext(policy);
  if (E.isLeft(ctx)) throw new Error(ctx.left.message);
  const view = scoringView(
    ctx.right,
    project(events),
    now,
    centres === undefined ? {} : { centres },
  );
  if (E.isLeft(view)) throw new Error(view.left.message);
  return view.right;
};

const uuid = (n: number): string => `00000000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;

/**
 * Envelopes for the events of several complaints, as a store would give them back: each
 * stream in order, streams interleaved round-robin, positions from 1.
 */
export const envelopes = (
  complaints: readonly {
    readonly complaintId: string;
    readonly events: readonly ComplaintEvent[];
  }[],
): StoredEvent[] => {
  const out: StoredEvent[] = [];
  const cursors = complaints.map(() => 0);
  let position = 0;
  for (let more = true; more; ) {
    more = false;
    complaints.forEach((c, i) => {
      const k = cursors[i]!;
      const e = c.events[k];
      if (e === undefined) return;
      more = true;
      cursors[i] = k + 1;
      position++;
      out.push({
        eventId: uuid(position),
        streamId: complaintStreamId(c.complaintId),
        streamVersion: k + 1,
        globalPosition: position,
        type: e.type,
        schemaVersion: CURRENT_SCHEMA_VERSION[e.type],
        recordedAt: e.data.at,
        metadata: {},
        data: e.data as StoredEvent['data'],
      });
    });
  }
  return out;
};

/** A general complaint; `late` names the steps done after their limit. */
export const generalComplaint = (
  complaintId: string,
  centre: string,
  received: number,
  late: readonly ('verify' | 'negotiate' | 'sign' | 'close')[] = [],
  more: { repeatOf?: string; revisitAfterDays?: number | null; refuse?: boolean } = {},
): ComplaintCommand[] => {
  const t = (h: number) => at(h, received);
  const v = late.includes('verify') ? 50 : 10;
  const n = v + (late.includes('negotiate') ? 50 : 10);
  const s = n + (late.includes('sign') ? 30 : 5);
  const refused = more.refuse === true;
  const c = late.includes('close') ? 250 : s + (refused ? 12 : 2);
  const id = { complaintId };
  const commands: ComplaintCommand[] = [
    {
      type: 'ReceiveComplaint',
      ...id,
      at: t(0),
      centre,
      channel: 'phone',
      customer: { id: 'CUST-1' },
      summary: 'Invoice shows the wrong weight',
      ...(more.repeatOf === undefined ? {} : { repeatOf: more.repeatOf }),
    },
    { type: 'ClassifyComplaint', ...id, at: t(1), complaintClass: 'general' },
    {
      type: 'VerifyComplaint',
      ...id,
      at: t(v),
      finding: 'Scale error',
      responsibleDepartment: 'billing',
    },
    { type: 'NegotiateAgreement', ...id, at: t(n), agreement: 'Re-issue the invoice' },
    { type: 'SignAgreement', ...id, at: t(s), signedBy: 'Deputy GM' },
  ];
  if (refused)
    commands.push(
      { type: 'RecordCustomerRefusal', ...id, at: t(s + 1), reason: 'Wants a discount too' },
      { type: 'NegotiateAgreement', ...id, at: t(s + 3), agreement: 'Invoice and 5% off' },
      { type: 'SignAgreement', ...id, at: t(s + 5), signedBy: 'Deputy GM' },
    );
  commands.push({
    type: 'CloseComplaint',
    ...id,
    at: t(c),
    result: 'Invoice corrected',
    writtenNotice: 'email',
  });
  const revisit = more.revisitAfterDays === undefined ? 10 : more.revisitAfterDays;
  if (revisit !== null)
    commands.push({
      type: 'RevisitCustomer',
      ...id,
      at: t(c + revisit * 24),
      verdict: 'satisfied',
    });
  return commands;
};
