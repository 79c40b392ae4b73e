/**
 * The SLA projection: every deadline of every complaint, as a pure fold over stored events
 * plus an explicit `now`. Internals (facts, timelines, limit arithmetic) stay in their files.
 */
export { SlaProjection, ComplaintRecord, foldSla } from './projection';
export type { SlaEventError } from './facts';
export { slaContext, policyUsesCalendar } from './context';
export type { SlaContext, UnknownCalendar } from './context';
export type { Cut } from './timeline';
export type { CancelReason, ClockFrom, ClockState, SlaClock } from './clock';
export { evaluateComplaint, readClock } from './evaluate';
export type { ComplaintSla, SlaHistoryEntry, ClockChange, SlaProblem } from './evaluate';
export { slaPortfolio, slaAsOf, complaintSla } from './portfolio';
export { slaQueries, byUrgency, isOverdue } from './queries';
export type { ClockFilter, SlaQueries, SlaSummary } from './queries';
export { explainClock } from './explain';
export type { ClockExplanation, EventRef } from './explain';
export { whatIf } from './what-if';
export type { ClockDiff, WhatIfReport } from './what-if';
export {
  createSlaNotifier,
  memoryCheckpoint,
  systemClock,
  systemTimer,
} from './notifier';
export type {
  NotifierCheckpoint,
  NotifierClock,
  NotifierEvents,
  NotifierTimer,
  SlaNotification,
  SlaNotifier,
  SlaNotifierOptions,
  SlaTransition,
} from './notifier';
