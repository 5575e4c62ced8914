import { EntityManager } from 'typeorm';
import type { ResponseTimeChanges } from '@erp/domain';
import { preparedQuery } from '../prepared-query';

const SECONDS = (later: string, earlier: string) => `round(extract(epoch FROM (${later} - ${earlier})))::int`;

export const ResponseTimesRepository = {
  /**
   * Applies a run's changes in lifecycle order: incidents, their tiers (carried to their tasks), tasks sent,
   * their moves, missed deadlines, closes. Each step is one statement; repeating a run changes nothing.
   */
  async apply(m: EntityManager, c: ResponseTimeChanges): Promise<void> {
    if (c.opened.length) {
      await preparedQuery(
        m,
        `INSERT INTO response_incidents (incident_id, township_code, type, tier, exercise, alarm_at, opened_at, status)
         SELECT *, 'open' FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::bool[],
           $6::timestamptz[], $7::timestamptz[])
         ON CONFLICT (incident_id) DO NOTHING`,
        [
          c.opened.map((o) => o.incidentId),
          c.opened.map((o) => o.townshipCode),
          c.opened.map((o) => o.type),
          c.opened.map((o) => o.tier),
          c.opened.map((o) => o.exercise),
          c.opened.map((o) => o.alarmAt),
          c.opened.map((o) => o.openedAt),
        ],
      );
    }
    if (c.tiers.length) {
      const params = [c.tiers.map((t) => t.incidentId), c.tiers.map((t) => t.tier)];
      for (const table of ['response_incidents', 'response_tasks', 'response_breaches']) {
        await preparedQuery(
          m,
          `UPDATE ${table} r SET tier = u.tier FROM unnest($1::uuid[], $2::text[]) AS u(id, tier)
            WHERE r.incident_id = u.id AND r.tier <> u.tier`,
          params,
        );
      }
    }
    if (c.dispatched.length) {
      await preparedQuery(
        m,
        `INSERT INTO response_tasks (task_id, incident_id, unit_id, role, team, township_code, type, tier,
           exercise, alarm_at, status, dispatched_at, to_dispatch)
         SELECT d.task_id, d.incident_id, d.unit_id, d.role, d.team, i.township_code, i.type, i.tier,
                i.exercise, i.alarm_at, 'dispatched', d.dispatched_at, ${SECONDS('d.dispatched_at', 'i.alarm_at')}
           FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::bool[], $6::timestamptz[])
                AS d(task_id, incident_id, unit_id, role, team, dispatched_at)
           JOIN response_incidents i ON i.incident_id = d.incident_id
         ON CONFLICT (task_id) DO NOTHING`,
        [
          c.dispatched.map((d) => d.taskId),
          c.dispatched.map((d) => d.incidentId),
          c.dispatched.map((d) => d.unitId),
          c.dispatched.map((d) => d.role),
          c.dispatched.map((d) => d.team),
          c.dispatched.map((d) => d.dispatchedAt),
        ],
      );
    }
    if (c.moves.length) {
      await preparedQuery(
        m,
        `UPDATE response_tasks t SET
           status = COALESCE(u.status, t.status),
           acknowledged_at = COALESCE(u.ack, t.acknowledged_at),
           departed_at = COALESCE(u.dep, t.departed_at),
           arrived_at = COALESCE(u.arr, t.arrived_at),
           completed_at = COALESCE(u.com, t.completed_at),
           to_acknowledge = ${SECONDS('COALESCE(u.ack, t.acknowledged_at)', 't.alarm_at')},
           to_depart = ${SECONDS('COALESCE(u.dep, t.departed_at)', 't.alarm_at')},
           to_arrive = ${SECONDS('COALESCE(u.arr, t.arrived_at)', 't.alarm_at')},
           travel_seconds = ${SECONDS('COALESCE(u.arr, t.arrived_at)', 't.dispatched_at')}
         FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::timestamptz[], $5::timestamptz[],
           $6::timestamptz[]) AS u(id, status, ack, dep, arr, com)
         WHERE t.task_id = u.id`,
        [
          c.moves.map((x) => x.taskId),
          c.moves.map((x) => x.status),
          c.moves.map((x) => x.acknowledgedAt),
          c.moves.map((x) => x.departedAt),
          c.moves.map((x) => x.arrivedAt),
          c.moves.map((x) => x.completedAt),
        ],
      );
    }
    if (c.breaches.length) {
      await preparedQuery(
        m,
        `INSERT INTO response_breaches (task_id, deadline, incident_id, unit_id, team, township_code, type, tier,
           exercise, alarm_at, due_at, missed_at)
         SELECT b.task_id, b.deadline, t.incident_id, t.unit_id, t.team, t.township_code, t.type, t.tier,
                t.exercise, t.alarm_at, b.due_at, b.missed_at
           FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::timestamptz[])
                AS b(task_id, deadline, due_at, missed_at)
           JOIN response_tasks t ON t.task_id = b.task_id
         ON CONFLICT (task_id, deadline) DO NOTHING`,
        [
          c.breaches.map((b) => b.taskId),
          c.breaches.map((b) => b.deadline),
          c.breaches.map((b) => b.dueAt),
          c.breaches.map((b) => b.missedAt),
        ],
      );
    }
    if (c.closed.length) {
      await preparedQuery(
        m,
        `UPDATE response_incidents i SET status = 'closed', closed_at = u.closed_at,
           to_close = ${SECONDS('u.closed_at', 'i.alarm_at')}
         FROM unnest($1::uuid[], $2::timestamptz[]) AS u(id, closed_at) WHERE i.incident_id = u.id`,
        [c.closed.map((x) => x.incidentId), c.closed.map((x) => x.closedAt)],
      );
    }
    if (c.cancelled.length) {
      await preparedQuery(
        m,
        `UPDATE response_incidents SET status = 'cancelled' WHERE incident_id = ANY($1::uuid[])`,
        [c.cancelled],
      );
    }
  },

  /** Empties the tables for a rebuild, locked against the live projector until the rebuild commits. */
  async clear(m: EntityManager): Promise<void> {
    await preparedQuery(
      m,
      'LOCK TABLE response_incidents, response_tasks, response_breaches IN EXCLUSIVE MODE',
    );
    for (const table of ['response_breaches', 'response_tasks', 'response_incidents']) {
      await preparedQuery(m, `DELETE FROM ${table}`);
    }
  },
};
