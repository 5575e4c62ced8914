import { Command } from '@nestjs/cqrs';
import { Envelope, EventPayload } from '@erp/contracts';

export class OpenIncidentCommand extends Command<void> {
  constructor(readonly alarmReceived: Envelope<EventPayload<'AlarmReceived'>>) {
    super();
  }
}
