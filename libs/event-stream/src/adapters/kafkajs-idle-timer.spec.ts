import { KAFKAJS_IDLE_TIMER_FIXED } from './kafkajs-idle-timer';

// The class the fix replaces a method of (see kafkajs-idle-timer.ts).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const RequestQueue = require('kafkajs/src/network/requestQueue');

const quiet = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

const made: { destroy(): void }[] = [];
afterEach(() => made.splice(0).forEach((q) => q.destroy())); // an unfixed queue's timer would run for ever

function queue() {
  const q = new RequestQueue({
    maxInFlightRequests: 1,
    requestTimeout: 1000,
    enforceRequestTimeout: false,
    clientId: 'idle-timer-spec',
    broker: 'nowhere:0',
    logger: quiet,
  });
  made.push(q);
  return q;
}

describe('kafkajs idle timer fix', () => {
  it('applies to the kafkajs installed (an upgrade must look at it again)', () => {
    expect(KAFKAJS_IDLE_TIMER_FIXED).toBe(true);
  });

  it('leaves an idle connection with no timer armed (kafkajs 2.2.4 re-armed one for ever)', () => {
    const q = queue();
    q.checkPendingRequests();
    expect(q.throttleCheckTimeoutId).toBeNull();
  });

  it('still checks again later while a request waits or a throttle holds', () => {
    const waiting = queue();
    waiting.pending.push({});
    waiting.inflight.set(1, {}); // the in-flight limit (1) holds the pending request back
    waiting.checkPendingRequests();
    expect(waiting.throttleCheckTimeoutId).not.toBeNull();

    const throttled = queue();
    throttled.throttledUntil = Date.now() + 60_000;
    throttled.checkPendingRequests();
    expect(throttled.throttleCheckTimeoutId).not.toBeNull();
  });
});
