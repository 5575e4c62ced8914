/** Kafka topic names: the only place they are spelled. */
export const Topics = {
  /** Alarms accepted by intake (key: alarm id). */
  alarms: 'erp.alarms.v1',
  /** Everything that happens to an incident and its tasks (key: incident id, so one incident stays in order). */
  incidents: 'erp.incidents.v1',
  /** Changes to the command structure: units, rosters, rescue-team status, response-plan versions (key: unit id or plan). */
  commandStructure: 'erp.command-structure.v1',
  /** Alarms from machine sources (sensors, other systems): the HTTP API's JSON alarm (key: the sender's). */
  alarmSubmissions: 'erp.alarm-submissions.v1',
  /** Readings of monitoring sensors at hazard points (rain, crack, water level), one JSON reading a record (key: sensor id). */
  sensorReadings: 'erp.sensor-readings.v1',
  /** Facts of monitoring and warning: a reading over its threshold (key: hazard point id); a warning and its tasks (key: warning id). */
  monitoring: 'erp.monitoring.v1',
  /** Messages no consumer could take, with the reason (key: original key). */
  deadLetter: 'erp.dead-letter.v1',
} as const;

export type TopicName = (typeof Topics)[keyof typeof Topics];

export const ALL_TOPICS: readonly TopicName[] = Object.values(Topics);
