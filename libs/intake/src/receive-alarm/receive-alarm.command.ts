import { Command } from '@nestjs/cqrs';
import { AlarmReport } from '@erp/domain';

export interface AlarmReceipt {
  alarmId: string;
  duplicate: boolean;
}

export class ReceiveAlarmCommand extends Command<AlarmReceipt> {
  constructor(
    readonly report: AlarmReport,
    readonly requestId: string,
  ) {
    super();
  }
}
