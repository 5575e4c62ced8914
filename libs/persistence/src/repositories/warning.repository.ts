import { EntityManager } from 'typeorm';
import type {
  WarningColour,
  WarningEscalation,
  WarningEndReason,
  WarningHazardType,
  WarningRecord,
  WarningStatus,
  WarningTaskRecord,
  WarningTaskStatus,
} from '@erp/domain';
import { WarningEntity, WarningTaskEntity } from '../entities';
import { preparedQuery } from '../prepared-query';
import { readRows } from './rows-in-one-statement';

function warningOf(row: WarningEntity): WarningRecord {
  return {
    id: row.id,
    source: row.source,
    identifiers: row.identifiers,
    sender: row.sender,
    event: row.event,
    hazardType: row.hazardType as WarningHazardType,
    colour: row.colour as WarningColour | null,
    headline: row.headline,
    area: row.area,
    issuedAt: row.issuedAt,
    effectiveAt: row.effectiveAt,
    expiresAt: row.expiresAt,
    status: row.status as WarningStatus,
    endedAt: row.endedAt,
    endReason: row.endReason as WarningEndReason | null,
    revision: row.revision,
  };
}

function taskOf(row: WarningTaskEntity): WarningTaskRecord {
  return { ...row } as unknown as WarningTaskRecord;
}

/** Ids are UUIDs: anything else names no row (a 404, not a database error on the cast). */
const UUID = /^[0-9a-f-]{36}$/i;

export const WarningRepository = {
  async byIdentifier(
    manager: EntityManager,
    source: string,
    identifiers: readonly string[],
    options: { forUpdate?: boolean } = {},
  ): Promise<WarningRecord | null> {
    const [row] = await readRows(
      manager,
      WarningEntity,
      'source = $1 AND identifiers && $2::text[]',
      [source, [...identifiers]],
      { ...options, limit: 1 },
    );
    return row ? warningOf(row) : null;
  },

  async activeFrom(
    manager: EntityManager,
    source: string,
    sender: string,
    options: { forUpdate?: boolean } = {},
  ): Promise<WarningRecord | null> {
    const [row] = await readRows(
      manager,
      WarningEntity,
      `source = $1 AND sender = $2 AND status = 'active'`,
      [source, sender],
      { ...options, limit: 1 },
    );
    return row ? warningOf(row) : null;
  },

  async get(
    manager: EntityManager,
    id: string,
    options: { forUpdate?: boolean } = {},
  ): Promise<WarningRecord | null> {
    if (!UUID.test(id)) return null;
    const [row] = await readRows(manager, WarningEntity, 'id = $1', [id], options);
    return row ? warningOf(row) : null;
  },

  async list(manager: EntityManager, filter: { active?: boolean; limit?: number }): Promise<WarningRecord[]> {
    const rows = await readRows(
      manager,
      WarningEntity,
      '($1::text IS NULL OR status = $1)',
      [filter.active === undefined ? null : filter.active ? 'active' : 'ended'],
      { orderBy: ['issuedAt', 'id'], newestFirst: true, limit: filter.limit ?? 200 },
    );
    return rows.map(warningOf);
  },

  async inForceAt(manager: EntityManager, at: Date): Promise<WarningRecord[]> {
    const rows = await readRows(
      manager,
      WarningEntity,
      `issued_at <= $1 AND (ended_at IS NULL OR ended_at > $1)`,
      [at],
      { orderBy: ['issuedAt', 'id'] },
    );
    return rows.map(warningOf);
  },

  async insert(manager: EntityManager, w: WarningRecord & { cap?: object | null }): Promise<void> {
    await preparedQuery(
      manager,
      `INSERT INTO warnings (id, source, identifiers, sender, event, hazard_type, colour, headline, area,
                             issued_at, effective_at, expires_at, status, ended_at, end_reason, revision, cap)
       VALUES ($1, $2, $3::text[], $4, $5, $6, $7, $8, $9::jsonb, $10, $11, $12, $13, $14, $15, $16, $17::jsonb)`,
      [
        w.id,
        w.source,
        w.identifiers,
        w.sender,
        w.event,
        w.hazardType,
        w.colour,
        w.headline,
        JSON.stringify(w.area),
        w.issuedAt,
        w.effectiveAt,
        w.expiresAt,
        w.status,
        w.endedAt,
        w.endReason,
        w.revision,
        w.cap ? JSON.stringify(w.cap) : null,
      ],
    );
  },

  async update(manager: EntityManager, w: WarningRecord & { cap?: object | null }): Promise<boolean> {
    const rows = await preparedQuery<{ id: string }>(
      manager,
      `UPDATE warnings
          SET identifiers = $2::text[], event = $3, hazard_type = $4, colour = $5, headline = $6, area = $7::jsonb,
              effective_at = $8, expires_at = $9, status = $10, ended_at = $11, end_reason = $12,
              revision = $13, cap = COALESCE($14::jsonb, cap), updated_at = now()
        WHERE id = $1 AND revision = $13 - 1
       RETURNING id`,
      [
        w.id,
        w.identifiers,
        w.event,
        w.hazardType,
        w.colour,
        w.headline,
        JSON.stringify(w.area),
        w.effectiveAt,
        w.expiresAt,
        w.status,
        w.endedAt,
        w.endReason,
        w.revision,
        w.cap ? JSON.stringify(w.cap) : null,
      ],
    );
    return rows.length === 1;
  },

  async tasksOf(manager: EntityManager, warningId: string): Promise<WarningTaskRecord[]> {
    const rows = await readRows(manager, WarningTaskEntity, 'warning_id = $1', [warningId], {
      orderBy: ['townshipCode', 'hazardPointId', 'action', 'assigneeUserName'],
    });
    return rows.map(taskOf);
  },

  async tasksByIds(manager: EntityManager, taskIds: readonly string[]): Promise<WarningTaskRecord[]> {
    const ids = taskIds.filter((id) => UUID.test(id));
    if (!ids.length) return [];
    const rows = await readRows(manager, WarningTaskEntity, 'id = ANY($1::uuid[])', [ids]);
    return rows.map(taskOf);
  },

  async task(
    manager: EntityManager,
    taskId: string,
    options: { forUpdate?: boolean } = {},
  ): Promise<WarningTaskRecord | null> {
    if (!UUID.test(taskId)) return null;
    const [row] = await readRows(manager, WarningTaskEntity, 'id = $1', [taskId], options);
    return row ? taskOf(row) : null;
  },

  async insertTasks(manager: EntityManager, tasks: readonly WarningTaskRecord[]): Promise<void> {
    if (!tasks.length) return;
    // One statement for the lot: a district-wide warning tasks every point at once.
    await preparedQuery(
      manager,
      `INSERT INTO warning_tasks (id, warning_id, clause_id, hazard_point_id, hazard_point_name, township_code,
                                  action, assignee_role, assignee_user_name, assignee_name, assignee_phone, status,
                                  dispatched_at, acknowledge_due_at, complete_due_at)
       SELECT r.id, r."warningId", r."clauseId", r."hazardPointId", r."hazardPointName", r."townshipCode",
              r.action, r."assigneeRole", r."assigneeUserName", r."assigneeName", r."assigneePhone", r.status,
              r."dispatchedAt", r."acknowledgeDueAt", r."completeDueAt"
         FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, "warningId" uuid, "clauseId" text, "hazardPointId" text,
              "hazardPointName" text, "townshipCode" text, action text, "assigneeRole" text,
              "assigneeUserName" text, "assigneeName" text, "assigneePhone" text, status text,
              "dispatchedAt" timestamptz, "acknowledgeDueAt" timestamptz, "completeDueAt" timestamptz)
       ON CONFLICT (warning_id, hazard_point_id, action, assignee_user_name) DO NOTHING`,
      [JSON.stringify(tasks)],
    );
  },

  async saveTask(manager: EntityManager, t: WarningTaskRecord): Promise<void> {
    await preparedQuery(
      manager,
      `UPDATE warning_tasks SET status = $2, acknowledged_at = $3, completed_at = $4, cancelled_at = $5,
              cancel_reason = $6 WHERE id = $1`,
      [t.id, t.status, t.acknowledgedAt, t.completedAt, t.cancelledAt, t.cancelReason],
    );
  },

  async standDown(
    manager: EntityManager,
    taskIds: readonly string[],
    reason: string,
    at: Date,
  ): Promise<string[]> {
    if (!taskIds.length) return [];
    const rows = await preparedQuery<{ id: string }>(
      manager,
      `UPDATE warning_tasks SET status = 'cancelled', cancelled_at = $3, cancel_reason = $2
        WHERE id = ANY($1::uuid[]) AND status IN ('dispatched', 'acknowledged') RETURNING id`,
      [[...taskIds], reason, at],
    );
    return rows.map((row) => row.id);
  },

  async tasksOfAssignee(
    manager: EntityManager,
    userName: string,
    statuses: readonly WarningTaskStatus[],
  ): Promise<WarningTaskRecord[]> {
    const rows = await readRows(
      manager,
      WarningTaskEntity,
      'assignee_user_name = $1 AND status = ANY($2::text[])',
      [userName, [...statuses]],
      { orderBy: ['dispatchedAt', 'id'], newestFirst: true, limit: 500 },
    );
    return rows.map(taskOf);
  },

  async escalate(manager: EntityManager, taskId: string, e: WarningEscalation): Promise<boolean> {
    const column = e.deadline === 'ack' ? 'ack_steps' : 'complete_steps';
    const rows = await preparedQuery<{ id: string }>(
      manager,
      `UPDATE warning_tasks SET ${column} = ${column} + 1, escalations = escalations || $3::jsonb
        WHERE id = $1 AND ${column} = $2 RETURNING id`,
      [taskId, e.step, JSON.stringify([e])],
    );
    return rows.length === 1;
  },

  async pendingTaskDeadlines(manager: EntityManager) {
    return preparedQuery<
      Pick<
        WarningTaskRecord,
        'id' | 'status' | 'acknowledgeDueAt' | 'completeDueAt' | 'ackSteps' | 'completeSteps'
      >
    >(
      manager,
      `SELECT id, status, acknowledge_due_at AS "acknowledgeDueAt", complete_due_at AS "completeDueAt",
              ack_steps AS "ackSteps", complete_steps AS "completeSteps"
         FROM warning_tasks WHERE status IN ('dispatched', 'acknowledged')`,
      [],
    );
  },

  async pendingExpiries(
    manager: EntityManager,
  ): Promise<{ warningId: string; revision: number; expiresAt: Date }[]> {
    return preparedQuery(
      manager,
      `SELECT id AS "warningId", revision, expires_at AS "expiresAt" FROM warnings
        WHERE status = 'active' AND expires_at IS NOT NULL`,
      [],
    );
  },
};
