import type { Sensor } from './sensor';

/** A reading taken in, as stored: one per sensor and instant. */
export interface StoredReading {
  sensorId: string;
  measuredAt: Date;
  value: number;
  exceeded: boolean;
  source: string;
  receivedAt: Date;
}

/** Registered sensors and their readings, on PostgreSQL. */
export interface SensorStore {
  byIds(ids: readonly string[]): Promise<Map<string, Sensor>>;
  list(): Promise<Sensor[]>;
  /** Registers or changes a sensor. */
  put(sensor: Sensor, at: Date): Promise<void>;
  /** Stores readings in one statement; a sensor's reading at an instant already stored is ignored. Answers those stored. */
  addReadings(readings: readonly StoredReading[]): Promise<StoredReading[]>;
}
