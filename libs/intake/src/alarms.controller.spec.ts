import { Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { DateWindow, ManualClock, ReadStore } from '@erp/domain';
import { AlarmsController } from './alarms.controller';
import { SourceRequest } from './alarm-source/api-key.guard';
import { ReceiveAlarmCommand } from './receive-alarm/receive-alarm.command';

const alarm = (externalId: string) => ({
  source: 'sensor-net',
  externalId,
  type: 'fire',
  occurredAt: '2026-11-30T08:00:00+08:00',
  townshipCode: '511902101',
  description: '烟雾 smoke',
});

const request = {
  is: (type: string) => type === 'application/json',
  header: () => undefined,
  alarmSource: { id: 'sensor-net', name: '传感网' },
} as unknown as SourceRequest;

/** Admits alarms whose external id does not start with "fail"; those fail as the database would. */
function controller(): AlarmsController {
  const commands = {
    execute: async ({ report }: ReceiveAlarmCommand) => {
      if (report.externalId.startsWith('fail')) throw new Error('connection refused');
      return { alarmId: `id-${report.externalId}`, duplicate: false };
    },
  } as unknown as CommandBus;
  return new AlarmsController(
    commands,
    {} as ReadStore,
    new DateWindow(new Date('1970-01-01T00:00:00Z'), 24 * 3_600_000),
    new ManualClock(new Date('2026-11-30T08:05:00+08:00')),
  );
}

describe('AlarmsController batch: failures on our side', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('answers per item when some were accepted: the failed one is a 500 of its own', async () => {
    const out = await controller().receiveBatch(request, { alarms: [alarm('ok-1'), alarm('fail-1')] });
    expect(out.accepted).toBe(1);
    expect(out.results.map((r) => r.status)).toEqual([202, 500]);
    expect(out.results[1]).not.toHaveProperty('failure');
  });

  it('fails the whole request when nothing was accepted because of us, as a single alarm would', async () => {
    await expect(
      controller().receiveBatch(request, { alarms: [alarm('fail-1'), alarm('fail-2'), { nonsense: true }] }),
    ).rejects.toThrow('connection refused');
  });

  it('refuses an item dated outside the accepted window on its own, naming its field', async () => {
    const out = await controller().receiveBatch(request, {
      alarms: [alarm('ok-1'), { ...alarm('old'), occurredAt: '1000-01-01T00:00:00+08:00' }],
    });
    expect(out.results.map((r) => r.status)).toEqual([202, 400]);
    expect(out.results[1]).toMatchObject({
      error: { code: 'REQUEST.DATE_OUT_OF_RANGE', fields: [{ pointer: '/alarms/1/occurredAt' }] },
    });
  });

  it('still answers 200 per item when every item is refused for its own fault', async () => {
    const out = await controller().receiveBatch(request, { alarms: [{ nonsense: true }] });
    expect(out.accepted).toBe(0);
    expect(out.results[0].status).toBe(400);
  });
});
