/**
 * kafkajs 2.2.4, its last release, re-arms a timer of at most 1 ms for ever on every broker connection,
 * even with nothing to send (tulios/kafkajs#1556, #1604, #1704; the fix proposed in #1667 was never
 * released). Each of our apps spent 6–7% of a core on it at rest: the five services-mode apps 35% of a
 * core, 10% without it (measured by `npm run bench`'s idle phase on this 2-core machine).
 *
 * This replaces that one method with the same method, fixed: with nothing pending and no throttle in force
 * there is nothing to check later, since a new request or a response checks the queue again. Applied once
 * when this module loads, and only to the version it was written for: another version is left alone (the
 * unit test fails then, so an upgrade looks at this again).
 */

interface RequestQueueState {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  checkPendingRequests(): void;
}

/** kafkajs' own interval for re-checking queued requests while its in-flight limit holds them. */
const CHECK_PENDING_REQUESTS_INTERVAL = 10;
const FIXED_VERSION = '2.2.4';

/* eslint-disable @typescript-eslint/no-require-imports -- kafkajs exposes no typed path to its request queue */
const kafkajsVersion: string = require('kafkajs/package.json').version;
const RequestQueue: {
  prototype: RequestQueueState & { scheduleCheckPendingRequests(): void };
} = require('kafkajs/src/network/requestQueue');
/* eslint-enable @typescript-eslint/no-require-imports */

export const KAFKAJS_IDLE_TIMER_FIXED = kafkajsVersion === FIXED_VERSION;

if (KAFKAJS_IDLE_TIMER_FIXED) {
  RequestQueue.prototype.scheduleCheckPendingRequests = function (this: RequestQueueState): void {
    if (this.throttleCheckTimeoutId) return;
    const throttledFor = this.throttledUntil - Date.now();
    if (this.pending.length === 0 && throttledFor <= 0) return;
    const delay =
      this.pending.length > 0 && throttledFor <= 0 ? CHECK_PENDING_REQUESTS_INTERVAL : throttledFor;
    this.throttleCheckTimeoutId = setTimeout(() => {
      this.throttleCheckTimeoutId = null;
      this.checkPendingRequests();
    }, delay);
  };
}
