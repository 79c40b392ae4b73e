import * as E from 'fp-ts/Either';
import * as fc from 'fast-check';
import type { ComplaintCommand } from '../../../complaint/commands';
import { DAY_MS, toMillis } from '../../../shared/time';
import { slaContext } from '../../../sla/context';
import { complaintSla } from '../../../sla/portfolio';
import { foldSla } from '../../../sla/projection';
import { lifecyclePlan } from '../../arbitraries/lifecycle';
import { commandSequence } from '../../arbitraries/sequences';
import { describeSteps } from '../../describe';
import { walk } from '../../lifecycle/walk';
import { runCommands } from '../../run';
import { toStoredEvents } from '../../stored';
import { invariant, type PolicyInvariant } from '../invariant';

type Case = { readonly commands: readonly ComplaintCommand[]; readonly complete: boolean };

const errorText = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

export interface ClockInvariantOptions {
  /**
   * How long after the last event the clocks are read (and at least a day after the latest
   * notice deadline). Default 400 days: past every limit of the default policy.
   */
  readonly horizonDays?: number;
}

/**
 * The SLA projection's invariant: read long after a complaint's last event, no clock is
 * still running — each met its due, breached it, or was cancelled (closure,
 * re-classification). A clock that would run forever is a deadline nobody can miss. The
 * one exception is a clock paused while the centre still waits on the customer. When the
 * complaint finished its lifecycle, no clock is left pending either.
 */
export const clocksStopOrBreach = (options: ClockInvariantOptions = {}): PolicyInvariant<Case> =>
  invariant<Case>({
    name: 'every-clock-stops-or-breaches',
    description:
      'every SLA clock eventually stops or breaches: long after the last event none is still running, and a finished complaint has none pending',
    runsFactor: 0.5,
    arbitrary: ({ policy, lifecycle, window }) => {
      const o = window === undefined ? lifecycle : { ...lifecycle, window };
      return fc.oneof(
        lifecyclePlan(policy, o).map((plan): Case => {
          const w = walk(policy, plan);
          return { commands: w.commands, complete: w.outcome !== 'stuck' };
        }),
        commandSequence(policy, o).map((commands): Case => ({ commands, complete: false })),
      );
    },
    check: ({ commands, complete }, { policy }) => {
      const trace = runCommands(policy, commands);
      const state = trace.state;
      if (state.status === 'none') return undefined;
      const shown = () => describeSteps(trace.steps);
      try {
        const ctx = slaContext(policy);
        if (E.isLeft(ctx)) return { reason: ctx.left.message, counterexample: shown() };
        const stored = toStoredEvents(trace.events, { complaintId: state.complaintId });
        const projection = foldSla(stored);
        if (E.isLeft(projection))
          return {
            reason: `the SLA projection cannot read event ${projection.left.position} (${projection.left.eventType}) the decider recorded: ${projection.left.cause.message}`,
            counterexample: shown(),
          };
        const last = trace.events[trace.events.length - 1];
        const horizonDays = options.horizonDays ?? 400;
        // A notice's deadline is the caller's (the default policy caps none): the clocks are
        // read past the latest one too, or a notice due later is rightly still running.
        const latestNoticeDue = trace.events.reduce(
          (latest, e) =>
            e.type === 'RectificationNoticeIssued'
              ? Math.max(latest, toMillis(e.data.deadline))
              : latest,
          Number.NEGATIVE_INFINITY,
        );
        const now = Math.max(
          (last === undefined ? 0 : toMillis(last.data.at)) + horizonDays * DAY_MS,
          latestNoticeDue + DAY_MS,
        );
        const sla = complaintSla(ctx.right, projection.right, state.complaintId, now);
        if (sla === undefined)
          return { reason: 'the SLA projection lost the complaint', counterexample: shown() };
        const waiting = state.waitingSince !== null;
        for (const clock of sla.clocks) {
          if (clock.state === 'running' && !(waiting && clock.paused))
            return {
              reason: `clock ${clock.key} (${clock.complaintClass}) is still running at ${new Date(now).toISOString()}, ${horizonDays} days after the last event and a day after the latest notice deadline (due ${clock.dueAt === null ? 'never' : new Date(clock.dueAt).toISOString()})`,
              counterexample: shown(),
            };
          if (complete && clock.state === 'pending')
            return {
              reason: `the complaint finished, but clock ${clock.key} (${clock.complaintClass}) never started`,
              counterexample: shown(),
            };
        }
        return undefined;
      } catch (error) {
        return { reason: `the SLA projection threw: ${errorText(error)}`, counterexample: shown() };
      }
    },
  });
