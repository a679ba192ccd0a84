import { createRequire } from 'node:module';

interface RequestQueue {
  pending: unknown[];
  scheduleCheckPendingRequests: (this: RequestQueue) => void;
}

/**
 * kafkajs 2.2.4 re-arms a timer on every broker connection whenever its request queue is empty:
 * with nothing pending it schedules the next check at a negative delay, that is every
 * millisecond, for ever (tulios/kafkajs#1556, #1704; fix proposed in #1667). That alone woke each
 * idle service's event loop about 1,400 times a second. With nothing pending there is nothing to
 * check: a request that has to wait is pushed, and push() schedules its check (at the throttle's
 * end, or 10 ms), and every answer checks the queue again. Applied once, before any client exists.
 */
export function stopIdleRequestQueueTimers(): void {
  const { prototype } = createRequire(__filename)('kafkajs/src/network/requestQueue') as {
    prototype: RequestQueue & { idleTimersStopped?: true };
  };
  if (prototype.idleTimersStopped) return;
  const schedule = prototype.scheduleCheckPendingRequests;
  prototype.scheduleCheckPendingRequests = function (this: RequestQueue) {
    if (this.pending.length > 0) schedule.call(this);
  };
  prototype.idleTimersStopped = true;
}
