import { badAppend, badCommand, badStoredEvent, corrupt, junk, storedEventRow } from './bad-inputs';
import { command, commandArbitraries } from './commands';
import { event, eventArbitraries } from './events';
import { lifecycle, lifecyclePlan } from './lifecycle';
import { derivedPolicy } from './policy';
import { commandSequence, mutatedLifecycle } from './sequences';
import { gapMs, instant, millisIn } from './time';
import {
  centre,
  channel,
  code,
  complaintId,
  customer,
  customerGrade,
  inspectionResult,
  reference,
  revisitVerdict,
  text,
  writtenNoticeChannel,
} from './vocabulary';

/**
 * fast-check arbitraries for complaint handling, for your own property tests. All take
 * their settings as arguments (a policy, a time window, …) and shrink towards short,
 * plain cases.
 */
export const arbitraries = {
  // time
  instant,
  millisIn,
  gapMs,
  // vocabulary
  centre,
  code,
  complaintId,
  customer,
  customerGrade,
  channel,
  reference,
  text,
  inspectionResult,
  revisitVerdict,
  writtenNoticeChannel,
  // commands and events, one at a time
  command,
  commandArbitraries,
  event,
  eventArbitraries,
  // histories
  lifecycle,
  lifecyclePlan,
  commandSequence,
  mutatedLifecycle,
  // policies
  derivedPolicy,
  // inputs a boundary must refuse
  badCommand,
  badStoredEvent,
  badAppend,
  storedEventRow,
  corrupt,
  junk,
} as const;

export type { AppendCall, BadInput } from './bad-inputs';
export { pathToString } from './bad-inputs';
export type { CommandArbitraries, CommandParts } from './commands';
export type { EventArbitraries, EventParts } from './events';
export type { Lifecycle, LifecycleOptions } from './lifecycle';
export type { DerivedPolicyOptions } from './policy';
export type { SequenceOptions } from './sequences';
export { HOSTILE_CLASS_NAMES } from './sequences';
export type { InstantOptions, TimeWindow } from './time';
export { DEFAULT_WINDOW } from './time';
export { CENTRES } from './vocabulary';
