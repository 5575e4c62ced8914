import { Body, Controller, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { fieldErrors, MAX_READINGS_PER_BATCH, SensorReadingSchema } from '@erp/contracts';
import { ApiDoc, parseBody, requestIdOf, RequestRejected } from '@erp/platform';
import { ApiKeyGuard, SourceRequest } from '../alarm-source/api-key.guard';
import { IncomingReading, ReadingIntake, ReadingResult } from './reading-intake';

const BatchSchema = z.strictObject({
  readings: z.array(z.unknown()).min(1).max(MAX_READINGS_PER_BATCH),
});

/** The batch as documented: each item is checked on its own (a bad one is refused, the others taken). */
const BatchBody = BatchSchema.extend({
  readings: z.array(SensorReadingSchema).min(1).max(MAX_READINGS_PER_BATCH),
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
  @HttpCode(200)
  @ApiDoc({
    summary: '监测数据 up to 1,000 readings, each accepted, a duplicate, or refused with its reason',
    description:
      "A reading over its sensor's threshold records SensorThresholdExceeded (erp.monitoring.v1); refused " +
      'readings also go to the dead-letter topic with the reason.',
    body: BatchBody,
    success: {
      description: '`{accepted, duplicates, refused, exceeded, results[]}`, a result per item, in order',
    },
    errors: { 413: 'REQUEST.TOO_LARGE', 415: 'send application/json', 429: "over the source's rate limit" },
  })
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
