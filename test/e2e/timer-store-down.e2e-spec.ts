import { systemClock } from '@erp/domain';
import { BullMqDeadlineTimers, timerId } from '@erp/timers';
import { eventually } from '../support/services';
import { alarmBody, call, incidentOfAlarm, login } from '../support/http';
import { startPrivateRedis } from '../support/processes';
import { SingleNodeProcess } from '../support/single-node-process';

/**
 * Dispatch never waits for the timer store (hardening item 7): single-node mode pointed at a Redis of the
 * test's own, which goes down. A new incident's tasks still appear at once; when Redis is back, the
 * reconciler gives every pending deadline its timer from PostgreSQL.
 */
const KEY = 'timer-store-down-source-key';
const PASSWORD = 'timer-store-down-password';
const RECONCILE_SECONDS = 2;

describe('a timer store that is down holds up nothing', () => {
  let node: SingleNodeProcess;
  let redis: Awaited<ReturnType<typeof startPrivateRedis>>;

  beforeAll(async () => {
    redis = await startPrivateRedis();
    node = await SingleNodeProcess.create({
      REDIS_URL: redis.url,
      DEMO_SOURCE_KEY: KEY,
      DEMO_PASSWORD: PASSWORD,
      RECONCILE_SECONDS: String(RECONCILE_SECONDS),
    });
    await node.start();
  }, 120_000);

  afterAll(async () => {
    await node?.cleanup();
    await redis?.stop();
  }, 60_000);

  it('dispatches while Redis is down, and the timers follow from PostgreSQL when it is back', async () => {
    const commander = await login(node.base, 'commander', PASSWORD);
    await redis.down();

    // Two incidents one after the other: the first one's task events reach the timer store's follower,
    // which must not hold up the second incident behind them.
    const tasks: { id: string }[] = [];
    for (const alarm of [
      alarmBody({ townshipCode: '511902106', type: 'fire' }),
      alarmBody({ townshipCode: '511902108', type: 'public_security' }),
    ]) {
      const postedAt = Date.now();
      const sent = await call(node.base, 'POST', '/api/v1/alarms', { body: alarm, apiKey: KEY });
      expect(sent.status).toBe(202);
      const incidentId = await incidentOfAlarm(node.base, sent.body.alarmId, KEY, 10_000);
      tasks.push(
        ...(await eventually(async () => {
          const view = await call(node.base, 'GET', `/api/v1/incidents/${incidentId}`, { token: commander });
          expect(view.body.tasks.length).toBeGreaterThan(0);
          return view.body.tasks as { id: string }[];
        }, 10_000)),
      );
      // The probe saw 16.6 s (until Redis came back); the path itself takes well under a second.
      expect(Date.now() - postedAt).toBeLessThan(5_000);
    }
    const health = await call(node.base, 'GET', '/health');
    expect(health.body.dependencies.timers.state).toBe('down');

    await redis.restart();
    const store = new BullMqDeadlineTimers({ kind: 'redis', url: redis.url }, systemClock);
    try {
      const wanted = tasks.map((t) => timerId({ taskId: t.id, deadline: 'ack', ordinal: 0 }));
      await eventually(
        async () => {
          const pending = await store.pendingIds();
          expect(wanted.filter((id) => !pending.has(id))).toEqual([]);
        },
        RECONCILE_SECONDS * 1000 + 10_000,
        200,
      );
      expect(node.output).toMatch(/timer store unavailable|timer reconciliation failed/);
    } finally {
      await store.stop();
    }
  }, 90_000);
});
