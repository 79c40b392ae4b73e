import { toMillis } from '../shared/time';
import { stepCompletedBy, type ComplaintEvent } from './events';
import type { ComplaintState, OpenComplaint } from './state';

const withStep = (s: OpenComplaint, e: ComplaintEvent, at: number): OpenComplaint => {
  const step = stepCompletedBy(e);
  return step === undefined ? s : { ...s, completed: { ...s.completed, [step]: at } };
};

/**
 * Apply one event. Total: events are facts already stored, so evolve never refuses one; an
 * event that cannot apply to the state (none received yet) leaves it unchanged.
 */
export const evolve = (state: ComplaintState, event: ComplaintEvent): ComplaintState => {
  const at = toMillis(event.data.at);
  if (event.type === 'ComplaintReceived') {
    if (state.status !== 'none') return state;
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
  const s: OpenComplaint = { ...state, lastEventAt: Math.max(state.lastEventAt, at) };
  switch (event.type) {
    case 'ComplaintClassified':
      return { ...s, complaintClass: event.data.complaintClass };
    case 'ComplaintReclassified':
      return { ...s, complaintClass: event.data.to };
    case 'RectificationNoticeIssued':
      return withStep(
        {
          ...s,
          notices: [
            ...s.notices,
            {
              noticeId: event.data.noticeId,
              issuedAt: at,
              deadline: toMillis(event.data.deadline),
              result: 'open',
            },
          ],
        },
        event,
        at,
      );
    case 'RectificationInspected':
      return withStep(
        {
          ...s,
          notices: s.notices.map((n) =>
            n.noticeId === event.data.noticeId && n.result === 'open'
              ? { ...n, result: event.data.result }
              : n,
          ),
        },
        event,
        at,
      );
    case 'CustomerRefused': {
      const completed = { ...s.completed };
      for (const step of event.data.reopened) delete completed[step];
      return { ...s, completed };
    }
    case 'EscalatedToCoordinationMeeting':
      return { ...s, escalated: true };
    case 'CustomerWaitStarted':
      return { ...s, waitingSince: at };
    case 'CustomerWaitEnded':
      return { ...s, waitingSince: null };
    case 'ComplaintClosed':
      return withStep({ ...s, status: 'closed', closedAt: at, waitingSince: null }, event, at);
    case 'ComplaintRevisited':
      return withStep({ ...s, revisitedAt: at }, event, at);
    default:
      return withStep(s, event, at);
  }
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
