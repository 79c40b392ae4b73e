import * as t from 'io-ts';
import { Code } from '../complaint/vocabulary';
import { NonEmptyText } from '../shared/nonempty';
import { Instant } from '../shared/time';
import { YearMonth } from './month';

const NonNegative = t.refinement(t.number, (n) => Number.isFinite(n) && n >= 0, 'NonNegative');
const Positive = t.refinement(t.number, (n) => Number.isFinite(n) && n > 0, 'Positive');

const event = <T extends string, P extends t.Props, O extends t.Props>(
  type: T,
  required: P,
  optional: O,
) =>
  t.type(
    {
      type: t.literal(type),
      data: t.intersection([
        t.type({ ...required, centre: Code, at: Instant }),
        t.partial(optional),
      ]),
    },
    type,
  );

/** A centre's name as reports print it, e.g. 客服中心 call centre. */
export const CentreRegistered = event('CentreRegistered', { name: NonEmptyText }, { zh: t.string });

/**
 * 监听考核分值: the month's call-monitoring assessment of a centre. `score` out of `outOf`
 * (100 on the usual sheet). A later recording for the same month corrects the earlier one.
 */
export const MonitoringScoreRecorded = event(
  'MonitoringScoreRecorded',
  { month: YearMonth, score: NonNegative, outOf: Positive },
  { note: t.string, recordedBy: t.string },
);

/** 拨测评定分数: the month's test-call (mystery call) rating of a centre, as above. */
export const TestCallScoreRecorded = event(
  'TestCallScoreRecorded',
  { month: YearMonth, score: NonNegative, outOf: Positive },
  { note: t.string, recordedBy: t.string },
);

export const CentreEvent = t.union(
  [CentreRegistered, MonitoringScoreRecorded, TestCallScoreRecorded],
  'CentreEvent',
);
export type CentreEvent = t.TypeOf<typeof CentreEvent>;
export type CentreEventType = CentreEvent['type'];

export const CENTRE_EVENT_CODECS: {
  readonly [K in CentreEventType]: t.Type<Extract<CentreEvent, { type: K }>, unknown, unknown>;
} = Object.fromEntries(CentreEvent.types.map((c) => [c.name, c])) as never;

export const CENTRE_STREAM_PREFIX = 'centre-';
/** One stream per centre: its registration and its monthly assessment scores. */
export const centreStreamId = (centre: string): string => `${CENTRE_STREAM_PREFIX}${centre}`;
export const isCentreStream = (streamId: string): boolean =>
  streamId.startsWith(CENTRE_STREAM_PREFIX);
