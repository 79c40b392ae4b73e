import * as E from 'fp-ts/Either';
import fc from 'fast-check';
import {
  type ComplaintCommand,
  type ComplaintEvent,
  type ComplaintState,
  complaintStreamId,
  decide,
  evolve,
  hongchangPolicy,
  initialState,
  openNotice,
  type Policy,
  type StoredEvent,
  toNewEvent,
} from '../../src/index';
import { HOUR, iso } from './helpers';

const CLASSES = ['invalid', 'general', 'generalServiceQuality', 'majorServiceQuality'] as const;

/**
 * A policy that exercises pauses, working time, roll-forward and the other reading of a step
 * the coordination meeting settles (cancelled, not stopped) on top of the default.
 */
export const variantPolicy: Policy = {
  ...hongchangPolicy,
  version: `${hongchangPolicy.version}-variant`,
  sla: { ...hongchangPolicy.sla, settledByMeeting: 'cancelled' },
  classes: Object.fromEntries(
    Object.entries(hongchangPolicy.classes).map(([id, cls]) => [
      id,
      {
        ...cls,
        steps: cls.steps.map((rule) => {
          if (rule.step === 'verify')
            return {
              ...rule,
              pausable: true,
              limit: { kind: 'hours', hours: 16, clock: 'working' },
            };
          if (rule.step === 'close')
            return { ...rule, limit: { kind: 'days', days: 10, rollToWorkingDay: true } };
          if (rule.step === 'negotiate' || rule.step === 'rectify')
            return { ...rule, pausable: true };
          return rule;
        }),
      },
    ]),
  ) as Policy['classes'],
};

const candidates = (
  id: string,
  state: ComplaintState,
  at: string,
  param: number,
  notices: number,
): ComplaintCommand[] => {
  const c = { complaintId: id, at };
  const open =
    state.status === 'none'
      ? undefined
      : state.status === 'open' || state.status === 'closed'
        ? openNotice(state)
        : undefined;
  const cls = CLASSES[param % CLASSES.length]!;
  const list: ComplaintCommand[] = [
    { type: 'ClassifyComplaint', ...c, complaintClass: cls },
    { type: 'ReclassifyComplaint', ...c, complaintClass: cls, reason: 'new facts' },
    { type: 'VerifyComplaint', ...c, finding: 'checked' },
    { type: 'ContactCustomer', ...c, explanation: 'explained' },
    { type: 'NegotiateAgreement', ...c, agreement: 'refund' },
    { type: 'SignAgreement', ...c, signedBy: 'GM' },
    { type: 'ReportToLeadership', ...c },
    { type: 'DraftSolution', ...c, solution: 'fix' },
    {
      type: 'IssueRectificationNotice',
      ...c,
      noticeId: `N-${notices + 1}`,
      responsibleDepartment: 'hub',
      requirements: 'repair',
      deadline: iso(Date.parse(at) + (1 + (param % 96)) * HOUR),
    },
    { type: 'RecordCustomerAcceptance', ...c },
    { type: 'RecordCustomerRefusal', ...c, reason: 'not fixed' },
    { type: 'StartWaitingOnCustomer', ...c, reason: 'photos' },
    { type: 'EndWaitingOnCustomer', ...c },
    { type: 'EscalateToCoordinationMeeting', ...c, reason: 'stuck' },
    { type: 'CloseComplaint', ...c, result: 'done', writtenNotice: 'letter' },
    { type: 'RevisitCustomer', ...c, verdict: 'satisfied' },
  ];
  if (open !== undefined)
    list.push({
      type: 'InspectRectification',
      ...c,
      noticeId: open.noticeId,
      result: param % 3 === 0 ? 'failed' : 'passed',
    });
  return list;
};

export interface Generated {
  readonly policy: Policy;
  readonly events: StoredEvent[];
  /** Domain time span of the history, for choosing `now`. */
  readonly first: number;
  readonly last: number;
}

const DETOURS: ReadonlySet<string> = new Set([
  'ReclassifyComplaint',
  'StartWaitingOnCustomer',
  'EndWaitingOnCustomer',
  'EscalateToCoordinationMeeting',
  'RecordCustomerRefusal',
]);

const stepArb = fc.tuple(fc.nat(), fc.integer({ min: 0, max: 30 * 60 }), fc.nat());

/**
 * Random valid histories: a few complaints, each driven by the real decider, picking among
 * the commands it would accept, interleaved in time. Recorded times trail domain times by a
 * random lag and never go backwards in store order.
 */
export const historyArb = (policies: readonly Policy[] = [hongchangPolicy, variantPolicy]) =>
  fc
    .record({
      policy: fc.constantFrom(...policies),
      start: fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 0, 10) }),
      complaints: fc.array(
        fc.record({
          offsetMinutes: fc.integer({ min: 0, max: 5 * 24 * 60 }),
          steps: fc.array(stepArb, { minLength: 1, maxLength: 30 }),
        }),
        { minLength: 1, maxLength: 5 },
      ),
      lags: fc.array(fc.integer({ min: 0, max: 6 * 60 }), { minLength: 1, maxLength: 20 }),
    })
    .map(({ policy, start, complaints, lags }): Generated => {
      const all: { streamId: string; version: number; event: ComplaintEvent; at: number }[] = [];
      complaints.forEach((spec, i) => {
        const id = `G-${i + 1}`;
        let state: ComplaintState = initialState;
        let at = start + spec.offsetMinutes * 60_000;
        let version = 0;
        let notices = 0;
        const push = (events: ComplaintEvent[]) => {
          for (const e of events) {
            state = evolve(state, e);
            if (e.type === 'RectificationNoticeIssued') notices++;
            all.push({ streamId: complaintStreamId(id), version: ++version, event: e, at });
          }
        };
        const received = decide(
          {
            type: 'ReceiveComplaint',
            complaintId: id,
            at: iso(at),
            centre: `centre-${(i % 2) + 1}`,
            channel: 'phone',
            customer: { id: `cust-${i}` },
            summary: 'late delivery',
          },
          state,
          policy,
        );
        if (E.isRight(received)) push(received.right);
        for (const [choice, minutes, param] of spec.steps) {
          at += minutes * 60_000;
          const accepted = candidates(id, state, iso(at), param, notices)
            .filter((command) => E.isRight(decide(command, state, policy)))
            .map((command) => ({ command, result: decide(command, state, policy) }));
          if (accepted.length === 0) continue;
          // Mostly move the complaint along; detours (waits, re-classification, refusal,
          // escalation) one time in four.
          const onward = accepted.filter((a) => !DETOURS.has(a.command.type));
          const pool = onward.length > 0 && choice % 4 !== 0 ? onward : accepted;
          const picked = pool[Math.floor(choice / 4) % pool.length]!.result;
          if (E.isRight(picked)) push(picked.right);
        }
      });
      all.sort((a, b) => a.at - b.at);
      let recorded = 0;
      const events = all.map((x, i): StoredEvent => {
        recorded = Math.max(recorded, x.at + lags[i % lags.length]! * 60_000);
        const n = toNewEvent(x.event);
        return {
          eventId: `00000000-0000-7000-8000-${String(i + 1).padStart(12, '0')}`,
          streamId: x.streamId,
          streamVersion: x.version,
          globalPosition: i + 1,
          type: n.type,
          schemaVersion: n.schemaVersion ?? 1,
          recordedAt: iso(recorded),
          metadata: {},
          data: n.data,
        };
      });
      return {
        policy,
        events,
        first: all[0]?.at ?? start,
        last: Math.max(all[all.length - 1]?.at ?? start, recorded),
      };
    });
