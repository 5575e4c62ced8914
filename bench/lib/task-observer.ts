import { Topics } from '@erp/contracts';
import { StreamRecord } from '@erp/event-stream';
import { wallNow } from './wall-clock';

/** What the dispatch bench's observer group sees: each incident's first TaskDispatched, tasks and breaches. */
export class TaskObserver {
  /** incidentId → arrival of its first TaskDispatched (one incident's tasks commit and relay together). */
  readonly firstTaskAt = new Map<string, number>();
  readonly tasks = new Map<string, number>();
  readonly breached = new Set<string>();
  /** Events seen by type since the last reset ('dead letters' for the dead-letter topic). */
  counts: Record<string, number> = {};
  lastArrival = 0;

  observe(record: StreamRecord): void {
    this.lastArrival = wallNow();
    const event = JSON.parse(record.value) as { type?: string; incidentId?: string | null };
    const type = record.topic === Topics.deadLetter ? 'dead letters' : (event.type ?? '?');
    this.counts[type] = (this.counts[type] ?? 0) + 1;
    const incidentId = event.incidentId;
    if (!incidentId) return;
    if (type === 'RescueCircleBreachPredicted') this.breached.add(incidentId);
    if (type !== 'TaskDispatched') return;
    if (!this.firstTaskAt.has(incidentId)) this.firstTaskAt.set(incidentId, this.lastArrival);
    this.tasks.set(incidentId, (this.tasks.get(incidentId) ?? 0) + 1);
  }

  resetCounts(): void {
    this.counts = {};
  }
}
