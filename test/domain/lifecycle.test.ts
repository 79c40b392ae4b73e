import { describe, expect, it } from 'vitest';
import { stepCompletedBy } from '../../src/complaint/events';
import { hongchangPolicy } from '../../src/policy/hongchang';
import { toMillis } from '../../src/shared/time';
import {
  CLASS_IDS,
  ID,
  accepted,
  classify,
  h,
  lifecycles,
  opened,
  receive,
  report,
  run,
  verify,
} from './fixtures';

const EXPECTED_EVENTS = {
  invalid: [
    'ComplaintReceived',
    'ComplaintClassified',
    'ComplaintVerified',
    'CustomerContacted',
    'ComplaintClosed',
    'ComplaintRevisited',
  ],
  general: [
    'ComplaintReceived',
    'ComplaintClassified',
    'ComplaintVerified',
    'AgreementNegotiated',
    'AgreementSigned',
    'ComplaintClosed',
    'ComplaintRevisited',
  ],
  generalServiceQuality: [
    'ComplaintReceived',
    'ComplaintClassified',
    'ComplaintVerified',
    'SolutionDrafted',
    'RectificationNoticeIssued',
    'RectificationInspected',
    'CustomerAccepted',
    'ComplaintClosed',
    'ComplaintRevisited',
  ],
  majorServiceQuality: [
    'ComplaintReceived',
    'ComplaintClassified',
    'ComplaintVerified',
    'ReportedToLeadership',
    'AgreementNegotiated',
    'RectificationNoticeIssued',
    'RectificationInspected',
    'CustomerAccepted',
    'ComplaintClosed',
    'ComplaintRevisited',
  ],
} as const;

describe.each(CLASS_IDS)('a %s complaint from receipt to revisit', (classId) => {
  const commands = lifecycles[classId];

  it('records one event per command, in lifecycle order', () => {
    const { events } = run(commands);
    expect(events.map((e) => e.type)).toEqual(EXPECTED_EVENTS[classId]);
    // Each event happens at its command's instant.
    expect(events.map((e) => e.data.at)).toEqual(commands.map((c) => c.at));
  });

  it('completes every step its class lists, each at the time of its command', () => {
    const { state, events } = run(commands);
    const s = opened(state);
    const classSteps = hongchangPolicy.classes[classId]!.steps.map((r) => r.step);
    expect(Object.keys(s.completed).sort()).toEqual([...classSteps].sort());
    for (const e of events) {
      const step = stepCompletedBy(e);
      if (step !== undefined) expect(s.completed[step]).toBe(toMillis(e.data.at));
    }
  });

  it('ends closed and revisited, with the closing and revisit times kept', () => {
    const s = opened(run(commands).state);
    const closeCommand = commands.find((c) => c.type === 'CloseComplaint')!;
    const revisitCommand = commands.find((c) => c.type === 'RevisitCustomer')!;
    expect(s).toMatchObject({
      status: 'closed',
      complaintId: ID,
      complaintClass: classId,
      closedAt: toMillis(closeCommand.at),
      revisitedAt: toMillis(revisitCommand.at),
      lastEventAt: toMillis(revisitCommand.at),
      waitingSince: null,
      escalated: false,
    });
  });

  it('is open, and not closable, at every step before the close', () => {
    const closeAt = commands.findIndex((c) => c.type === 'CloseComplaint');
    for (let i = 1; i < closeAt; i++) {
      const s = opened(run(commands.slice(0, i)).state);
      expect(s.status).toBe('open');
      expect(s.closedAt).toBeNull();
    }
  });
});

describe('what each step records', () => {
  it('receipt keeps channel, customer, reference, centre and summary (客户投诉记录表)', () => {
    const [event] = accepted([], receive(h(0), { repeatOf: 'C-2025-0999' as never }));
    expect(event).toEqual({
      type: 'ComplaintReceived',
      data: {
        at: h(0),
        complaintId: ID,
        centre: 'call-centre',
        channel: 'phone',
        customer: { id: 'CUST-7', name: 'Anhui Steel', grade: 'A' },
        reference: { shipmentId: 'SHP-4411' },
        summary: 'Pallet of steel coils arrived dented',
        repeatOf: 'C-2025-0999',
      },
    });
    const s = opened(run([receive(h(0))]).state);
    expect(s).toMatchObject({
      status: 'open',
      centre: 'call-centre',
      receivedAt: toMillis(h(0)),
      complaintClass: null,
      completed: {},
      notices: [],
    });
  });

  it('a receipt without reference or repeat records neither key', () => {
    const [event] = accepted([], receive(h(0), { reference: undefined }));
    expect(event?.data).not.toHaveProperty('reference');
    expect(event?.data).not.toHaveProperty('repeatOf');
  });

  it('verification keeps the finding and the responsible department', () => {
    const [event] = accepted([receive(h(0)), classify(h(1), 'general')], verify(h(2)));
    expect(event).toEqual({
      type: 'ComplaintVerified',
      data: {
        at: h(2),
        finding: 'Forklift damage at the Hefei depot',
        substantiated: true,
        responsibleDepartment: 'hefei-depot',
      },
    });
  });

  it('a major complaint is reported to leadership and the operations department (备案)', () => {
    const [event] = accepted(
      [receive(h(0)), classify(h(1), 'majorServiceQuality'), verify(h(2))],
      report(h(3)),
    );
    expect(event).toEqual({
      type: 'ReportedToLeadership',
      data: { at: h(3), reportedTo: ['company leadership', 'operations department'] },
    });
  });

  it('the close records the result and how it went to the customer in writing', () => {
    const { events } = run(lifecycles.general);
    expect(events.find((e) => e.type === 'ComplaintClosed')?.data).toEqual({
      at: h(100),
      result: 'Freight refunded, depot procedure changed',
      writtenNotice: 'letter',
    });
  });

  it('the revisit records the customer verdict', () => {
    const { events } = run(lifecycles.invalid);
    expect(events.at(-1)).toEqual({
      type: 'ComplaintRevisited',
      data: { at: h(31 + 24 * 20), verdict: 'satisfied' },
    });
  });
});
