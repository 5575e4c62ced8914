import { Inject, Injectable } from '@nestjs/common';
import { DeadLetter, DomainEvent, SensorReadingMessage, Topics } from '@erp/contracts';
import {
  checkReading,
  Clock,
  DateWindow,
  ReadStore,
  Sensor,
  SENSOR_SCALES,
  StoredReading,
  UnitOfWork,
} from '@erp/domain';
import { EVENT_STREAM, EventStream } from '@erp/event-stream';
import { CLOCK } from '@erp/platform';

/** The dead-letter group name of readings refused here (HTTP or topic alike). */
export const READINGS_INTAKE = 'readings-intake';

/** A reading to take, from whom, and where it came in (for the dead letter). */
export interface IncomingReading {
  reading: SensorReadingMessage;
  source: string;
  /** `POST /api/v1/readings` or the topic's name. */
  via: string;
}

export type ReadingResult =
  { status: 'accepted'; exceeded: boolean } | { status: 'duplicate' } | { status: 'refused'; reason: string };

/** Sensors change seldom and readings come by the thousand: each is read from the store at most this often. */
const SENSOR_CACHE_MS = 5_000;

/**
 * Takes monitoring readings in: each is checked against its registered sensor (known, unit, the
 * instrument's range, the accepted dates), the good ones are stored together in one transaction with a
 * `SensorThresholdExceeded` for each one over its threshold (a reading sent again is stored and raised
 * once), and the bad or unknown ones go to the dead-letter topic with the reason.
 */
@Injectable()
export class ReadingIntake {
  private sensors = new Map<string, { sensor: Sensor | null; until: number }>();

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly store: ReadStore,
    private readonly dates: DateWindow,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(EVENT_STREAM) private readonly stream: EventStream,
  ) {}

  async take(items: readonly IncomingReading[], correlationId: string): Promise<ReadingResult[]> {
    const now = this.clock.now();
    const sensors = await this.sensorsOf(
      items.map((i) => i.reading.sensorId),
      now.getTime(),
    );
    const results: ReadingResult[] = new Array(items.length);
    const good: { index: number; stored: StoredReading; sensor: Sensor }[] = [];
    items.forEach(({ reading, source }, index) => {
      const sensor = sensors.get(reading.sensorId);
      if (!sensor) {
        results[index] = { status: 'refused', reason: `未登记的传感器 unknown sensor ${reading.sensorId}` };
        return;
      }
      const measuredAt = new Date(reading.measuredAt);
      const outside = this.dates.problem(measuredAt, now);
      if (outside) {
        results[index] = { status: 'refused', reason: `/measuredAt ${outside}` };
        return;
      }
      const check = checkReading(sensor, { ...reading, measuredAt });
      if (!check.ok) {
        results[index] = { status: 'refused', reason: check.reason };
        return;
      }
      good.push({
        index,
        sensor,
        stored: {
          sensorId: sensor.id,
          measuredAt,
          value: reading.value,
          exceeded: check.exceeded,
          source,
          receivedAt: now,
        },
      });
    });
    // Two of one sensor at one instant in a batch: the first stands, as a repeat in a later batch would.
    const first = new Map<string, (typeof good)[number]>();
    for (const g of good) {
      const key = `${g.stored.sensorId}|${g.stored.measuredAt.getTime()}`;
      if (first.has(key)) results[g.index] = { status: 'duplicate' };
      else first.set(key, g);
    }
    const unique = [...first.values()];
    if (unique.length) {
      const fresh = await this.unitOfWork.run(async (tx) => {
        const stored = new Set(await tx.sensors.addReadings(unique.map((g) => g.stored)));
        const raised = unique.filter((g) => g.stored.exceeded && stored.has(g.stored));
        for (const g of raised) {
          await tx.record(
            [exceedance(g.sensor, g.stored)],
            {
              actor: { kind: 'source', id: g.stored.source },
              correlationId,
              causationId: null,
            },
            g.stored.measuredAt,
          );
        }
        return stored;
      });
      for (const g of unique) {
        results[g.index] = fresh.has(g.stored)
          ? { status: 'accepted', exceeded: g.stored.exceeded }
          : { status: 'duplicate' };
      }
    }
    await this.deadLetter(items, results, now);
    return results;
  }

  private async deadLetter(items: readonly IncomingReading[], results: ReadingResult[], now: Date) {
    await this.publishLetters(
      items.flatMap((item, i) => {
        const r = results[i];
        return r.status === 'refused'
          ? [
              {
                key: item.reading.sensorId,
                value: { ...item.reading, source: item.source },
                reason: r.reason,
                via: item.via,
              },
            ]
          : [];
      }),
      now,
    );
  }

  /** Readings that did not even parse, dead-lettered as they came (HTTP; the topic's consumer does its own). */
  async deadLetterRaw(items: readonly { raw: unknown; reason: string; source: string; via: string }[]) {
    await this.publishLetters(
      items.map((i) => {
        const id = (i.raw as { sensorId?: unknown } | null)?.sensorId;
        return {
          key: typeof id === 'string' && id ? id : i.source,
          value: i.raw,
          reason: i.reason,
          via: i.via,
        };
      }),
      this.clock.now(),
    );
  }

  private async publishLetters(
    letters: readonly { key: string; value: unknown; reason: string; via: string }[],
    now: Date,
  ): Promise<void> {
    if (!letters.length) return;
    await this.stream.publish(
      letters.map((l) => {
        const letter: DeadLetter = {
          reason: l.reason,
          group: READINGS_INTAKE,
          originalTopic: l.via,
          originalKey: l.key,
          originalValue: JSON.stringify(l.value),
          failedAt: now.toISOString(),
        };
        return { topic: Topics.deadLetter, key: l.key, value: JSON.stringify(letter) };
      }),
    );
  }

  /** The sensors named, from a short cache; ids not in it are read in one query (unknown ones remembered too). */
  private async sensorsOf(ids: readonly string[], now: number): Promise<Map<string, Sensor>> {
    const found = new Map<string, Sensor>();
    const missing = new Set<string>();
    for (const id of ids) {
      const hit = this.sensors.get(id);
      if (hit && hit.until > now) {
        if (hit.sensor) found.set(id, hit.sensor);
      } else missing.add(id);
    }
    if (missing.size) {
      const loaded = await this.store.sensors.byIds([...missing]);
      if (this.sensors.size > 50_000) this.sensors.clear(); // unknown ids must not grow it without bound
      for (const id of missing) {
        const sensor = loaded.get(id) ?? null;
        // An unknown id is asked again soon: a sensor registered a moment ago is taken within a second.
        this.sensors.set(id, { sensor, until: now + (sensor ? SENSOR_CACHE_MS : 1_000) });
        if (sensor) found.set(id, sensor);
      }
    }
    return found;
  }
}

function exceedance(sensor: Sensor, r: StoredReading): DomainEvent {
  return {
    type: 'SensorThresholdExceeded',
    payload: {
      sensorId: sensor.id,
      hazardPointId: sensor.hazardPointId,
      kind: sensor.kind,
      value: r.value,
      threshold: sensor.threshold,
      unit: SENSOR_SCALES[sensor.kind].unit,
      measuredAt: r.measuredAt.toISOString(),
      source: r.source,
    },
  };
}
