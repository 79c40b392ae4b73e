import * as t from 'io-ts';
import { Code } from '../complaint/vocabulary';
import { NonEmptyText } from '../shared/nonempty';
import { Instant } from '../shared/time';
import { YearMonth } from './month';

const NonNegative = t.refinement(t.number, (n) => Number.isFinite(n) && n >= 0, 'NonNegative');
const Positive = t.refinement(t.number, (n) => Number.isFinite(n) && n > 0, 'Positive');

const command = <T extends string, P extends t.Props, O extends t.Props>(
  type: T,
  required: P,
  optional: O,
) =>
  t.intersection(
    [
      t.type({ type: t.literal(type), centre: Code, at: Instant, ...required }),
      t.partial({ commandId: t.string, actor: t.string, ...optional }),
    ],
    type,
  );

export const RegisterCentre = command('RegisterCentre', { name: NonEmptyText }, { zh: t.string });

const scoreFields = { month: YearMonth, score: NonNegative };
/** `outOf` defaults to 100, the usual assessment sheet. */
const scoreOptions = { outOf: Positive, note: t.string };

export const RecordMonitoringScore = command('RecordMonitoringScore', scoreFields, scoreOptions);
export const RecordTestCallScore = command('RecordTestCallScore', scoreFields, scoreOptions);

export const CentreCommand = t.union(
  [RegisterCentre, RecordMonitoringScore, RecordTestCallScore],
  'CentreCommand',
);
export type CentreCommand = t.TypeOf<typeof CentreCommand>;
