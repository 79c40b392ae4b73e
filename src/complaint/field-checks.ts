import { StepKind } from '../policy/steps';
import { Code, CustomerGrade } from './vocabulary';

/**
 * The leaf checks the hand-written command and event checks share, each answering as the
 * io-ts codec it stands for.
 */
export type Fields = Record<string, unknown>;

/** io-ts's test for an object codec's input (`UnknownRecord.is`), so that both agree. */
export const isRecord = (u: unknown): u is Fields =>
  Object.prototype.toString.call(u) === '[object Object]';
export const isString = (u: unknown): boolean => typeof u === 'string';
export const isOptionalString = (u: unknown): boolean => u === undefined || typeof u === 'string';
export const isStrings = (u: unknown): boolean => Array.isArray(u) && u.every(isString);
export const isOptionalStrings = (u: unknown): boolean => u === undefined || isStrings(u);

/** `Customer`. */
export const isCustomer = (u: unknown): boolean =>
  isRecord(u) &&
  Code.is(u.id) &&
  isOptionalString(u.name) &&
  (u.grade === undefined || CustomerGrade.is(u.grade));

/** `Reference`. */
export const isReference = (u: unknown): boolean =>
  isRecord(u) && isOptionalString(u.orderId) && isOptionalString(u.shipmentId);

/** A list of `StepKind`. */
export const isSteps = (u: unknown): u is StepKind[] =>
  Array.isArray(u) && u.every((s) => StepKind.is(s));
