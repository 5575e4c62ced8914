import { randomUUID } from 'node:crypto';
import { systemClock } from '@erp/domain';
import { applyTimerChanges, BullMqDeadlineTimers, DeadlineTimer, timerId, TimerBackend } from '@erp/timers';
import { createTestDatabase, eventually, SERVICES, TestDatabase, uniqueSuffix } from '../support/services';

/** One contract for both timer backends: BullMQ on Redis (services) and on PostgreSQL (single node). */
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase('erp_timers');
});

afterAll(async () => {
  await db.drop();
});

const backends: [string, () => TimerBackend][] = [
  ['redis', () => ({ kind: 'redis', url: SERVICES.redisUrl })],
  ['postgres', () => ({ kind: 'postgres', url: db.url })],
];

describe.each(backends)('deadline timers contract: %s', (_name, backend) => {
  const queueName = `deadlines-${uniqueSuffix()}`;
  const make = () => new BullMqDeadlineTimers(backend(), systemClock, { queueName });
  let timers: BullMqDeadlineTimers;
  const fired: { timer: DeadlineTimer; at: number }[] = [];

  beforeAll(async () => {
    timers = make();
    await timers.start(async (timer) => void fired.push({ timer, at: Date.now() }));
  }, 30_000);

  afterAll(async () => {
    await timers.stop();
  });

  it('fires a timer once, not before it is due', async () => {
    const taskId = randomUUID();
    const dueAt = new Date(Date.now() + 800);
    await timers.schedule({ taskId, deadline: 'ack', ordinal: 0, dueAt });
    await timers.schedule({ taskId, deadline: 'ack', ordinal: 0, dueAt }); // same id: still one timer
    await eventually(() => expect(fired.filter((f) => f.timer.taskId === taskId)).toHaveLength(1), 10_000);
    const [hit] = fired.filter((f) => f.timer.taskId === taskId);
    expect(hit.at).toBeGreaterThanOrEqual(dueAt.getTime() - 5);
    expect(hit.timer.dueAt.toISOString()).toBe(dueAt.toISOString());
    await new Promise((r) => setTimeout(r, 700));
    expect(fired.filter((f) => f.timer.taskId === taskId)).toHaveLength(1);
  }, 20_000);

  it('a cancelled timer never fires', async () => {
    const taskId = randomUUID();
    await timers.schedule({ taskId, deadline: 'ack', ordinal: 0, dueAt: new Date(Date.now() + 600) });
    expect(await timers.pendingIds()).toContain(timerId({ taskId, deadline: 'ack', ordinal: 0 }));
    await timers.cancel({ taskId, deadline: 'ack', ordinal: 0 });
    expect(await timers.pendingIds()).not.toContain(timerId({ taskId, deadline: 'ack', ordinal: 0 }));
    await new Promise((r) => setTimeout(r, 1500));
    expect(fired.some((f) => f.timer.taskId === taskId)).toBe(false);
  }, 20_000);

  it('scheduleAll: every timer pending under its id, once each, and the due ones fire', async () => {
    const later = [randomUUID(), randomUUID(), randomUUID()].map((taskId): DeadlineTimer => ({
      taskId,
      deadline: 'ack',
      ordinal: 0,
      dueAt: new Date(Date.now() + 120_000),
    }));
    const soon = [randomUUID(), randomUUID()].map((taskId): DeadlineTimer => ({
      taskId,
      deadline: 'ack',
      ordinal: 0,
      dueAt: new Date(Date.now() + 1000),
    }));
    // The same id twice in one call, and again in a later call: still one timer each.
    await timers.scheduleAll([...later, ...soon, { ...later[0], dueAt: new Date(Date.now() + 500) }]);
    await timers.scheduleAll([later[1], soon[0]]);
    await timers.scheduleAll([]);
    const pending = await timers.pendingIds();
    for (const t of [...later, ...soon]) {
      expect(pending.has(timerId({ ...t }))).toBe(true);
    }

    const firedFor = (taskId: string) => fired.filter((f) => f.timer.taskId === taskId);
    await eventually(() => soon.forEach((t) => expect(firedFor(t.taskId)).toHaveLength(1)), 10_000);
    for (const t of soon) {
      expect(firedFor(t.taskId)[0].at).toBeGreaterThanOrEqual(t.dueAt.getTime() - 5);
      expect(firedFor(t.taskId)[0].timer.dueAt.toISOString()).toBe(t.dueAt.toISOString());
    }
    // The first of the two later[0] won: it keeps its own due time and has not fired.
    expect(later.some((t) => firedFor(t.taskId).length > 0)).toBe(false);
    const stillPending = await timers.pendingIds();
    for (const t of later) expect(stillPending).toContain(timerId({ ...t }));

    for (const t of later) await timers.cancel(t);
    const left = await timers.pendingIds();
    for (const t of later) expect(left).not.toContain(timerId({ ...t }));
  }, 20_000);

  it('changes applied in order: a timer scheduled then cancelled within one batch ends cancelled', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    const due = new Date(Date.now() + 60_000);
    await applyTimerChanges(timers, [
      { kind: 'schedule', timer: { taskId: a, deadline: 'ack', ordinal: 0, dueAt: due } },
      { kind: 'schedule', timer: { taskId: b, deadline: 'ack', ordinal: 0, dueAt: due } },
      { kind: 'cancel', timer: { taskId: a, deadline: 'ack', ordinal: 0 } },
    ]);
    const pending = await timers.pendingIds();
    expect(pending).not.toContain(timerId({ taskId: a, deadline: 'ack', ordinal: 0 }));
    expect(pending).toContain(timerId({ taskId: b, deadline: 'ack', ordinal: 0 }));
    await timers.cancel({ taskId: b, deadline: 'ack', ordinal: 0 });
  });

  it('each firing of a deadline is its own timer; removeAll takes exactly the ids given', async () => {
    const taskId = randomUUID();
    const due = new Date(Date.now() + 60_000);
    const refs = [
      { taskId, deadline: 'ack' as const, ordinal: 0 },
      { taskId, deadline: 'ack' as const, ordinal: 1 },
      { taskId, deadline: 'arrive' as const, ordinal: 0 },
    ];
    await timers.scheduleAll(refs.map((r) => ({ ...r, dueAt: due })));
    let pending = await timers.pendingIds();
    for (const r of refs) expect(pending.has(timerId(r))).toBe(true);
    await timers.removeAll([timerId(refs[0]), timerId(refs[2]), 'task.not-there.ack-deadline.0']);
    pending = await timers.pendingIds();
    expect(pending.has(timerId(refs[0]))).toBe(false);
    expect(pending.has(timerId(refs[1]))).toBe(true);
    expect(pending.has(timerId(refs[2]))).toBe(false);
    await timers.cancel(refs[1]);
    expect((await timers.pendingIds()).has(timerId(refs[1]))).toBe(false);
  });

  it('a timer survives the worker stopping and fires in the next one', async () => {
    const taskId = randomUUID();
    await timers.stop();
    const scheduler = make();
    await scheduler.schedule({ taskId, deadline: 'ack', ordinal: 0, dueAt: new Date(Date.now() + 1000) });
    await scheduler.stop();
    timers = make();
    await timers.start(async (timer) => void fired.push({ timer, at: Date.now() }));
    await eventually(() => expect(fired.some((f) => f.timer.taskId === taskId)).toBe(true), 15_000);
    expect(await timers.isHealthy()).toBe(true);
  }, 30_000);

  it('a handler failure is retried, not lost', async () => {
    const taskId = randomUUID();
    let calls = 0;
    await timers.stop();
    timers = make();
    await timers.start(async (timer) => {
      if (timer.taskId !== taskId) return;
      calls++;
      if (calls === 1) throw new Error('database briefly down');
      fired.push({ timer, at: Date.now() });
    });
    await timers.schedule({ taskId, deadline: 'ack', ordinal: 0, dueAt: new Date(Date.now() + 200) });
    await eventually(() => expect(fired.some((f) => f.timer.taskId === taskId)).toBe(true), 15_000);
    expect(calls).toBe(2);
  }, 30_000);
});
