import { Controller, Get, HttpStatus, Inject, Res, ServiceUnavailableException } from '@nestjs/common';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorFunction,
  HealthIndicatorService,
} from '@nestjs/terminus';
import type { Response } from 'express';
import { ApiDoc } from './api-docs/api-doc.decorator';
import { Infrastructure } from './infrastructure';

type State = 'up' | 'down';

/** How long one engine may take to answer a health check before it counts as down. */
const CHECK_TIMEOUT_MS = 2500;

/**
 * `/health/live`: the process answers (a restart would not help otherwise). `/health/ready`: every engine
 * this app uses answers (PostgreSQL; Kafka and the timer store where used), through Terminus, so an
 * orchestrator stops sending traffic while one is down. `/health`: each dependency's state, as before.
 */
@Controller()
export class HealthController {
  constructor(
    @Inject(Infrastructure) private readonly infra: Infrastructure,
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
  ) {}

  @Get('health/live')
  @HealthCheck()
  @ApiDoc({ summary: '存活探针 liveness: the process answers' })
  live() {
    return this.health.check([]);
  }

  @Get('health/ready')
  @HealthCheck()
  @ApiDoc({
    summary: '就绪探针 readiness: every engine this app uses answers (503 naming the one that does not)',
  })
  async ready(@Res() res: Response): Promise<void> {
    const indicators = Object.entries(this.checks()).map(
      ([name, check]): HealthIndicatorFunction =>
        async () => {
          const session = this.indicators.check(name);
          return (await withTimeout(check, CHECK_TIMEOUT_MS)) ? session.up() : session.down();
        },
    );
    try {
      res.json(await this.health.check(indicators));
    } catch (e) {
      // Terminus throws its 503 with the whole result; it is the answer, not an error for the error body.
      if (!(e instanceof ServiceUnavailableException)) throw e;
      res.status(HttpStatus.SERVICE_UNAVAILABLE).json(e.getResponse());
    }
  }

  @Get('health')
  @ApiDoc({
    summary: '健康检查 each dependency up or down',
    success: { description: '`{status, dependencies}`: all up (503 with the same body when one is down)' },
  })
  async dependencies(@Res() res: Response): Promise<void> {
    const dependencies: Record<string, { state: State; adapter?: string; lastReconciliation?: object }> = {};
    // All engines at once: a slow one costs its own timeout, not the sum of everyone's.
    const answers = await Promise.all(
      Object.entries(this.checks()).map(
        async ([name, check]) => [name, await withTimeout(check, CHECK_TIMEOUT_MS)] as const,
      ),
    );
    for (const [name, ok] of answers) dependencies[name] = { state: ok ? 'up' : 'down' };
    dependencies.eventStream.adapter = this.infra.stream.kind;
    if (dependencies.timers) {
      dependencies.timers.adapter = this.infra.timers!.backend;
      const last = this.infra.lastTimerReconciliation;
      if (last) dependencies.timers.lastReconciliation = last;
    }
    const up = Object.values(dependencies).every((d) => d.state === 'up');
    res
      .status(up ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
      .json({ status: up ? 'up' : 'down', dependencies });
  }

  /** The engines this app uses, each as a check started now. */
  private checks(): Record<string, () => Promise<boolean>> {
    const checks: Record<string, () => Promise<boolean>> = {
      postgres: () => this.infra.database.reads.isUp(),
      eventStream: () => this.infra.stream.isHealthy(),
    };
    const timers = this.infra.timers;
    if (timers) checks.timers = () => timers.isHealthy();
    return checks;
  }
}

function withTimeout(check: () => Promise<boolean>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((r) => (timer = setTimeout(() => r(false), ms)));
  return Promise.race([check().catch(() => false), late]).finally(() => clearTimeout(timer));
}
