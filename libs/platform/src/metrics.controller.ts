import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiDoc } from './api-docs/api-doc.decorator';
import { Metrics } from './metrics';

/** Prometheus' scrape endpoint: this process's series in the text exposition format. */
@Controller()
export class MetricsController {
  constructor(@Inject(Metrics) private readonly metrics: Metrics) {}

  @Get('metrics')
  @ApiDoc({ summary: '运行指标 Prometheus metrics of this process, in the text exposition format' })
  async scrape(@Res() res: Response): Promise<void> {
    const body = await this.metrics.registry.metrics();
    // As prom-client states it (express' send would insert a charset into it).
    res.setHeader('Content-Type', this.metrics.registry.contentType);
    res.end(body);
  }
}
