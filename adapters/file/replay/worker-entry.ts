import { parentPort, workerData } from 'node:worker_threads';
import { type ReaderSettings, readForReplay, WORKER_MARK } from './worker';

// The entry of a replay's reading thread: a module of its own, so that the thread loads
// the library's reading code and nothing of the application that started it.
const settings = (workerData as Record<string, ReaderSettings> | null)?.[WORKER_MARK];
if (parentPort !== null && settings !== undefined) readForReplay(settings, parentPort);
