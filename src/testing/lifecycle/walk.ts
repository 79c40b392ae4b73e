import type { ComplaintCommand } from '../../complaint/commands';
import { type ComplaintState, initialState, openNotice } from '../../complaint/state';
import type { StepKind } from '../../policy/steps';
import type { ClassPolicy, Policy } from '../../policy/types';
import { HOUR_MS, instantFromMillis } from '../../shared/time';
import { type Outcome, step, type Trace, type TraceStep } from '../run';
import type { LifecyclePlan } from './plan';

/** A command the walk tried and the decider refused (or threw on). */
export interface Attempt {
  readonly command: ComplaintCommand;
  readonly outcome: Outcome;
}

export interface Walk {
  readonly plan: LifecyclePlan;
  /** The commands the decider accepted, in order: a valid history under the policy. */
  readonly commands: readonly ComplaintCommand[];
  readonly trace: Trace;
  /**
   * `closed` (and `revisited` when the plan revisits): the complaint finished. `stuck`: no
   * step the class calls for, nor closing, was accepted; `attempts` says why.
   */
  readonly outcome: 'closed' | 'revisited' | 'stuck';
  /** When stuck: every command tried at that point and why each was refused. */
  readonly attempts: readonly Attempt[];
}

/** A walk never runs longer than this: a policy whose steps never run out is stuck too. */
const MAX_COMMANDS = 200;

const classOf = (policy: Policy, state: ComplaintState): ClassPolicy | undefined => {
  if (state.status === 'none' || state.complaintClass === null) return undefined;
  const classes = policy.classes as Record<string, ClassPolicy> | undefined;
  return classes !== undefined && Object.hasOwn(classes, state.complaintClass)
    ? classes[state.complaintClass]
    : undefined;
};

const FINDING = 'Forklift damage at the depot';

/**
 * Walk a plan under a policy: receive, classify, then do the steps the current class
 * calls for, asking the decider which are open now, taking the plan's detours (waits,
 * re-classification, failed inspections, refusals, escalation) where the policy allows
 * them, then close and revisit. The walk knows the step vocabulary, not the rules: which
 * step may come when is the policy's and the decider's business, so a walk that cannot
 * finish is a finding about the policy.
 */
export const walk = (policy: Policy, plan: LifecyclePlan): Walk => {
  const steps: TraceStep[] = [];
  const commands: ComplaintCommand[] = [];
  const events: Trace['events'][number][] = [];
  let state: ComplaintState = initialState;
  let now = plan.startMs;
  let tick = 0;
  const id = plan.complaintId;

  const gapAt = (i: number) =>
    plan.gapsMs.length === 0 ? HOUR_MS : (plan.gapsMs[i % plan.gapsMs.length] ?? 0);
  /** The instant of the next command; taken only when that command is accepted. */
  const peekAt = () => instantFromMillis(tick === 0 ? now : now + gapAt(tick));
  const finish = (outcome: Walk['outcome'], attempts: readonly Attempt[] = []): Walk => ({
    plan,
    commands,
    trace: { steps, state, events },
    outcome,
    attempts,
  });

  /** Try a command at the next instant; keep it only if accepted. */
  const attempt = (make: (at: string) => ComplaintCommand): Attempt & { ok: boolean } => {
    const at = peekAt();
    const command = make(at);
    const result = step(policy, command, state);
    // A refused try takes no time: the story continues from the last accepted instant.
    if (result.outcome.kind !== 'accepted') return { command, outcome: result.outcome, ok: false };
    now = Date.parse(at);
    tick++;
    state = result.state;
    commands.push(command);
    events.push(...result.outcome.events);
    steps.push({ command, outcome: result.outcome, state });
    return { command, outcome: result.outcome, ok: true };
  };

  const received = attempt((at) => ({
    type: 'ReceiveComplaint',
    complaintId: id,
    at,
    ...plan.receipt,
  }));
  if (!received.ok) return finish('stuck', [received]);
  const classified = attempt((at) => ({
    type: 'ClassifyComplaint',
    complaintId: id,
    at,
    complaintClass: plan.firstClass,
  }));
  if (!classified.ok) return finish('stuck', [classified]);

  let done = 0;
  let failuresLeft = plan.failedInspections;
  let refusalsLeft = plan.refusals;
  let reclassified = plan.firstClass === plan.classId;
  let escalationTried = plan.escalateAfter === null;
  const waited = new Set<number>();

  const noticeCommand = (at: string): ComplaintCommand => {
    const issued = state.status === 'none' ? 0 : state.notices.length;
    const { defaultNoticeHours, maxNoticeHours } = policy.rectification ?? {
      defaultNoticeHours: null,
      maxNoticeHours: null,
    };
    const wanted = plan.noticeHours ?? (defaultNoticeHours === null ? 72 : null);
    const hours =
      wanted === null ? null : maxNoticeHours === null ? wanted : Math.min(wanted, maxNoticeHours);
    return {
      type: 'IssueRectificationNotice',
      complaintId: id,
      at,
      noticeId: `N${issued + 1}`,
      responsibleDepartment: 'depot',
      requirements: 'Fit corner protectors on every pallet',
      ...(hours === null ? {} : { deadline: instantFromMillis(Date.parse(at) + hours * HOUR_MS) }),
    };
  };

  const stepCommand = (kind: StepKind): ((at: string) => ComplaintCommand) | undefined => {
    if (state.status === 'none') return undefined;
    const c = { complaintId: id };
    switch (kind) {
      case 'verify':
        return (at) => ({
          ...c,
          at,
          type: 'VerifyComplaint',
          finding: FINDING,
          substantiated: true,
        });
      case 'explain':
        return (at) => ({ ...c, at, type: 'ContactCustomer', explanation: 'Outside the contract' });
      case 'negotiate':
        return (at) => ({ ...c, at, type: 'NegotiateAgreement', agreement: 'Refund the freight' });
      case 'sign':
        return (at) => ({ ...c, at, type: 'SignAgreement', signedBy: 'Deputy GM Li' });
      case 'report':
        return (at) => ({ ...c, at, type: 'ReportToLeadership' });
      case 'draftSolution':
        return (at) => ({ ...c, at, type: 'DraftSolution', solution: 'Retrain the crew' });
      case 'accept':
        return (at) => ({ ...c, at, type: 'RecordCustomerAcceptance' });
      default:
        return undefined;
    }
  };

  /** The steps the current class still calls for, as commands, in the policy's order. */
  const openSteps = (): ((at: string) => ComplaintCommand)[] => {
    const cls = classOf(policy, state);
    if (cls === undefined || state.status === 'none' || !Array.isArray(cls.steps)) return [];
    const s = state;
    const open = openNotice(s);
    const hasRectify = cls.steps.some((r) => r.step === 'rectify');
    const todo: ((at: string) => ComplaintCommand)[] = [];
    for (const rule of cls.steps) {
      switch (rule.step) {
        case 'close':
        case 'revisit':
          break;
        case 'issueNotice':
          if (
            open === undefined &&
            (s.completed.issueNotice === undefined ||
              (hasRectify && s.completed.rectify === undefined))
          )
            todo.push(noticeCommand);
          break;
        case 'rectify':
          if (open !== undefined)
            todo.push((at) => ({
              type: 'InspectRectification',
              complaintId: id,
              at,
              noticeId: open.noticeId,
              result: failuresLeft > 0 ? 'failed' : 'passed',
            }));
          break;
        default: {
          const make = stepCommand(rule.step);
          if (make !== undefined && s.completed[rule.step] === undefined) todo.push(make);
        }
      }
    }
    return todo;
  };

  /** Of the open steps, those the decider accepts now (asked without recording). */
  const acceptedNow = (candidates: ((at: string) => ComplaintCommand)[]) => {
    const at = peekAt();
    const refused: Attempt[] = [];
    const ok = candidates.filter((make) => {
      const command = make(at);
      const result = step(policy, command, state);
      if (result.outcome.kind === 'accepted') return true;
      refused.push({ command, outcome: result.outcome });
      return false;
    });
    return { ok, refused };
  };

  /** Escalate to the coordination meeting (协调会) if the current class holds one; true if accepted. */
  const escalate = (): boolean => {
    if (!classOf(policy, state)?.coordinationMeeting) return false;
    escalationTried = true;
    return attempt((at) => ({
      type: 'EscalateToCoordinationMeeting',
      complaintId: id,
      at,
      reason: 'No department accepts the loss',
    })).ok;
  };

  for (let round = 0; round < MAX_COMMANDS && commands.length < MAX_COMMANDS; round++) {
    if (!waited.has(done) && plan.waitsBefore.includes(done)) {
      waited.add(done);
      const started = attempt((at) => ({
        type: 'StartWaitingOnCustomer',
        complaintId: id,
        at,
        reason: 'Waiting for photos of the damage',
      }));
      if (started.ok) attempt((at) => ({ type: 'EndWaitingOnCustomer', complaintId: id, at }));
    }
    if (!escalationTried && done >= (plan.escalateAfter ?? 0)) escalate();
    const { ok, refused } = acceptedNow(openSteps());
    // The planned re-classification comes after so many steps, or sooner when the first
    // class has nothing more to do.
    if (!reclassified && (done >= plan.reclassifyAfter || ok.length === 0)) {
      reclassified = true;
      attempt((at) => ({
        type: 'ReclassifyComplaint',
        complaintId: id,
        at,
        complaintClass: plan.classId,
        reason: 'Verification showed a wider service failure',
      }));
      continue;
    }
    if (ok.length > 0) {
      const choice =
        plan.choices.length === 0 ? 0 : (plan.choices[done % plan.choices.length] ?? 0);
      const taken = attempt(ok[choice % ok.length]!);
      if (
        taken.ok &&
        taken.command.type === 'InspectRectification' &&
        taken.command.result === 'failed'
      )
        failuresLeft--;
      done++;
      continue;
    }
    if (refusalsLeft > 0) {
      refusalsLeft--;
      const refusal = attempt((at) => ({
        type: 'RecordCustomerRefusal',
        complaintId: id,
        at,
        reason: 'The goods are still damaged',
      }));
      if (refusal.ok) continue;
    }
    // A planned escalation the steps ran out before (the class had fewer steps than the
    // plan counted) is held before the close, not dropped: the plan says the meeting happens.
    if (!escalationTried && escalate()) continue;
    const closed = attempt((at) => ({
      type: 'CloseComplaint',
      complaintId: id,
      at,
      result: 'Freight refunded, depot procedure changed',
      writtenNotice: 'letter',
    }));
    if (!closed.ok) return finish('stuck', [...refused, closed]);
    if (!plan.revisit) return finish('closed');
    const revisited = attempt((at) => ({
      type: 'RevisitCustomer',
      complaintId: id,
      at,
      verdict: 'satisfied',
    }));
    return revisited.ok ? finish('revisited') : finish('stuck', [revisited]);
  }
  return finish('stuck');
};
