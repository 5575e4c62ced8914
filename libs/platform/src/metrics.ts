import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { RelayedEvent } from '@erp/persistence';

/** Seconds buckets for HTTP latency: the intake answers in milliseconds, a report may take seconds. */
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Seconds buckets for waits measured in the pipeline (outbox, timers): from a poll to an outage. */
const WAIT_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15, 60, 300, 900];

/** The task events that move a task into a state, and that state. */
const TASK_STATE_BY_EVENT: Record<string, string> = {
  TaskDispatched: 'dispatched',
  TaskAcknowledged: 'acknowledged',
  TaskDeparted: 'departed',
  TaskArrived: 'arrived',
  TaskCompleted: 'completed',
  TaskDeclined: 'declined',
  TaskCancelled: 'cancelled',
};

interface DeadlineFiring {
  payload?: { deadline?: string; lateMs?: number; action?: string };
}

/**
 * One process's Prometheus registry (prom-client) and the series the product exposes at `/metrics`.
 * Domain counts are taken where events leave the outbox: every event is relayed once, by whichever
 * process holds the relay's turn, so summing over instances counts each once.
 */
export class Metrics {
  readonly registry = new Registry();

  readonly httpRequests = new Counter({
    name: 'erp_http_requests_total',
    help: 'HTTP requests answered, by route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'erp_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: HTTP_BUCKETS,
    registers: [this.registry],
  });
  readonly alarmsReceived = new Counter({
    name: 'erp_alarms_received_total',
    help: 'New alarms made durable by intake (copies apart), in the district or not',
    registers: [this.registry],
  });
  readonly alarmsPlaced = new Counter({
    name: 'erp_alarms_placed_total',
    help: 'Alarms placed in an incident: opened a new one or joined one',
    labelNames: ['placement'] as const,
    registers: [this.registry],
  });
  readonly taskTransitions = new Counter({
    name: 'erp_task_transitions_total',
    help: 'Tasks that moved into a state',
    labelNames: ['state'] as const,
    registers: [this.registry],
  });
  readonly deadlinesMissed = new Counter({
    name: 'erp_deadlines_missed_total',
    help: 'Task deadlines missed, by deadline kind',
    labelNames: ['deadline'] as const,
    registers: [this.registry],
  });
  readonly escalationSteps = new Counter({
    name: 'erp_escalation_steps_total',
    help: 'Escalation ladder steps taken, by action',
    labelNames: ['action'] as const,
    registers: [this.registry],
  });
  readonly timerLateness = new Histogram({
    name: 'erp_timer_lateness_seconds',
    help: 'How long after its time a deadline timer fired (deadline missed or ladder step)',
    buckets: WAIT_BUCKETS,
    registers: [this.registry],
  });
  readonly outboxLag = new Histogram({
    name: 'erp_outbox_lag_seconds',
    help: 'How long an event waited in the outbox before the relay published it',
    buckets: WAIT_BUCKETS,
    registers: [this.registry],
  });
  readonly consumerLag = new Gauge({
    name: 'erp_consumer_lag_records',
    help: 'Records a consumer group still has to take from a Kafka partition, after its last batch',
    labelNames: ['group', 'topic', 'partition'] as const,
    registers: [this.registry],
  });
  readonly deadLetters = new Counter({
    name: 'erp_dead_letters_total',
    help: 'Records sent to the dead-letter topic, by the consumer group that refused them',
    labelNames: ['group'] as const,
    registers: [this.registry],
  });
  readonly rateLimiterFailOpen = new Counter({
    name: 'erp_rate_limiter_fail_open_total',
    help: 'Alarm requests let through unchecked because the shared rate-limit store did not answer',
    registers: [this.registry],
  });

  constructor(service: string, tasksByStatus: () => Promise<Record<string, number>>) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry, prefix: 'erp_' });
    new Gauge({
      name: 'erp_tasks',
      help: 'Tasks in each state now, district-wide (read from PostgreSQL at each scrape)',
      labelNames: ['state'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const [state, tasks] of Object.entries(await tasksByStatus())) this.set({ state }, tasks);
      },
    });
  }

  /** Counts what a relay pass published (called by the outbox relay after the stream took it). */
  relayed(events: RelayedEvent[]): void {
    for (const event of events) {
      this.outboxLag.observe(Math.max(0, event.waitedSeconds));
      const state = TASK_STATE_BY_EVENT[event.type];
      if (state) this.taskTransitions.inc({ state });
      else if (event.type === 'IncidentOpened') this.alarmsPlaced.inc({ placement: 'opened' });
      else if (event.type === 'AlarmJoinedIncident') this.alarmsPlaced.inc({ placement: 'joined' });
      else if (event.type === 'TaskDeadlineMissed' || event.type === 'TaskEscalated') {
        // Rare events: only these are parsed, for their deadline kind, action and lateness.
        const { payload } = JSON.parse(event.envelope) as DeadlineFiring;
        if (event.type === 'TaskDeadlineMissed')
          this.deadlinesMissed.inc({ deadline: payload?.deadline ?? 'unknown' });
        else this.escalationSteps.inc({ action: payload?.action ?? 'unknown' });
        this.timerLateness.observe((payload?.lateMs ?? 0) / 1000);
      }
    }
  }
}
