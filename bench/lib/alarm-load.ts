import http from 'node:http';
import { BAZHOU } from '@erp/domain';
import { driveOpenLoop, OpenLoop } from './open-loop';
import { sleep, wallNow } from './wall-clock';

export const BENCH_SOURCE_KEY = 'bench-source-key-0001';
const TYPES = ['fire', 'traffic_accident', 'gas_leak', 'landslide'] as const;
/** Somewhat wider than the district: some alarms fall outside it (kept, never dispatched). */
const AREA = { minLat: 31.62, maxLat: 32.0, minLon: 106.58, maxLon: 106.98 };
const REQUEST_TIMEOUT_MS = 60_000;

/** Alarm i of a run: a random place in the area, one of four types in turn. */
export function benchAlarm(
  runId: string,
  i: number,
): { body: Record<string, unknown>; dispatchable: boolean } {
  const lat = AREA.minLat + Math.random() * (AREA.maxLat - AREA.minLat);
  const lon = AREA.minLon + Math.random() * (AREA.maxLon - AREA.minLon);
  const location = { lat: Number(lat.toFixed(5)), lon: Number(lon.toFixed(5)) };
  return {
    body: {
      source: 'demo-source',
      externalId: `bench-${runId}-${i}`,
      type: TYPES[i % TYPES.length],
      occurredAt: new Date().toISOString(),
      location,
      description: 'bench',
    },
    dispatchable: BAZHOU.locate(location) !== undefined,
  };
}

/** One alarm of the load, as the client saw it. */
export interface SentAlarm {
  due: number;
  sentAt: number;
  acceptedAt: number;
  /** HTTP status; -1 not sent (in-flight cap), 0 transport error. */
  status: number;
  alarmId: string | null;
  dispatchable: boolean;
}

export interface AlarmLoadSettings {
  ratePerSecond: number;
  seconds: number;
  maxInFlight: number;
}

/**
 * The load generator: alarms POSTed to intake open loop, each at its due time, at most `maxInFlight`
 * unanswered (an alarm due beyond that is counted, not sent).
 */
export class AlarmLoad {
  readonly alarms: SentAlarm[] = [];
  /** Accepted alarm id → index in `alarms`. */
  readonly indexById = new Map<string, number>();
  readonly refused: Record<string, number> = {};
  readonly refusalSamples: string[] = [];
  inFlight = 0;
  mostInFlight = 0;
  sent = 0;
  readonly total: number;
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

  constructor(
    private readonly port: number,
    private readonly runId: string,
    private readonly settings: AlarmLoadSettings,
  ) {
    this.total = Math.round(settings.ratePerSecond * settings.seconds);
  }

  /** Sends the load; answers when it started and when the last alarm went out. */
  async run(options: { stop: () => boolean; every5s: (secondsIn: number) => void }): Promise<{
    start: number;
    sendEnd: number;
  }> {
    const start = wallNow() + 20;
    const loop = new OpenLoop(this.total, this.settings.ratePerSecond, start);
    let lastProgress = start;
    await driveOpenLoop(
      loop,
      (from, to) => {
        for (let i = from; i < to; i++) this.send(i, loop.dueAt(i));
      },
      {
        stop: options.stop,
        deadline: start + this.settings.seconds * 1000 + 10_000,
        onTurn: (now) => {
          if (now - lastProgress <= 5000) return;
          lastProgress = now;
          options.every5s((now - start) / 1000);
        },
      },
    );
    return { start, sendEnd: wallNow() };
  }

  /** Waits for the answers still out, at most as long as a request may take, then closes the sockets. */
  async settle(): Promise<void> {
    const deadline = wallNow() + REQUEST_TIMEOUT_MS + 5000;
    while (this.inFlight > 0 && wallNow() < deadline) await sleep(10);
    this.agent.destroy();
  }

  accepted(): SentAlarm[] {
    return this.alarms.filter((alarm) => alarm.alarmId);
  }

  private send(i: number, due: number): void {
    const { body, dispatchable } = benchAlarm(this.runId, i);
    const alarm: SentAlarm = { due, sentAt: NaN, acceptedAt: NaN, status: -1, alarmId: null, dispatchable };
    this.alarms.push(alarm);
    if (this.inFlight >= this.settings.maxInFlight) return;
    this.inFlight++;
    this.mostInFlight = Math.max(this.mostInFlight, this.inFlight);
    alarm.sentAt = wallNow();
    this.sent++;
    void this.post(JSON.stringify(body)).then((answer) => {
      const at = wallNow();
      this.inFlight--;
      alarm.status = answer.status;
      if (answer.status === 202) {
        try {
          const { alarmId } = JSON.parse(answer.text) as { alarmId?: string };
          if (alarmId) {
            alarm.alarmId = alarmId;
            alarm.acceptedAt = at;
            this.indexById.set(alarmId, i);
          }
        } catch {
          /* counted as a 202 without an id */
        }
      } else {
        const key = answer.status === 0 ? `transport:${answer.error}` : String(answer.status);
        this.refused[key] = (this.refused[key] ?? 0) + 1;
        if (this.refusalSamples.length < 3) this.refusalSamples.push(`${key} ${answer.text.slice(0, 200)}`);
      }
    });
  }

  private post(body: string): Promise<{ status: number; text: string; error?: string }> {
    return new Promise((resolve) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port: this.port,
          path: '/api/v1/alarms',
          method: 'POST',
          agent: this.agent,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            'x-api-key': BENCH_SOURCE_KEY,
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
          res.on('error', (error) => resolve({ status: 0, text, error: error.message }));
        },
      );
      req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error('timeout')));
      req.on('error', (error) =>
        resolve({ status: 0, text: '', error: (error as NodeJS.ErrnoException).code ?? error.message }),
      );
      req.end(body);
    });
  }
}
