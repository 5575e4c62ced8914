/**
 * kafkajs 2.2.4 re-arms a 1 ms timer for ever on every broker connection (tulios/kafkajs#1556): this fixes
 * that one method, for that version only (docs/decisions/2026-11-30-kafkajs-idle-timer-fix.md).
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
