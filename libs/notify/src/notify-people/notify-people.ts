import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { EventType, topicOf } from '@erp/contracts';
import { consumeEvents, DecodedEvent, EVENT_STREAM, EventStream } from '@erp/event-stream';
import {
  HazardPointRecord,
  Notification,
  NotificationChannel,
  notifiableEvents,
  notificationOf,
  UnitOfWork,
} from '@erp/domain';
import { Infrastructure, structured } from '@erp/platform';
import { NOTIFY } from './notifier-actor';

export const NOTIFICATION_CHANNELS = Symbol('NotificationChannels');

/** The events told of, and the topics they travel on: a new rule is heard with no change here. */
const NOTIFIABLE = notifiableEvents() as EventType[];
const NOTIFIABLE_TOPICS = [...new Set(NOTIFIABLE.map(topicOf))];

/**
 * Tells people of what happens (通知): each notifiable event becomes one notification, with its recipients
 * found by the task and its ladder (the unit's on-duty roster, the members an escalation names, the units
 * of a closed incident, a warning task's hazard point persons), handed to every channel in the transaction
 * that marks the event taken, so a redelivered event tells nobody twice.
 */
@Injectable()
export class NotifyPeople implements OnModuleInit {
  private readonly logger = new Logger(NotifyPeople.name);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    @Inject(NOTIFICATION_CHANNELS) private readonly channels: NotificationChannel[],
    @Inject(EVENT_STREAM) private readonly stream: EventStream,
    @Inject(Infrastructure) private readonly infra: Infrastructure,
  ) {}

  async onModuleInit(): Promise<void> {
    this.infra.track(
      await consumeEvents(this.stream, {
        group: NOTIFY,
        topics: NOTIFIABLE_TOPICS,
        types: NOTIFIABLE,
        log: structured(this.logger, NotifyPeople.name),
        handle: async (event) => void (await this.notify([event])),
        handleBatch: async (events) => void (await this.notify(events)),
      }),
    );
  }

  async notify(events: readonly DecodedEvent[]): Promise<Notification[]> {
    return this.unitOfWork.run(async (tx) => {
      const todo = await tx.firstDeliveries(NOTIFY, events, (e) => e.eventId);
      if (!todo.length) return [];
      const registry = await tx.structure.registry();
      const closing = todo
        .filter((e) => e.type === 'IncidentClosed' && e.incidentId)
        .map((e) => e.incidentId!);
      const tasks = closing.length
        ? await tx.tasks.listByIncidents(closing)
        : new Map<string, { unitId: string }[]>();
      // A warning task's people are the hazard point's, read as they stand now.
      const points = todo.some((e) => e.type.startsWith('WarningTask'))
        ? new Map((await tx.hazardPoints.list()).map((p) => [p.id, p]))
        : new Map<string, HazardPointRecord>();
      const notifications = todo
        .map((e) =>
          notificationOf(
            {
              eventId: e.eventId,
              type: e.type,
              incidentId: e.incidentId,
              occurredAt: e.occurredAt,
              payload: e.payload as Record<string, unknown>,
              correlationId: e.correlationId,
            },
            {
              unit: (id) => registry.byId(id),
              incidentUnits: e.incidentId
                ? [...new Set((tasks.get(e.incidentId) ?? []).map((t) => t.unitId))]
                : [],
              hazardPoint: (id) => points.get(id),
              at: new Date(e.occurredAt),
            },
          ),
        )
        .filter((n): n is Notification => n !== null);
      for (const channel of this.channels) await channel.hand(notifications, tx);
      return notifications;
    });
  }
}
