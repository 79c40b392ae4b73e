import * as E from 'fp-ts/Either';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ComplaintCommand } from '../../src/complaint/commands';
import { decide } from '../../src/complaint/decide';
import { evolve } from '../../src/complaint/evolve';
import { type ComplaintState, initialState } from '../../src/complaint/state';
import { hongchangPolicy } from '../../src/policy/hongchang';
import { describeCommand, scaledRuns } from '../../src/testing/index';
import { CLASS_NAMES, ComplaintModel, type ModelCommand, type Step } from './reference-model';

/** Monday 2 March 2026, 09:00 in Shanghai. */
const T0 = Date.parse('2026-03-02T01:00:00Z');
const HOUR = 3_600_000;

interface Model {
  readonly complaint: ComplaintModel;
}
interface Real {
  state: ComplaintState;
}

/** The aggregate's state as the same facts the model keeps. */
const factsOf = (s: ComplaintState) => {
  if (s.status === 'none')
    return {
      received: false,
      complaintClass: null,
      done: [],
      openNotice: null,
      notices: [],
      escalated: false,
      waiting: false,
      closed: false,
      revisited: false,
    };
  const last = s.notices[s.notices.length - 1];
  return {
    received: true,
    complaintClass: s.complaintClass,
    done: Object.keys(s.completed)
      .filter((k) => k !== 'close' && k !== 'revisit')
      .sort(),
    openNotice: last?.result === 'open' ? last.noticeId : null,
    notices: s.notices.map((n) => `${n.noticeId}:${n.result}`),
    escalated: s.escalated,
    waiting: s.waitingSince !== null,
    closed: s.status === 'closed',
    revisited: s.revisitedAt !== null,
  };
};

/** Fill in what the aggregate needs and the model ignores (texts, channels). */
const toCommand = (c: ModelCommand): ComplaintCommand => {
  const base = { complaintId: c.complaintId, at: c.at };
  switch (c.type) {
    case 'ReceiveComplaint':
      return {
        ...base,
        type: c.type,
        centre: 'call-centre',
        channel: 'phone',
        customer: { id: 'CUST-7' },
        summary: 'Pallet arrived dented',
      };
    case 'ClassifyComplaint':
      return { ...base, type: c.type, complaintClass: c.complaintClass };
    case 'ReclassifyComplaint':
      return {
        ...base,
        type: c.type,
        complaintClass: c.complaintClass,
        reason: 'After verification',
      };
    case 'VerifyComplaint':
      return { ...base, type: c.type, finding: 'Forklift damage' };
    case 'ContactCustomer':
      return { ...base, type: c.type, explanation: 'Outside the contract' };
    case 'NegotiateAgreement':
      return { ...base, type: c.type, agreement: 'Refund' };
    case 'SignAgreement':
      return { ...base, type: c.type, signedBy: 'Deputy GM' };
    case 'ReportToLeadership':
      return { ...base, type: c.type };
    case 'DraftSolution':
      return { ...base, type: c.type, solution: 'Retrain the crew' };
    case 'IssueRectificationNotice':
      return {
        ...base,
        type: c.type,
        noticeId: c.noticeId,
        responsibleDepartment: 'depot',
        requirements: 'Corner protectors',
        ...(c.deadline === undefined ? {} : { deadline: c.deadline }),
      };
    case 'InspectRectification':
      return { ...base, type: c.type, noticeId: c.noticeId, result: c.result };
    case 'RecordCustomerAcceptance':
      return { ...base, type: c.type };
    case 'RecordCustomerRefusal':
      return { ...base, type: c.type, reason: 'Still damaged' };
    case 'EscalateToCoordinationMeeting':
      return { ...base, type: c.type, reason: 'No department settles it' };
    case 'StartWaitingOnCustomer':
      return { ...base, type: c.type, reason: 'Waiting for photos' };
    case 'EndWaitingOnCustomer':
      return { ...base, type: c.type };
    case 'CloseComplaint':
      return { ...base, type: c.type, result: 'Refunded', writtenNotice: 'letter' };
    case 'RevisitCustomer':
      return { ...base, type: c.type, verdict: 'satisfied' };
  }
};

type Build = (complaint: ComplaintModel, at: string) => ModelCommand;

/**
 * One step of a run: a command built at run time (its time follows the model's last
 * accepted command by `hours`, which may be negative), applied to both sides.
 */
class Step_ implements fc.Command<Model, Real> {
  private shown = '(not run)';
  constructor(
    private readonly label: string,
    private readonly hours: number,
    private readonly build: Build,
  ) {}
  check(): boolean {
    return true;
  }
  run(m: Model, r: Real): void {
    const base = Number.isFinite(m.complaint.lastAt) ? m.complaint.lastAt : T0;
    const at = new Date(base + this.hours * HOUR).toISOString();
    const modelCommand = this.build(m.complaint, at);
    const command = toCommand(modelCommand);
    this.shown = `${describeCommand(command)} @${this.hours}h`;
    const decision = decide(command, r.state, hongchangPolicy);
    const modelAccepts = m.complaint.apply(modelCommand);
    if (modelAccepts !== E.isRight(decision))
      throw new Error(
        `disagree on ${this.shown}: model ${modelAccepts ? 'accepts' : 'refuses'}, aggregate ${
          E.isRight(decision)
            ? 'accepts'
            : `refuses (${decision.left.code}: ${decision.left.message})`
        }`,
      );
    if (E.isRight(decision)) r.state = decision.right.reduce(evolve, r.state);
    expect(factsOf(r.state)).toEqual(m.complaint.facts());
  }
  toString(): string {
    return `${this.label}: ${this.shown}`;
  }
}

const ID = 'C-1';
const hours = fc.oneof(
  { weight: 10, arbitrary: fc.integer({ min: 0, max: 60 }) },
  { weight: 1, arbitrary: fc.integer({ min: -3, max: -1 }) },
);
const id = fc.oneof(
  { weight: 20, arbitrary: fc.constant(ID) },
  { weight: 1, arbitrary: fc.constant('C-2') },
);
const className = fc.constantFrom(...CLASS_NAMES, 'vip', '__proto__', 'toString');
const noticeId = fc.constantFrom('N1', 'N2', 'N3', 'N4');

const plain = (
  type: Exclude<
    ModelCommand['type'],
    | 'ClassifyComplaint'
    | 'ReclassifyComplaint'
    | 'IssueRectificationNotice'
    | 'InspectRectification'
  >,
) =>
  fc
    .tuple(hours, id)
    .map(
      ([h, complaintId]) =>
        new Step_(type, h, (_, at) => ({ type, complaintId, at }) as ModelCommand),
    );

/** Deadlines: the policy's default, a later one, or one not after the issue (refused). */
const deadlineHours = fc.option(
  fc.oneof(fc.integer({ min: 1, max: 300 }), fc.integer({ min: -5, max: 0 })),
  {
    nil: undefined,
  },
);

const STEP_COMMAND: Record<Exclude<Step, 'issueNotice' | 'rectify'>, ModelCommand['type']> = {
  verify: 'VerifyComplaint',
  explain: 'ContactCustomer',
  negotiate: 'NegotiateAgreement',
  sign: 'SignAgreement',
  report: 'ReportToLeadership',
  draftSolution: 'DraftSolution',
  accept: 'RecordCustomerAcceptance',
};

/** The next step the model says is open (or closing when none is): reaches the late states. */
const next = fc
  .tuple(fc.nat(), hours, fc.constantFrom('passed', 'failed') as fc.Arbitrary<'passed' | 'failed'>)
  .map(
    ([pick, h, result]) =>
      new Step_('next', h, (complaint, at): ModelCommand => {
        const open = complaint.nextSteps();
        const step = open[pick % Math.max(1, open.length)];
        const c = { complaintId: ID, at };
        if (!complaint.received) return { ...c, type: 'ReceiveComplaint' };
        if (complaint.complaintClassIsUnset())
          return { ...c, type: 'ClassifyComplaint', complaintClass: CLASS_NAMES[pick % 4]! };
        if (step === undefined)
          return { ...c, type: complaint.closed ? 'RevisitCustomer' : 'CloseComplaint' };
        if (step === 'issueNotice')
          return {
            ...c,
            type: 'IssueRectificationNotice',
            noticeId: `N${complaint.noticeCount() + 1}`,
          };
        if (step === 'rectify')
          return {
            ...c,
            type: 'InspectRectification',
            noticeId: complaint.openNoticeId() ?? 'N0',
            result,
          };
        return { ...c, type: STEP_COMMAND[step] } as ModelCommand;
      }),
  );

const commands = fc.commands(
  [
    next,
    next,
    next,
    next,
    plain('ReceiveComplaint'),
    fc.tuple(hours, className).map(
      ([h, complaintClass]) =>
        new Step_('classify', h, (_, at) => ({
          type: 'ClassifyComplaint',
          complaintId: ID,
          at,
          complaintClass,
        })),
    ),
    fc.tuple(hours, className).map(
      ([h, complaintClass]) =>
        new Step_('reclassify', h, (_, at) => ({
          type: 'ReclassifyComplaint',
          complaintId: ID,
          at,
          complaintClass,
        })),
    ),
    plain('VerifyComplaint'),
    plain('ContactCustomer'),
    plain('NegotiateAgreement'),
    plain('SignAgreement'),
    plain('ReportToLeadership'),
    plain('DraftSolution'),
    fc.tuple(hours, noticeId, deadlineHours).map(
      ([h, n, d]) =>
        new Step_('issue', h, (_, at) => ({
          type: 'IssueRectificationNotice',
          complaintId: ID,
          at,
          noticeId: n,
          ...(d === undefined
            ? {}
            : { deadline: new Date(Date.parse(at) + d * HOUR).toISOString() }),
        })),
    ),
    fc.tuple(hours, noticeId, fc.constantFrom('passed' as const, 'failed' as const)).map(
      ([h, n, result]) =>
        new Step_('inspect', h, (_, at) => ({
          type: 'InspectRectification',
          complaintId: ID,
          at,
          noticeId: n,
          result,
        })),
    ),
    plain('RecordCustomerAcceptance'),
    plain('RecordCustomerRefusal'),
    plain('EscalateToCoordinationMeeting'),
    plain('StartWaitingOnCustomer'),
    plain('EndWaitingOnCustomer'),
    plain('CloseComplaint'),
    plain('RevisitCustomer'),
  ],
  { maxCommands: 60, size: 'max' },
);

const setup = () => ({ model: { complaint: new ComplaintModel() }, real: { state: initialState } });

describe('the aggregate against an independent reference model (POLICY.md)', () => {
  it('agrees on every accept/reject and on the resulting facts, over random command runs', () => {
    fc.assert(
      fc.property(commands, (cmds) => {
        fc.modelRun(setup, cmds);
      }),
      { numRuns: scaledRuns(400) },
    );
  });

  it('the runs reach the late states: closed and revisited service-quality complaints', () => {
    // Guard against a model test that only ever compares the first steps.
    const reached = new Set<string>();
    for (const cmds of fc.sample(commands, { numRuns: 300, seed: 11 })) {
      const { model, real } = setup();
      fc.modelRun(() => ({ model, real }), cmds);
      const f = model.complaint.facts();
      if (f.closed) reached.add(`closed:${f.complaintClass}`);
      if (f.revisited) reached.add('revisited');
      if (f.notices.some((n) => n.endsWith(':failed'))) reached.add('failed inspection');
    }
    for (const cls of CLASS_NAMES) expect(reached, cls).toContain(`closed:${cls}`);
    expect(reached).toContain('revisited');
    expect(reached).toContain('failed inspection');
  });
});
