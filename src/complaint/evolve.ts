import type { StepKind } from '../policy/steps';
import { toMillis } from '../shared/time';
import { stepCompletedBy, type ComplaintEvent } from './events';
import type { ComplaintState, OpenComplaint } from './state';

type Draft = { -readonly [K in keyof OpenComplaint]: OpenComplaint[K] };

/**
 * A fresh copy of `s` for evolve to change before it returns it. Written out field by field
 * rather than spread: a spread copies the boxed numbers (epoch ms) one at a time and leaves
 * states of many shapes, and evolve runs for every event replayed or handled.
 */
const draftOf = (s: OpenComplaint): Draft => ({
  status: s.status,
  complaintId: s.complaintId,
  centre: s.centre,
  receivedAt: s.receivedAt,
  lastEventAt: s.lastEventAt,
  complaintClass: s.complaintClass,
  completed: s.completed,
  notices: s.notices,
  escalated: s.escalated,
  waitingSince: s.waitingSince,
  closedAt: s.closedAt,
  revisitedAt: s.revisitedAt,
});

const withStep = (
  completed: OpenComplaint['completed'],
  step: StepKind,
  at: number,
): OpenComplaint['completed'] => {
  const out: Partial<Record<StepKind, number>> = { ...completed };
  out[step] = at;
  return out;
};

/**
 * Apply one event. Total: events are facts already stored, so evolve never refuses one; an
 * event that cannot apply to the state (none received yet) leaves it unchanged.
 */
export const evolve = (state: ComplaintState, event: ComplaintEvent): ComplaintState => {
  const at = toMillis(event.data.at);
  if (event.type === 'ComplaintReceived') {
    if (state.status !== 'none') return state;
    // The same fields in the same order as draftOf, so that every state shares one shape.
    return {
      status: 'open',
      complaintId: event.data.complaintId,
      centre: event.data.centre,
      receivedAt: at,
      lastEventAt: at,
      complaintClass: null,
      completed: {},
      notices: [],
      escalated: false,
      waitingSince: null,
      closedAt: null,
      revisitedAt: null,
    };
  }
  if (state.status === 'none') return state;
  const next = draftOf(state);
  next.lastEventAt = Math.max(state.lastEventAt, at);
  const step = stepCompletedBy(event);
  if (step !== undefined) next.completed = withStep(state.completed, step, at);
  switch (event.type) {
    case 'ComplaintClassified':
      next.complaintClass = event.data.complaintClass;
      break;
    case 'ComplaintReclassified':
      next.complaintClass = event.data.to;
      break;
    case 'RectificationNoticeIssued':
      next.notices = [
        ...state.notices,
        {
          noticeId: event.data.noticeId,
          issuedAt: at,
          deadline: toMillis(event.data.deadline),
          result: 'open',
        },
      ];
      break;
    case 'RectificationInspected': {
      const { noticeId, result } = event.data;
      next.notices = state.notices.map((n) =>
        n.noticeId === noticeId && n.result === 'open' ? { ...n, result } : n,
      );
      break;
    }
    case 'CustomerRefused': {
      const completed = { ...state.completed };
      for (const reopened of event.data.reopened) delete completed[reopened];
      next.completed = completed;
      break;
    }
    case 'EscalatedToCoordinationMeeting':
      next.escalated = true;
      break;
    case 'CustomerWaitStarted':
      next.waitingSince = at;
      break;
    case 'CustomerWaitEnded':
      next.waitingSince = null;
      break;
    case 'ComplaintClosed':
      next.status = 'closed';
      next.closedAt = at;
      next.waitingSince = null;
      break;
    case 'ComplaintRevisited':
      next.revisitedAt = at;
      break;
  }
  return next;
};

/** Fold a stream's events from the initial state. */
export const foldEvents = (
  events: Iterable<ComplaintEvent>,
  from: ComplaintState,
): ComplaintState => {
  let state = from;
  for (const e of events) state = evolve(state, e);
  return state;
};
