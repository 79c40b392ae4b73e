import * as E from 'fp-ts/Either';
import { decodeWith, type DecodeProblem } from '../shared/decode';
import { toMillis } from '../shared/time';
import { CentreCommand } from './commands';
import type { CentreEvent } from './events';

/** What deciding on a centre command needs to know about the centre. */
export interface CentreState {
  readonly centre: string | null;
  readonly name: string | null;
  readonly zh: string | null;
  /** Epoch ms of the latest event: recordings may not go back before it. */
  readonly lastEventAt: number;
}

export const initialCentreState: CentreState = {
  centre: null,
  name: null,
  zh: null,
  lastEventAt: Number.NEGATIVE_INFINITY,
};

export const evolveCentre = (state: CentreState, event: CentreEvent): CentreState => ({
  centre: event.data.centre,
  name: event.type === 'CentreRegistered' ? event.data.name : state.name,
  zh: event.type === 'CentreRegistered' ? (event.data.zh ?? null) : state.zh,
  lastEventAt: Math.max(state.lastEventAt, toMillis(event.data.at)),
});

export type CentreRejection =
  | { readonly code: 'InvalidCommand'; readonly problems: readonly DecodeProblem[] }
  | { readonly code: 'WrongCentre'; readonly expected: string; readonly actual: string }
  | { readonly code: 'TimeWentBackwards'; readonly at: string }
  | { readonly code: 'ScoreAboveMaximum'; readonly score: number; readonly outOf: number };

export type CentreRejected = CentreRejection & {
  readonly _tag: 'CentreRejected';
  readonly centre: string;
  readonly command: string;
  readonly message: string;
};

const describe = (r: CentreRejection): string => {
  switch (r.code) {
    case 'InvalidCommand':
      return `invalid command: ${r.problems.map((p) => `${p.path}: expected ${p.expected}`).join('; ')}`;
    case 'WrongCentre':
      return `the stream belongs to centre ${r.expected}, not ${r.actual}`;
    case 'TimeWentBackwards':
      return `${r.at} is before the centre's latest event`;
    case 'ScoreAboveMaximum':
      return `score ${r.score} is above its maximum ${r.outOf}`;
  }
};

const reject = (centre: string, command: string, r: CentreRejection): CentreRejected => ({
  ...r,
  _tag: 'CentreRejected',
  centre,
  command,
  message: `${command} for centre ${centre}: ${describe(r)}`,
});

const decodeCommand = decodeWith(CentreCommand, 'centre command');

/**
 * Decide on a centre command. Registering again with the same names records nothing, so a
 * seed or an import can be re-run.
 */
export const decideCentre = (
  input: CentreCommand,
  state: CentreState,
): E.Either<CentreRejected, CentreEvent[]> => {
  const decoded = decodeCommand(input);
  const name = typeof input?.type === 'string' ? input.type : 'command';
  const id = typeof input?.centre === 'string' ? input.centre : '?';
  if (E.isLeft(decoded))
    return E.left(reject(id, name, { code: 'InvalidCommand', problems: decoded.left.problems }));
  const c = decoded.right;
  if (state.centre !== null && state.centre !== c.centre)
    return E.left(
      reject(id, name, { code: 'WrongCentre', expected: state.centre, actual: c.centre }),
    );
  if (toMillis(c.at) < state.lastEventAt)
    return E.left(reject(id, name, { code: 'TimeWentBackwards', at: c.at }));
  switch (c.type) {
    case 'RegisterCentre':
      if (state.name === c.name && state.zh === (c.zh ?? null)) return E.right([]);
      return E.right([
        {
          type: 'CentreRegistered',
          data: {
            centre: c.centre,
            at: c.at,
            name: c.name,
            ...(c.zh === undefined ? {} : { zh: c.zh }),
          },
        },
      ]);
    case 'RecordMonitoringScore':
    case 'RecordTestCallScore': {
      const outOf = c.outOf ?? 100;
      if (c.score > outOf)
        return E.left(reject(id, name, { code: 'ScoreAboveMaximum', score: c.score, outOf }));
      const data = {
        centre: c.centre,
        at: c.at,
        month: c.month,
        score: c.score,
        outOf,
        ...(c.note === undefined ? {} : { note: c.note }),
        ...(c.actor === undefined ? {} : { recordedBy: c.actor }),
      };
      return E.right([
        c.type === 'RecordMonitoringScore'
          ? { type: 'MonitoringScoreRecorded', data }
          : { type: 'TestCallScoreRecorded', data },
      ]);
    }
  }
};
