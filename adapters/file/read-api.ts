import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { type DecodeError, decodeWith } from '../../src/shared/decode';
import { type StoredEvent, StreamId } from '../../src/store/envelope';
import type { ReadError } from '../../src/store/errors';
import { corruptAt } from './corrupt';
import { type PointReader, readPositions } from './event-reader';
import type { LogIndex } from './log-index';

const PositiveInt = t.refinement(
  t.number,
  (n) => Number.isSafeInteger(n) && n >= 1,
  'an integer ≥ 1',
);
const NonNegativeInt = t.refinement(
  t.number,
  (n) => Number.isSafeInteger(n) && n >= 0,
  'an integer ≥ 0',
);

const ReadStreamInput = t.type({
  streamId: StreamId,
  options: t.union([
    t.undefined,
    t.partial({ fromVersion: PositiveInt, maxCount: NonNegativeInt }),
  ]),
});

const ReadAllInput = t.union([
  t.undefined,
  t.partial({ after: NonNegativeInt, batchSize: PositiveInt }),
]);

const decodeReadStream = decodeWith(ReadStreamInput, 'readStream');
const decodeStreamId = decodeWith(StreamId, 'streamId');
const decodeReadAllInput = decodeWith(ReadAllInput, 'readAll');

export const checkReadAll = (
  options: unknown,
): E.Either<DecodeError, { after: number; batchSize: number | undefined }> =>
  E.map((o: t.TypeOf<typeof ReadAllInput>) => ({ after: o?.after ?? 0, batchSize: o?.batchSize }))(
    decodeReadAllInput(options),
  );

export const checkStreamId = (streamId: unknown): E.Either<DecodeError, string> =>
  decodeStreamId(streamId);

/** The events of one stream from the index's positions, each checked against the index. */
export const readStreamEvents = (
  index: LogIndex,
  reader: PointReader,
  cached: (position: number) => StoredEvent | undefined,
  streamId: unknown,
  options: unknown,
): E.Either<ReadError, readonly StoredEvent[]> => {
  const input = decodeReadStream({ streamId, options });
  if (E.isLeft(input)) return input;
  const positions = index.streams.get(input.right.streamId);
  if (positions === undefined) return E.right([]);
  const from = (input.right.options?.fromVersion ?? 1) - 1;
  const maxCount = input.right.options?.maxCount;
  const wanted = positions.slice(from, maxCount === undefined ? undefined : from + maxCount);
  const read = readPositions(reader, wanted, cached);
  if (E.isLeft(read)) return read;
  const events = read.right;
  for (let k = 0; k < events.length; k++) {
    const event = events[k]!;
    if (event.streamId !== input.right.streamId || event.streamVersion !== from + k + 1) {
      const segment = index.segmentOf(event.globalPosition)!;
      return E.left(
        corruptAt(
          segment.name,
          segment.offsetOf(event.globalPosition),
          `record is ${event.streamId} v${event.streamVersion} where the index has ${input.right.streamId} v${from + k + 1}`,
        ),
      );
    }
  }
  return E.right(events);
};
