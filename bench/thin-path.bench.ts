/**
 * Baseline benchmark of the thin path: HTTP alarm accepted (202) → IncidentClassified seen on the stream.
 * Runs the whole product in this process against the machine's PostgreSQL, in two modes:
 *   in-process  events through the in-process stream (single-node mode's adapter), timers on PostgreSQL
 *   kafka       events through the real broker of deploy/kafka, timers on Redis
 * Reports throughput, latency percentiles and the process's RSS. Bounded: BENCH_RATE alarms/s for
 * BENCH_SECONDS, loopback only. Usage: npm run bench [-- in-process|kafka]
 */
import 'reflect-metadata';
import { ConsoleLogger } from '@nestjs/common';
import { AuditModule } from '@erp/audit';
import { loadConfig } from '@erp/config';
import { decodeEnvelope, Topics } from '@erp/contracts';
import { DispatchModule } from '@erp/dispatch';
import { DutyModule } from '@erp/duty';
import { EscalationModule } from '@erp/escalation';
import { IntakeModule } from '@erp/intake';
import { startService } from '@erp/platform';
import { createTestDatabase, SERVICES } from '../test/support/services';

const RATE = Number(process.env.BENCH_RATE ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const KEY = 'bench-source-key-0001';
const out = (line: string) => process.stdout.write(line + '\n');

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function run(mode: 'in-process' | 'kafka'): Promise<void> {
  const db = await createTestDatabase('erp_bench');
  const env: Record<string, string> = {
    DATABASE_URL: db.url,
    DEMO_SOURCE_KEY: KEY,
    JWT_SECRET: 'bench-jwt-secret-0123456789',
    OUTBOX_POLL_MS: '100',
  };
  if (mode === 'kafka')
    Object.assign(env, { KAFKA_BROKERS: SERVICES.kafkaBrokers.join(','), REDIS_URL: SERVICES.redisUrl });
  const service = await startService(
    {
      service: `bench-${mode}`,
      contexts: [IntakeModule, DispatchModule, EscalationModule, DutyModule, AuditModule],
      relay: true,
      timers: true,
    },
    { ...loadConfig(env), port: 0 },
    new ConsoleLogger('bench', { logLevels: ['error', 'fatal'] }),
  );

  const acceptedAt = new Map<string, number>();
  const incidentToAlarm = new Map<string, string>();
  const latencies: number[] = [];
  const group = `bench-${Date.now()}`;
  const probe = await service.infra.stream.subscribe(group, [Topics.incidents], async (record) => {
    const event = decodeEnvelope(record.value);
    const p = event.payload as { alarmId?: string; incidentId: string };
    if (event.type === 'IncidentOpened') incidentToAlarm.set(p.incidentId, p.alarmId!);
    if (event.type === 'IncidentClassified') {
      const t = acceptedAt.get(incidentToAlarm.get(p.incidentId) ?? '');
      if (t !== undefined) latencies.push(performance.now() - t);
    }
  });

  const total = RATE * SECONDS;
  let failures = 0;
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    inFlight.push(
      fetch(`${service.url}/api/v1/alarms`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': KEY },
        body: JSON.stringify({
          source: 'demo-source',
          externalId: `bench-${i}`,
          type: i % 5 === 0 ? 'landslide' : 'fire',
          occurredAt: new Date().toISOString(),
          townshipCode: '511902001',
          description: 'benchmark alarm',
        }),
      }).then(async (res) => {
        const body = (await res.json()) as { alarmId?: string };
        if (res.status === 202 && body.alarmId) acceptedAt.set(body.alarmId, performance.now());
        else failures++;
      }),
    );
  }
  await Promise.all(inFlight);
  const sendSeconds = (performance.now() - started) / 1000;
  const deadline = Date.now() + 60_000;
  while (latencies.length < total - failures && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 100));
  const drainSeconds = (performance.now() - started) / 1000;
  const rssMb = process.memoryUsage().rss / 1024 / 1024;

  latencies.sort((a, b) => a - b);
  out(
    `${mode}: ${total} alarms at ${RATE}/s target; sent in ${sendSeconds.toFixed(1)} s (${(total / sendSeconds).toFixed(0)}/s), ` +
      `${latencies.length} classified in ${drainSeconds.toFixed(1)} s, ${failures} refused; ` +
      `202→IncidentClassified p50 ${percentile(latencies, 50)?.toFixed(1)} ms, p95 ${percentile(latencies, 95)?.toFixed(1)} ms, ` +
      `p99 ${percentile(latencies, 99)?.toFixed(1)} ms, max ${latencies.at(-1)?.toFixed(1)} ms; RSS ${rssMb.toFixed(0)} MB`,
  );
  await probe.stop();
  await service.stop();
  await db.drop();
}

async function main(): Promise<void> {
  const modes = (process.argv[2] ? [process.argv[2]] : ['in-process', 'kafka']) as ('in-process' | 'kafka')[];
  for (const mode of modes) await run(mode);
}

main().then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(`${(e as Error).stack}\n`);
    process.exit(1);
  },
);
