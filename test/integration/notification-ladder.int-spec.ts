import 'reflect-metadata';
import { EscalationModule } from '@erp/escalation';
import { LiveModule } from '@erp/live';
import { NotifyModule, WebhooksApiModule } from '@erp/notify';
import { RunningService } from '@erp/platform';
import { ALARM_PATH, startTestService } from '../support/product';
import { createTestDatabase, eventually, TestDatabase } from '../support/services';
import { alarmBody, call, incidentOfAlarm, login } from '../support/http';
import { openLiveStream } from '../support/live-stream';
import { startWebhookReceiver } from '../support/webhook-receiver';

/**
 * Who is told follows the task's ladder: an unacknowledged task's missed deadline reaches its unit's
 * people on duty, the ladder's "notify the leader" step reaches the unit's head, the step that tasks the
 * command room reaches its people; the console's live feed shows the notices to the unit's officer.
 * Drill time (DEADLINE_SCALE 0.01): the 5-minute acknowledgement is 3 s.
 */
const KEY = 'ladder-source-key-0001';
const PASSWORD = 'ladder-password';
const SECRET = 'ladder-gateway-secret-01';
const OFFICE = 'township-office-511902001';

describe('notifications follow the task and its ladder', () => {
  let db: TestDatabase;
  let app: RunningService;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;

  beforeAll(async () => {
    db = await createTestDatabase('erp_notify_ladder');
    receiver = await startWebhookReceiver();
    app = await startTestService(
      'notify-ladder',
      {
        DATABASE_URL: db.url,
        DEMO_SOURCE_KEY: KEY,
        DEMO_PASSWORD: PASSWORD,
        DEADLINE_SCALE: '0.01',
        WEBHOOK_POLL_MS: '50',
        WEBHOOK_RETRY_BASE_MS: '100',
      },
      [...ALARM_PATH, EscalationModule, LiveModule, NotifyModule, WebhooksApiModule],
      { timers: true },
    );
  }, 90_000);

  afterAll(async () => {
    await app?.stop();
    await receiver?.stop();
    await db?.drop();
  });

  it('tells the missed deadline to the unit on duty, each ladder step to whom it names, live and by webhook', async () => {
    const url = app.url;
    const commander = await login(url, 'commander', PASSWORD);
    const officer = await login(url, 'duty-511902001', PASSWORD);
    const reg = await call(url, 'POST', '/api/v1/webhooks', {
      body: { url: receiver.url, events: ['TaskDeadlineMissed', 'TaskEscalated'], secret: SECRET },
      token: commander,
    });
    expect(reg.status).toBe(201);
    const live = openLiveStream(url, officer);
    try {
      const alarm = await call(url, 'POST', '/api/v1/alarms', { body: alarmBody(), apiKey: KEY });
      const incidentId = await incidentOfAlarm(url, alarm.body.alarmId, KEY);
      const bodies = () => receiver.received.map((d) => JSON.parse(d.raw.toString('utf8')));
      const ofOffice = (event: string) =>
        bodies().filter((b) => b.event === event && b.incidentId === incidentId && b.facts.unitId === OFFICE);

      const [missed] = await eventually(async () => {
        const found = ofOffice('TaskDeadlineMissed');
        expect(found.length).toBeGreaterThan(0);
        return found;
      }, 30_000);
      expect(missed.facts.deadline).toBe('ack');
      expect(missed.recipients.length).toBeGreaterThan(0);
      for (const r of missed.recipients) {
        expect(r).toMatchObject({ unitId: OFFICE, phone: expect.any(String) });
        expect(['duty-511902001', 'night-511902001']).toContain(r.userName);
      }

      const steps = await eventually(async () => {
        const found = ofOffice('TaskEscalated');
        expect(found.map((b) => b.facts.action)).toEqual(
          expect.arrayContaining(['notify_leader', 'task_unit']),
        );
        return found;
      }, 30_000);
      const leader = steps.find((b) => b.facts.action === 'notify_leader')!;
      expect(leader.recipients.map((r: { userName: string }) => r.userName)).toEqual(['head-511902001']);
      const tasked = steps.find((b) => b.facts.action === 'task_unit')!;
      expect(tasked.recipients.length).toBeGreaterThan(0);
      expect(
        tasked.recipients.every((r: { unitId: string }) => r.unitId === tasked.facts.target.unitId),
      ).toBe(true);
      expect(tasked.facts.target.unitId).not.toBe(OFFICE);

      // The unit's officer sees who was told, live (their unit's notices among those of their incident).
      await eventually(async () => {
        const notices = live.frames.filter(
          (f) => f.data?.type === 'NotificationIssued' && f.data.payload.unitIds.includes(OFFICE),
        );
        expect(notices.map((f) => f.data.payload.event)).toEqual(
          expect.arrayContaining(['TaskDispatched', 'TaskDeadlineMissed', 'TaskEscalated']),
        );
        expect(notices[0].data.payload.recipients[0]).toMatchObject({
          unitId: OFFICE,
          name: expect.any(String),
        });
      }, 20_000);
    } finally {
      live.close();
      await live.done;
    }
  });
});
