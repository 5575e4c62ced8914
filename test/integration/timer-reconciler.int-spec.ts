import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { systemClock, Task } from '@erp/domain';
import { reconcileTimers } from '@erp/escalation';
import { StoresOn, TaskRepository } from '@erp/persistence';
import { BullMqDeadlineTimers, TimerBackend, timerId } from '@erp/timers';
import { migratedDatabase } from '../support/database';
import { SERVICES, uniqueSuffix } from '../support/services';

/**
 * The reconciler holds the timer store to PostgreSQL's deadlines, on both backends: what is missing is
 * scheduled, what no deadline wants is removed, and a second run changes nothing.
 */
let ds: DataSource;
let close: () => Promise<void>;
let dbUrl: string;

beforeAll(async () => {
  const migrated = await migratedDatabase();
  ({ ds, close } = migrated);
  dbUrl = migrated.db.url;
});

afterAll(async () => {
  await close();
});

const backends: [string, () => TimerBackend][] = [
  ['redis', () => ({ kind: 'redis', url: SERVICES.redisUrl })],
  ['postgres', () => ({ kind: 'postgres', url: dbUrl })],
];

function task(minutesAhead: number): Task {
  return Task.dispatch(
    {
      id: randomUUID(),
      incidentId: randomUUID(),
      unitId: 'township-office-511902001',
      role: 'lead',
      deadlines: { ack: minutesAhead * 60, depart: minutesAhead * 60 + 60 },
      escalationStep: 0,
      escalatedFromTaskId: null,
      clauseId: 't1-township-office-leads',
      planVersion: 'seed-2020/2',
    },
    new Date(),
  );
}

describe.each(backends)('timer reconciliation: %s', (_name, backend) => {
  let timers: BullMqDeadlineTimers;
  const tasks: Task[] = [];

  beforeAll(async () => {
    timers = new BullMqDeadlineTimers(backend(), systemClock, { queueName: `reconcile-${uniqueSuffix()}` });
    await ds.query('DELETE FROM task_deadlines; DELETE FROM tasks');
    tasks.splice(0, tasks.length, task(30), task(40), task(50));
    await TaskRepository.insertAll(ds.manager, tasks);
  });

  afterAll(async () => {
    await timers.stop();
  });

  const ids = (t: Task, kinds: readonly ('ack' | 'depart')[] = ['ack', 'depart']) =>
    kinds.map((deadline) => timerId({ taskId: t.id, deadline, ordinal: 0 }));

  it('schedules every watched deadline the store lacks, and a second run changes nothing', async () => {
    const first = await reconcileTimers(new StoresOn(ds.manager), timers);
    expect(first).toMatchObject({ wanted: 6, restored: 6, removed: 0 });
    const pending = await timers.pendingIds();
    for (const t of tasks) for (const id of ids(t)) expect(pending.has(id)).toBe(true);
    expect(await reconcileTimers(new StoresOn(ds.manager), timers)).toMatchObject({
      wanted: 6,
      restored: 0,
      removed: 0,
    });
  });

  it('removes a timer no deadline wants: a stray one, and one whose deadline was met', async () => {
    const stray = {
      taskId: randomUUID(),
      deadline: 'ack' as const,
      ordinal: 0,
      dueAt: new Date(Date.now() + 600_000),
    };
    await timers.schedule(stray);
    const met = Task.restore(tasks[0].snapshot());
    met.acknowledge(
      { userId: randomUUID(), username: 'duty', unitIds: ['township-office-511902001'] },
      new Date(),
    );
    await TaskRepository.save(ds.manager, met);
    expect(await reconcileTimers(new StoresOn(ds.manager), timers)).toMatchObject({
      wanted: 5,
      restored: 0,
      removed: 2,
    });
    const pending = await timers.pendingIds();
    expect(pending.has(timerId(stray))).toBe(false);
    expect(pending.has(ids(tasks[0], ['ack'])[0])).toBe(false);
    expect(pending.has(ids(tasks[0], ['depart'])[0])).toBe(true);
  });

  it('puts back everything a store lost', async () => {
    for (const id of await timers.pendingIds()) await timers.removeAll([id]);
    expect((await timers.pendingIds()).size).toBe(0);
    expect(await reconcileTimers(new StoresOn(ds.manager), timers)).toMatchObject({
      wanted: 5,
      restored: 5,
      removed: 0,
    });
    expect((await timers.pendingIds()).size).toBe(5);
  });
});
