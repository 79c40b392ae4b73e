import type { StepKind } from '../policy/steps';
import { type Fact, FactKind } from './facts';

/** One round of a step: round 0 from the start, one more each time a refusal reopens it. */
export interface Round {
  readonly index: number;
  /** The refusal that opened this round (null for round 0). */
  readonly openedBy: Fact | null;
  /** The completion the clock stops at: the first one of the round. */
  firstDone: Fact | null;
  /** The completion that stands now (after `originalDue` reopening, a later one). */
  done: Fact | null;
  /**
   * The completion that stood when the complaint was escalated to the coordination meeting:
   * a step the meeting settles ends there, whatever a later refusal reopens. Null when none
   * stood (no escalation yet, the step still open, or the round opened after it).
   */
  standingAtEscalation: Fact | null;
}

export interface NoticeTimeline {
  readonly noticeId: string;
  readonly issued: Fact;
  readonly deadline: number;
  /** Index of the rectify round the notice was issued in. */
  readonly round: number;
  inspected: Fact | null;
}

export interface Wait {
  readonly started: Fact;
  ended: Fact | null;
}

/** A complaint's history as clocks read it, up to a cut. */
export interface Timeline {
  readonly received: Fact;
  /** Classification, then each re-classification. */
  readonly classes: readonly Fact[];
  readonly rounds: ReadonlyMap<StepKind, readonly Round[]>;
  readonly notices: readonly NoticeTimeline[];
  readonly waits: readonly Wait[];
  readonly refusals: readonly Fact[];
  /** The escalation to the coordination meeting (协调会); the aggregate allows one. */
  readonly escalated: Fact | null;
  readonly closed: Fact | null;
  readonly revisited: Fact | null;
}

/** Which facts a view includes: all, or those recorded (or positioned) up to a cut. */
export interface Cut {
  /** Include facts recorded at or before this instant (epoch ms). */
  readonly recordedAtOrBefore?: number;
  /** Include facts at or before this global position. */
  readonly position?: number;
}

export const inCut = (fact: Fact, cut: Cut | undefined): boolean =>
  cut === undefined ||
  ((cut.recordedAtOrBefore === undefined || fact.recordedAt <= cut.recordedAtOrBefore) &&
    (cut.position === undefined || fact.position <= cut.position));

const roundsOf = (rounds: Map<StepKind, Round[]>, step: StepKind): Round[] => {
  let list = rounds.get(step);
  if (list === undefined) {
    list = [{ index: 0, openedBy: null, firstDone: null, done: null, standingAtEscalation: null }];
    rounds.set(step, list);
  }
  return list;
};

const complete = (rounds: Map<StepKind, Round[]>, step: StepKind, fact: Fact): void => {
  const list = roundsOf(rounds, step);
  const round = list[list.length - 1]!;
  if (round.firstDone === null) {
    round.firstDone = fact;
    round.done = fact;
  } else if (round.done === null) round.done = fact;
};

/**
 * Walk a complaint's facts (those in the cut) into its timeline. Null before the complaint
 * was received.
 */
export const buildTimeline = (
  facts: readonly Fact[],
  cut: Cut | undefined,
  afterRefusal: 'newRound' | 'originalDue',
): Timeline | null => {
  let received: Fact | null = null;
  const classes: Fact[] = [];
  const rounds = new Map<StepKind, Round[]>();
  const notices: NoticeTimeline[] = [];
  const waits: Wait[] = [];
  const refusals: Fact[] = [];
  let escalated: Fact | null = null;
  let closed: Fact | null = null;
  let revisited: Fact | null = null;

  for (const fact of facts) {
    if (!inCut(fact, cut)) continue;
    switch (fact.kind) {
      case FactKind.Received:
        received ??= fact;
        break;
      case FactKind.Classified:
      case FactKind.Reclassified:
        classes.push(fact);
        break;
      case FactKind.StepDone:
        if (fact.step !== null) complete(rounds, fact.step, fact);
        break;
      case FactKind.NoticeIssued: {
        complete(rounds, 'issueNotice', fact);
        const rectifyRounds = roundsOf(rounds, 'rectify');
        notices.push({
          noticeId: fact.text ?? '',
          issued: fact,
          deadline: fact.deadline,
          round: rectifyRounds.length - 1,
          inspected: null,
        });
        break;
      }
      case FactKind.Inspected: {
        const notice = notices.find((n) => n.noticeId === fact.text && n.inspected === null);
        if (notice !== undefined) notice.inspected = fact;
        if (fact.step === 'rectify') complete(rounds, 'rectify', fact);
        break;
      }
      case FactKind.Refused:
        refusals.push(fact);
        for (const step of (fact.list ?? []) as StepKind[]) {
          const list = roundsOf(rounds, step);
          if (afterRefusal === 'newRound')
            list.push({
              index: list.length,
              openedBy: fact,
              firstDone: null,
              done: null,
              standingAtEscalation: null,
            });
          else list[list.length - 1]!.done = null;
        }
        break;
      case FactKind.WaitStarted:
        if (waits.length === 0 || waits[waits.length - 1]!.ended !== null)
          waits.push({ started: fact, ended: null });
        break;
      case FactKind.WaitEnded: {
        const open = waits[waits.length - 1];
        if (open !== undefined && open.ended === null) open.ended = fact;
        break;
      }
      case FactKind.Escalated:
        if (escalated !== null) break;
        escalated = fact;
        // Which steps the meeting settles depends on the class (a policy question, asked
        // when clocks are computed); what stood at the escalation is a fact of the history.
        for (const list of rounds.values())
          for (const round of list) round.standingAtEscalation = round.done;
        break;
      case FactKind.Closed:
        closed ??= fact;
        complete(rounds, 'close', fact);
        break;
      case FactKind.Revisited:
        revisited ??= fact;
        complete(rounds, 'revisit', fact);
        break;
    }
  }
  if (received === null) return null;
  return { received, classes, rounds, notices, waits, refusals, escalated, closed, revisited };
};
