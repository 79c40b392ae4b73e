import type { MessagePort } from 'node:worker_threads';
import * as E from 'fp-ts/Either';
import { describeStoreError, type ReadError } from '../../../src/store/errors';
import { failedTo } from '../corrupt';
import { type FeedBatch, FeedWriter } from './feed';
import type { Span } from './plan';
import { SpanReader, type SpanVisitor } from './span-reader';

/** The key of the reader's settings in its workerData. */
export const WORKER_MARK = 'complaint-ledger:file-replay';

/** What the folding thread hands the reading thread when it starts it. */
export interface ReaderSettings {
  /** Events per batch sent, at most (a batch never crosses spans). */
  readonly batchSize: number;
}

/** The folding thread's messages: read this span next. */
export interface ReadSpan {
  readonly kind: 'read';
  readonly span: Span;
}

/** Messages of the reading thread. */
export type ReaderMessage =
  | { readonly kind: 'ready' }
  | {
      readonly kind: 'batch';
      readonly batch: FeedBatch;
      /** On the last batch of each span (empty if need be): the time spent reading it. */
      readonly spanMs?: number;
    }
  | { readonly kind: 'failed'; readonly error: ReadError };

/**
 * The reading thread: for each span it is given, in order, read it (SpanReader: every frame
 * checked, every envelope decoded as readAll does, each complaint event read into a note)
 * and send the events in batches. The folding thread gives it only as many spans as it
 * lets it run ahead, which bounds the memory between the two.
 */
export const readForReplay = (settings: ReaderSettings, port: MessagePort): void => {
  const writer = new FeedWriter(settings.batchSize * 16);
  const queue: Span[] = [];
  let reading = false;
  const post = (message: ReaderMessage, transfer?: ArrayBuffer[]): void => {
    try {
      port.postMessage(message, transfer);
    } catch (error) {
      // An error whose cause cannot be cloned: sent with its description alone.
      if (message.kind !== 'failed') throw error;
      port.postMessage({
        kind: 'failed',
        error: failedTo('read', describeStoreError(message.error)),
      });
    }
  };
  const send = (spanMs?: number): void => {
    const batch = writer.finish();
    post({ kind: 'batch', batch, spanMs }, [batch.numbers.buffer as ArrayBuffer]);
  };
  const spans = new SpanReader();
  const visitor: SpanVisitor<never> = {
    note: (stored, note) => {
      writer.note(stored, note);
      if (writer.size >= settings.batchSize) send();
      return undefined;
    },
    event: (stored) => {
      writer.other(stored);
      if (writer.size >= settings.batchSize) send();
      return undefined;
    },
  };
  /** Read one span; false when it failed (the failure is sent, and reading stops). */
  const readSpan = async (span: Span): Promise<boolean> => {
    const started = performance.now();
    const read = await spans.read(span, visitor);
    if (E.isLeft(read)) {
      if (writer.size > 0) send();
      post({ kind: 'failed', error: read.left });
      return false;
    }
    send(performance.now() - started);
    return true;
  };
  const drain = async (): Promise<void> => {
    reading = true;
    for (let span = queue.shift(); span !== undefined; span = queue.shift())
      if (!(await readSpan(span))) {
        port.close();
        return;
      }
    reading = false;
  };
  port.on('message', (message: ReadSpan) => {
    queue.push(message.span);
    if (!reading) void drain();
  });
  post({ kind: 'ready' });
};
