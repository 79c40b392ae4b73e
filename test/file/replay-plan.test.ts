import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FRAME_OVERHEAD, SEGMENT_HEADER_BYTES } from '../../adapters/file/layout';
import { Segment } from '../../adapters/file/log-index';
import { planSpans } from '../../adapters/file/replay/plan';

/** Segments holding frames of the given payload sizes, positions numbered from 1. */
const segmentsOf = (sizes: readonly (readonly number[])[]): Segment[] => {
  let position = 1;
  return sizes.map((payloads, k) => {
    const segment = new Segment(position, `segment-${k}.log`, `/nowhere/segment-${k}.log`, 0);
    let offset = SEGMENT_HEADER_BYTES;
    for (const payload of payloads) {
      segment.pushOffset(offset);
      offset += FRAME_OVERHEAD + payload;
    }
    segment.end = offset;
    position += payloads.length;
    return segment;
  });
};

const logArb = fc.array(fc.array(fc.integer({ min: 2, max: 400 }), { maxLength: 40 }), {
  minLength: 1,
  maxLength: 5,
});

describe('planSpans', () => {
  it('cuts the events after a position into spans of bounded events and bytes, in order', () => {
    fc.assert(
      fc.property(
        logArb,
        fc.nat(),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 16, max: 2000 }),
        (sizes, afterSeed, events, bytes) => {
          const segments = segmentsOf(sizes);
          const total = sizes.reduce((n, s) => n + s.length, 0);
          const after = afterSeed % (total + 1);
          const spans = planSpans({ segments }, after, events, bytes);
          // Every position after `after` once, in order.
          const covered = spans.flatMap((s) =>
            Array.from(
              { length: s.lastPosition - s.firstPosition + 1 },
              (_, i) => s.firstPosition + i,
            ),
          );
          expect(covered).toEqual(Array.from({ length: total - after }, (_, i) => after + 1 + i));
          for (const span of spans) {
            const segment = segments.find((s) => s.name === span.name)!;
            expect(span.path).toBe(segment.path);
            // Within one segment, from its first frame to just past its last.
            expect(span.startOffset).toBe(segment.offsetOf(span.firstPosition));
            const endOf = (p: number) =>
              p === segment.lastPosition ? segment.end : segment.offsetOf(p + 1);
            expect(span.end).toBe(endOf(span.lastPosition));
            const count = span.lastPosition - span.firstPosition + 1;
            expect(count).toBeLessThanOrEqual(events);
            // Within the bytes, unless one frame alone is larger.
            if (count > 1) expect(span.end - span.startOffset).toBeLessThanOrEqual(bytes);
            // As long as it may be: at the event limit, the segment's end, or one frame
            // more would pass the bytes.
            const longest =
              count === events ||
              span.lastPosition === segment.lastPosition ||
              endOf(span.lastPosition + 1) - span.startOffset > bytes;
            expect(longest).toBe(true);
          }
        },
      ),
    );
  });

  it('gives a frame larger than the bytes a span of its own', () => {
    const segments = segmentsOf([[10, 5000, 10, 10]]);
    const spans = planSpans({ segments }, 0, 100, 1000);
    expect(spans.map((s) => [s.firstPosition, s.lastPosition])).toEqual([
      [1, 1],
      [2, 2],
      [3, 4],
    ]);
  });
});
