import { Command } from '@nestjs/cqrs';
import { Envelope, EventPayload } from '@erp/contracts';

/** Alarms to place, in the order they arrived on one partition: one transaction for them all. */
export class OpenIncidentCommand extends Command<void> {
  constructor(readonly alarmsReceived: Envelope<EventPayload<'AlarmReceived'>>[]) {
    super();
  }
}
