/**
 * The two event-loop primitives the spec's algorithms use: "queue a task" and "report an
 * exception" (for exceptions thrown by user callbacks, which must not break the codec).
 */

type Task = () => void;

const pending: Task[] = [];
let flushScheduled = false;

/** Runs one task per turn of the event loop, so microtasks (promise reactions) run in between. */
function runPending(): void {
  flushScheduled = false;
  const task = pending.shift();
  if (pending.length > 0) {
    flushScheduled = true;
    scheduleTurn(runPending);
  }
  if (!task) return;
  try {
    task();
  } catch (e) {
    reportException(e);
  }
}

const scheduleTurn: (fn: () => void) => void = (() => {
  const g = globalThis as { setImmediate?: (fn: () => void) => unknown };
  // Node: setImmediate runs after I/O without the 1 ms clamp of setTimeout.
  if (typeof g.setImmediate === 'function') return (fn) => void g.setImmediate!(fn);
  // Browsers and workers: a MessageChannel message is a task without timer clamping.
  if (typeof MessageChannel === 'function') {
    const channel = new MessageChannel();
    let callback: (() => void) | null = null;
    channel.port1.onmessage = () => callback?.();
    return (fn) => {
      callback = fn;
      channel.port2.postMessage(null);
    };
  }
  return (fn) => void setTimeout(fn, 0);
})();

/** Queues `task` to run in a later task of the event loop, in FIFO order with other queued tasks. */
export function queueTask(task: Task): void {
  pending.push(task);
  if (!flushScheduled) {
    flushScheduled = true;
    scheduleTurn(runPending);
  }
}

/** Reports an exception thrown by a user callback the way the platform does (global error event). */
export function reportException(error: unknown): void {
  const g = globalThis as { reportError?: (e: unknown) => void };
  if (typeof g.reportError === 'function') {
    g.reportError(error);
    return;
  }
  setTimeout(() => {
    throw error;
  }, 0);
}
