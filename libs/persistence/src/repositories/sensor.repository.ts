import { EntityManager } from 'typeorm';
import type { Sensor, SensorKind, StoredReading } from '@erp/domain';
import { preparedQuery } from '../prepared-query';

interface SensorRow {
  id: string;
  kind: SensorKind;
  hazard_point_id: string;
  threshold: number;
  name: string;
}

const sensorOf = (r: SensorRow): Sensor => ({
  id: r.id,
  kind: r.kind,
  hazardPointId: r.hazard_point_id,
  threshold: Number(r.threshold),
  name: r.name,
});

/** Monitoring sensors and their readings. */
export const SensorRepository = {
  async byIds(m: EntityManager, ids: readonly string[]): Promise<Map<string, Sensor>> {
    if (!ids.length) return new Map();
    const rows = await preparedQuery<SensorRow>(
      m,
      `SELECT id, kind, hazard_point_id, threshold, name FROM sensors WHERE id = ANY($1::text[])`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, sensorOf(r)]));
  },

  async list(m: EntityManager): Promise<Sensor[]> {
    const rows: SensorRow[] = await m.query(
      `SELECT id, kind, hazard_point_id, threshold, name FROM sensors ORDER BY id`,
    );
    return rows.map(sensorOf);
  },

  async put(m: EntityManager, s: Sensor, at: Date): Promise<void> {
    await m.query(
      `INSERT INTO sensors (id, kind, hazard_point_id, threshold, name, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (id) DO UPDATE SET kind = EXCLUDED.kind, hazard_point_id = EXCLUDED.hazard_point_id,
         threshold = EXCLUDED.threshold, name = EXCLUDED.name, updated_at = EXCLUDED.updated_at`,
      [s.id, s.kind, s.hazardPointId, s.threshold, s.name, at],
    );
  },

  /** One statement for the batch; sorted, so two batches sharing keys wait for each other, never deadlock. */
  async addReadings(m: EntityManager, readings: readonly StoredReading[]): Promise<StoredReading[]> {
    if (!readings.length) return [];
    const rows = await preparedQuery<{ n: string }>(
      m,
      `INSERT INTO sensor_readings (sensor_id, measured_at, value, exceeded, source, received_at)
       SELECT a, b, c, d, e, f
         FROM unnest($1::text[], $2::timestamptz[], $3::float8[], $4::bool[], $5::text[], $6::timestamptz[])
              WITH ORDINALITY AS u(a, b, c, d, e, f, n)
       ORDER BY a, b
       ON CONFLICT (sensor_id, measured_at) DO NOTHING RETURNING sensor_id || '|' || (extract(epoch FROM measured_at) * 1000)::bigint AS n`,
      [
        readings.map((r) => r.sensorId),
        readings.map((r) => r.measuredAt),
        readings.map((r) => r.value),
        readings.map((r) => r.exceeded),
        readings.map((r) => r.source),
        readings.map((r) => r.receivedAt),
      ],
    );
    const stored = new Set(rows.map((r) => r.n));
    return readings.filter((r) => stored.delete(`${r.sensorId}|${r.measuredAt.getTime()}`));
  },
};
