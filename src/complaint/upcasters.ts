import * as E from 'fp-ts/Either';
import { type DecodeError, decodeError } from '../shared/decode';
import type { ComplaintEventType } from './events';

/** The schema version each event type is written with today. */
export const CURRENT_SCHEMA_VERSION: { readonly [K in ComplaintEventType]: number } = {
  ComplaintReceived: 1,
  ComplaintClassified: 1,
  ComplaintReclassified: 1,
  ComplaintVerified: 1,
  CustomerContacted: 1,
  AgreementNegotiated: 1,
  AgreementSigned: 1,
  ReportedToLeadership: 1,
  SolutionDrafted: 1,
  RectificationNoticeIssued: 1,
  RectificationInspected: 1,
  CustomerAccepted: 1,
  CustomerRefused: 1,
  EscalatedToCoordinationMeeting: 1,
  CustomerWaitStarted: 1,
  CustomerWaitEnded: 1,
  ComplaintClosed: 1,
  ComplaintRevisited: 1,
};

/** Turns the data of version n into version n+1. */
export type Upcaster = (data: unknown) => unknown;

/**
 * Upcasters by event type and the version they read. When an event's shape changes, bump
 * its CURRENT_SCHEMA_VERSION, add the step here, and add a golden file of the old version
 * under test/golden so that old stored events keep decoding.
 */
export const UPCASTERS: {
  readonly [K in ComplaintEventType]?: { readonly [fromVersion: number]: Upcaster };
} = {};

export const upcast = (
  type: ComplaintEventType,
  schemaVersion: number,
  data: unknown,
  what: string,
): E.Either<DecodeError, unknown> => {
  const current = CURRENT_SCHEMA_VERSION[type];
  if (schemaVersion > current)
    return E.left(
      decodeError(what, [
        {
          path: 'schemaVersion',
          expected: `≤ ${current}`,
          actual: schemaVersion,
          message: `written by a newer version of the library (schema ${schemaVersion}, this one reads up to ${current})`,
        },
      ]),
    );
  let value = data;
  for (let v = schemaVersion; v < current; v++) {
    const step = UPCASTERS[type]?.[v];
    if (step === undefined)
      return E.left(
        decodeError(what, [
          { path: 'schemaVersion', expected: `an upcaster from ${v}`, actual: schemaVersion },
        ]),
      );
    value = step(value);
  }
  return E.right(value);
};
