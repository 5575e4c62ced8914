import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AlarmAdmission } from './alarm-admission';
import { AlarmReceipt, ReceiveAlarmCommand } from './receive-alarm.command';

/** Every source's way in (HTTP, batch, CAP, Kafka): the alarm joins the next group commit. */
@CommandHandler(ReceiveAlarmCommand)
export class ReceiveAlarmHandler implements ICommandHandler<ReceiveAlarmCommand, AlarmReceipt> {
  constructor(private readonly admission: AlarmAdmission) {}

  execute({ report, requestId }: ReceiveAlarmCommand): Promise<AlarmReceipt> {
    return this.admission.admit(report, requestId);
  }
}
