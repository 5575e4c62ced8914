import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Alarm, BAZHOU, BAZHOU_HAZARDS, Clock, DomainError } from '@erp/domain';
import { AlarmRepository, UnitOfWork } from '@erp/persistence';
import { CLOCK } from '@erp/platform';
import { AlarmReceipt, ReceiveAlarmCommand } from './receive-alarm.command';

/**
 * Makes an alarm durable before anyone is told it arrived: the alarm row and its AlarmReceived event
 * commit together. The same source and external id again returns the first alarm's id: the insert's
 * ON CONFLICT decides (no look-up first: one round trip less per alarm, and two concurrent copies cannot
 * both insert).
 */
@CommandHandler(ReceiveAlarmCommand)
export class ReceiveAlarmHandler implements ICommandHandler<ReceiveAlarmCommand, AlarmReceipt> {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ report, requestId }: ReceiveAlarmCommand): Promise<AlarmReceipt> {
    return this.unitOfWork.run(async (tx) => {
      if (report.hazardPointId && !BAZHOU_HAZARDS.byId(report.hazardPointId)) {
        throw new DomainError(
          'ALARM.UNKNOWN_HAZARD_POINT',
          'invalid',
          `unknown hazard point ${report.hazardPointId}`,
          {
            pointer: '/hazardPointId',
          },
        );
      }
      const alarm = Alarm.receive(randomUUID(), report, BAZHOU, this.clock.now());
      if (!(await AlarmRepository.insertIfNew(tx.manager, alarm))) {
        const winner = await AlarmRepository.findBySourceAndExternalId(
          tx.manager,
          report.source,
          report.externalId,
        );
        return { alarmId: winner!.id, duplicate: true };
      }
      await tx.record(
        alarm.pullEvents(),
        { actor: { kind: 'source', id: report.source }, correlationId: alarm.id, causationId: requestId },
        alarm.snapshot().receivedAt,
      );
      return { alarmId: alarm.id, duplicate: false };
    });
  }
}
