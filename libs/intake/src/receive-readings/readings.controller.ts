import { Body, Controller, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { fieldErrors, MAX_READINGS_PER_BATCH, SensorReadingSchema } from '@erp/contracts';
import { ApiDoc, parseBody, requestIdOf, RequestRejected } from '@erp/platform';
import { ApiKeyGuard, SourceRequest } from '../alarm-source/api-key.guard';
import { IncomingReading, ReadingIntake, ReadingResult } from './reading-intake';

const BatchSchema = z.strictObject({
  readings: z.array(z.unknown()).min(1).max(MAX_READINGS_PER_BATCH),
});

const VIA = 'POST /api/v1/readings';

type ItemResult = { index: number } & (
  { status: 'accepted'; exceeded: boolean } | { status: 'duplicate' } | { status: 'refused'; reason: string }
);

/**
 * Monitoring readings (监测数据) from registered sources (`X-Api-Key`, as alarms): a batch of up to 1,000,
 * each accepted, a duplicate (already stored), or refused with its reason (and dead-lettered). 200 once
 * the accepted ones are durable; nothing is half-written.
 */
@Controller('api/v1/readings')
@UseGuards(ApiKeyGuard)
export class ReadingsController {
  constructor(private readonly intake: ReadingIntake) {}

  @Post()
  @ApiDoc({ summary: '传感器读数 sensor readings, each accepted or refused on its own', body: BatchSchema })
  @HttpCode(200)
  async receive(@Req() req: SourceRequest, @Body() body: unknown) {
    if (!req.is('application/json') && !req.is('application/*+json')) {
      throw new RequestRejected(415, 'REQUEST.UNSUPPORTED_MEDIA_TYPE', 'send readings as application/json');
    }
    const { readings } = parseBody(BatchSchema, body);
    const results: ItemResult[] = new Array(readings.length);
    const valid: { index: number; item: IncomingReading }[] = [];
    const invalid: { index: number; reason: string; raw: unknown }[] = [];
    readings.forEach((raw, index) => {
      const parsed = SensorReadingSchema.safeParse(raw);
      if (parsed.success) {
        valid.push({ index, item: { reading: parsed.data, source: req.alarmSource.id, via: VIA } });
      } else {
        const reason = fieldErrors(parsed.error)
          .map((f) => `/readings/${index}${f.pointer === '/' ? '' : f.pointer} ${f.message}`)
          .join('; ');
        invalid.push({ index, reason: `读数无效 invalid reading: ${reason}`, raw });
      }
    });
    const taken: ReadingResult[] = await this.intake.take(
      valid.map((v) => v.item),
      requestIdOf(req),
    );
    valid.forEach((v, i) => (results[v.index] = { index: v.index, ...taken[i] }));
    for (const bad of invalid)
      results[bad.index] = { index: bad.index, status: 'refused', reason: bad.reason };
    await this.intake.deadLetterRaw(
      invalid.map((bad) => ({ raw: bad.raw, reason: bad.reason, source: req.alarmSource.id, via: VIA })),
    );
    const count = (status: ItemResult['status']) => results.filter((r) => r.status === status).length;
    return {
      accepted: count('accepted'),
      duplicates: count('duplicate'),
      refused: count('refused'),
      exceeded: results.filter((r) => r.status === 'accepted' && r.exceeded).length,
      results,
    };
  }
}
