import { DataSource, EntityManager } from 'typeorm';
import {
  BreachLine,
  MAX_BREACH_LINES,
  RESCUE_CIRCLE_SECONDS,
  ReportGrouping,
  ResponseTimesFigures,
  ResponseTimesQuery,
  ResponseTimesReadModel,
  TaskStage,
} from '@erp/domain';
import { preparedQuery } from '../prepared-query';

/** The column each grouping reads (never user text: the query's grouping is one of these). */
const KEY: Record<ReportGrouping, string> = {
  township: 'township_code',
  team: 'unit_id',
  unit: 'unit_id',
  tier: 'tier',
  type: 'type',
};

/** GROUPING(to_dispatch, to_acknowledge, to_depart, to_arrive) of each stage's set: its own bit clear. */
const STAGE_OF_SET: Record<number, TaskStage> = {
  7: 'dispatch',
  11: 'acknowledge',
  13: 'depart',
  14: 'arrive',
};

/**
 * The response-time report from its projection tables. Each part is one statement on its own connection,
 * all at once: a year's stage times come back as counts per second of each group (one scan, hashed, no
 * sort), task counts beside them, close times as percentile_cont over incidents (a quarter as many rows).
 */
export class PostgresResponseTimesReadModel implements ResponseTimesReadModel {
  constructor(private readonly dataSource: DataSource) {}

  async figures(query: ResponseTimesQuery): Promise<ResponseTimesFigures> {
    const key = KEY[query.groupBy];
    const teamOnly = query.groupBy === 'team' ? 'AND team' : '';
    const filter = `alarm_at >= $1 AND alarm_at < $2 AND ($3 OR NOT exercise)
      AND ($4::text IS NULL OR township_code = $4) ${teamOnly}`;
    const params = [query.from, query.to, query.includeExercises, query.townshipCode];

    const [stages, counts, breachCounts, breaches, incidents] = await Promise.all([
      this.read<{
        key: string;
        set: number;
        to_dispatch: number | null;
        to_acknowledge: number | null;
        to_depart: number | null;
        to_arrive: number | null;
        tasks: number;
      }>(
        `SELECT ${key} AS key, GROUPING(to_dispatch, to_acknowledge, to_depart, to_arrive)::int AS set,
                to_dispatch, to_acknowledge, to_depart, to_arrive, count(*)::int AS tasks
           FROM response_tasks WHERE ${filter}
          GROUP BY GROUPING SETS ((${key}, to_dispatch), (${key}, to_acknowledge), (${key}, to_depart),
            (${key}, to_arrive))`,
        params,
      ),
      this.read<{ key: string; tasks: number; team_arrivals: number; in_circle: number }>(
        `SELECT ${key} AS key, count(*)::int AS tasks,
                count(*) FILTER (WHERE team AND travel_seconds IS NOT NULL)::int AS team_arrivals,
                count(*) FILTER (WHERE team AND travel_seconds <= ${RESCUE_CIRCLE_SECONDS})::int AS in_circle
           FROM response_tasks WHERE ${filter} GROUP BY ${key}`,
        params,
      ),
      this.read<{ key: string; breaches: number }>(
        `SELECT ${key} AS key, count(*)::int AS breaches FROM response_breaches WHERE ${filter} GROUP BY ${key}`,
        params,
      ),
      this.read<BreachLine>(
        `SELECT incident_id AS "incidentId", task_id AS "taskId", unit_id AS "unitId", deadline,
                to_char(due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "dueAt",
                to_char(missed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "missedAt",
                township_code AS "townshipCode", type, tier, exercise
           FROM response_breaches WHERE ${filter}
          ORDER BY missed_at DESC, task_id, deadline LIMIT ${MAX_BREACH_LINES}`,
        params,
      ),
      this.read<{ key: string | null; incidents: number; closed: number; close: (number | null)[] | null }>(
        query.groupBy === 'unit' || query.groupBy === 'team'
          ? // A unit's incidents are those it held a task in; the overall line counts each incident once.
            `WITH pairs AS MATERIALIZED (SELECT DISTINCT ${key} AS key, incident_id FROM response_tasks WHERE ${filter})
             SELECT p.key, count(*)::int AS incidents, count(i.to_close)::int AS closed,
                    percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY i.to_close) AS close
               FROM pairs p JOIN response_incidents i USING (incident_id) GROUP BY p.key
             UNION ALL
             SELECT NULL, count(*)::int, count(to_close)::int,
                    percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY to_close)
               FROM response_incidents WHERE incident_id IN (SELECT incident_id FROM pairs)`
          : `SELECT CASE WHEN GROUPING(${key}) = 0 THEN ${key} END AS key, count(*)::int AS incidents,
                    count(to_close)::int AS closed,
                    percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY to_close) AS close
               FROM response_incidents WHERE ${filter}
              GROUP BY GROUPING SETS ((${key}), ())`,
        params,
      ),
    ]);

    const breachesByKey = new Map(breachCounts.map((b) => [b.key, b.breaches]));
    const taskCounts: ResponseTimesFigures['taskCounts'] = counts.map((c) => ({
      key: c.key,
      tasks: c.tasks,
      teamArrivals: c.team_arrivals,
      inCircle: c.in_circle,
      breaches: breachesByKey.get(c.key) ?? 0,
    }));
    const stageBins: ResponseTimesFigures['stageBins'] = [];
    for (const row of stages) {
      const stage = STAGE_OF_SET[row.set];
      const seconds = stage && row[`to_${stage}`];
      if (stage && seconds !== null && seconds !== undefined) {
        stageBins.push({ key: row.key, stage, seconds, tasks: row.tasks });
      }
    }
    return {
      stageBins,
      taskCounts,
      incidents: incidents.map((i) => ({
        key: i.key,
        incidents: i.incidents,
        closed: i.closed,
        medianSeconds: i.close?.[0] ?? null,
        p90Seconds: i.close?.[1] ?? null,
      })),
      breaches,
    };
  }

  /** One statement in its own transaction, with room to hash a year of stage times in memory. */
  private read<R>(sql: string, params: unknown[]): Promise<R[]> {
    return this.dataSource.transaction('READ COMMITTED', async (m: EntityManager) => {
      await m.query(`SET LOCAL work_mem = '64MB'`);
      return preparedQuery<R>(m, sql, params);
    });
  }
}
