import { createRequire } from 'node:module';

interface SocketRequest {
  requestTimeout: number;
  send: (this: SocketRequest) => void;
  completed: (this: SocketRequest, response: unknown) => void;
  rejected: (this: SocketRequest, error: Error) => void;
  timeoutRequest: (this: SocketRequest) => void;
}

interface RequestQueue {
  pending: unknown[];
  enforceRequestTimeout: boolean;
  destroy: (this: RequestQueue) => void;
  scheduleCheckPendingRequests: (this: RequestQueue) => void;
  scheduleRequestTimeoutCheck: (this: RequestQueue) => void;
  createSocketRequest: (this: RequestQueue, pushed: unknown) => SocketRequest;
}

/**
 * Two timers kafkajs 2.2.4 keeps running on every broker connection, whether or not a request is
 * waiting, so that an idle service's event loop never sleeps:
 *
 * - whenever its request queue is empty it schedules the next check of that queue at a negative
 *   delay, that is every millisecond, for ever (tulios/kafkajs#1556, #1704; fix proposed in
 *   #1667): about 1,400 wake-ups a second per service. With nothing pending there is nothing to
 *   check: a request that has to wait is pushed, and push() schedules its check (at the
 *   throttle's end, or 10 ms), and every answer checks the queue again.
 * - from its connection on, a 100 ms interval looks for requests in flight past their timeout:
 *   ten wake-ups a second per connection, 20 to 60 a service. Each request now carries its own
 *   timer instead, armed when it is sent and cleared when it is answered or rejected, so a
 *   request the broker never answers still fails after its timeout (to the millisecond, where the
 *   interval took up to 100 ms more) and a connection with nothing in flight arms no timer.
 *
 * Applied once, before any client exists.
 */
export function stopIdleRequestQueueTimers(): void {
  const { prototype } = createRequire(__filename)('kafkajs/src/network/requestQueue') as {
    prototype: RequestQueue & { idleTimersStopped?: true };
  };
  if (prototype.idleTimersStopped) return;
  const schedule = prototype.scheduleCheckPendingRequests;
  prototype.scheduleCheckPendingRequests = function () {
    if (this.pending.length > 0) schedule.call(this);
  };
  prototype.scheduleRequestTimeoutCheck = function () {
    this.destroy();
  };
  const create = prototype.createSocketRequest;
  prototype.createSocketRequest = function (pushed) {
    const request = create.call(this, pushed);
    if (this.enforceRequestTimeout) timeOutAlone(request);
    return request;
  };
  prototype.idleTimersStopped = true;
}

/** The request times itself out `requestTimeout` ms after it is sent, unless answered first. */
function timeOutAlone(request: SocketRequest): void {
  const { send, completed, rejected } = request;
  let timer: NodeJS.Timeout | undefined;
  request.send = function () {
    send.call(this);
    timer = setTimeout(() => this.timeoutRequest(), this.requestTimeout);
  };
  request.completed = function (response) {
    clearTimeout(timer);
    completed.call(this, response);
  };
  request.rejected = function (error) {
    clearTimeout(timer);
    rejected.call(this, error);
  };
}
