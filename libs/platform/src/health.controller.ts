import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiDoc } from './api-docs/api-doc.decorator';
import { Infrastructure } from './infrastructure';

type State = 'up' | 'down';

/** Each dependency's state; 503 when any is down, so a load balancer or compose health check can act. */
@Controller()
export class HealthController {
  constructor(@Inject(Infrastructure) private readonly infra: Infrastructure) {}

  @Get('health')
  @ApiDoc({
    summary: '健康检查 each dependency up or down',
    success: { description: '`{status, dependencies}`: all up (503 with the same body when one is down)' },
  })
  async health(@Res() res: Response): Promise<void> {
    const checks: Record<string, Promise<boolean>> = {
      postgres: this.infra.database.reads.isUp(),
      eventStream: this.infra.stream.isHealthy(),
    };
    if (this.infra.timers) checks.timers = this.infra.timers.isHealthy();
    const dependencies: Record<string, { state: State; adapter?: string; lastReconciliation?: object }> = {};
    for (const [name, check] of Object.entries(checks)) {
      const ok = await withTimeout(check, 2500);
      dependencies[name] = { state: ok ? 'up' : 'down' };
    }
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
}

function withTimeout(p: Promise<boolean>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((r) => (timer = setTimeout(() => r(false), ms)));
  return Promise.race([p.catch(() => false), late]).finally(() => clearTimeout(timer));
}
