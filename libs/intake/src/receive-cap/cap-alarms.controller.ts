import { Body, Controller, HttpCode, Inject, Post, Req, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { AppConfig } from '@erp/config';
import {
  Clock,
  CurrentDistrict,
  DateWindow,
  District,
  DomainError,
  isIncidentType,
  ReadStore,
} from '@erp/domain';
import { APP_CONFIG, ApiDoc, CLOCK, requestIdOf, RequestRejected } from '@erp/platform';
import { ApiKeyGuard, SourceRequest } from '../alarm-source/api-key.guard';
import { ReceiveAlarmCommand } from '../receive-alarm/receive-alarm.command';
import type { CapAlert } from '@erp/cap';
import { ReceiveWarningCommand } from '../receive-warning/receive-warning.command';
import { capWarningOf, CapWarning } from '../receive-warning/cap-warning.mapper';
import { capToAlarm } from './cap-alarm.mapper';
import { CapParsing } from './cap-parsing';

const CAP_TYPES = ['application/cap+xml', 'application/xml', 'text/xml'];

/**
 * OASIS CAP 1.2 (and 1.1, EDXL-DE-wrapped, the national platform's profile). Every alert in the document
 * becomes an alarm or, a forecast or warning over the district, a warning (`kind`, `warningId`), each
 * durable before the 202; an invalid document is refused whole with each error's
 * line and column, and nothing is written.
 */
@Controller('api/v1/alarms')
@UseGuards(ApiKeyGuard)
export class CapAlarmsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly store: ReadStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dateWindow: DateWindow,
    private readonly parsing: CapParsing,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly currentDistrict: CurrentDistrict,
  ) {}

  @Post('cap')
  @HttpCode(202)
  @ApiDoc({
    summary: 'CAP 预警 an OASIS CAP 1.2/1.1 document: each alert becomes an alarm',
    description:
      'EDXL-DE envelopes and the national platform profile too; no DTD or entity declaration, ever.',
    body: { contentTypes: CAP_TYPES, description: 'the CAP XML document, in its own encoding' },
    success: { description: "`{envelope, alerts[]}`: each alert's alarm and disposition" },
    errors: {
      400: 'CAP.INVALID (each error with line and column) or CAP.EMPTY',
      413: 'CAP.TOO_COMPLEX or over the body limit',
      415: 'not a CAP media type',
      503: 'CAP.BUSY: too many documents waiting to be parsed',
    },
  })
  async receive(@Req() req: SourceRequest, @Body() body: unknown) {
    if (!req.is(CAP_TYPES)) {
      throw new RequestRejected(
        415,
        'REQUEST.UNSUPPORTED_MEDIA_TYPE',
        `send CAP as ${CAP_TYPES.join(' or ')}`,
      );
    }
    if (!Buffer.isBuffer(body) || body.length === 0) {
      throw new RequestRejected(400, 'CAP.EMPTY', '请求体为空 empty CAP document');
    }
    const parsed = await this.parsing.parse(body, {
      maxBytes: this.config.maxBodyBytes,
      dates: { earliest: this.dateWindow.earliest, latestSent: this.dateWindow.latest(this.clock.now()) },
    });
    if (!parsed.ok && parsed.tooComplex) {
      throw new RequestRejected(
        413,
        'CAP.TOO_COMPLEX',
        `CAP 文档超出限制 CAP document over its bounds: ${parsed.errors.map((e) => e.message).join('; ')}`,
        parsed.errors.map((e) => ({ pointer: e.pointer ?? '/', message: e.message })),
      );
    }
    if (!parsed.ok) {
      throw new RequestRejected(
        400,
        'CAP.INVALID',
        `CAP 文档无效 invalid CAP document (${parsed.errors.length} error${parsed.errors.length > 1 ? 's' : ''})`,
        parsed.errors.map((e) => ({
          pointer: e.pointer ?? '/',
          message: e.message,
          ...(e.line !== undefined ? { line: e.line, column: e.column } : {}),
        })),
      );
    }
    const requestId = requestIdOf(req);
    const alerts: Record<string, unknown>[] = [];
    const district = await this.currentDistrict.district();
    for (const [index, alert] of parsed.alerts.entries()) {
      const warning = await this.asWarning(req.alarmSource.id, alert, district);
      if (warning) {
        const receipt = await this.commands.execute(
          new ReceiveWarningCommand(req.alarmSource.id, alert, warning.read),
        );
        alerts.push({ identifier: alert.identifier, kind: 'warning', ...receipt });
        continue;
      }
      const { report, relation } = capToAlarm(alert, req.alarmSource.id, district);
      if (relation) {
        const original = await this.store.alarms.latestByExternalIds(
          req.alarmSource.id,
          relation.identifiers,
        );
        if (original) {
          report.relation = { kind: relation.kind, alarmId: original.id };
          // A Cancel usually has no info or area: it is about the original's event and place.
          if (!isIncidentType(report.type)) report.type = original.type;
          if (!report.townshipCode && !report.location) {
            report.townshipCode = original.townshipCode ?? undefined;
            if (original.location) report.location = original.location;
          }
        } else {
          report.notDispatchedReason ??= `CAP ${alert.msgType} 引用的预警未收到 (references ${relation.identifiers.join(', ')}, not received)`;
        }
      }
      let receipt;
      try {
        receipt = await this.commands.execute(new ReceiveAlarmCommand(report, `${requestId}#${index}`));
      } catch (e) {
        // Each alert stands alone, as each item of a batch does: one refused alert never half-writes another.
        if (!(e instanceof DomainError && e.kind === 'invalid')) throw e;
        alerts.push({
          identifier: alert.identifier,
          status: 'refused',
          error: { code: e.code, message: e.message },
        });
        continue;
      }
      const row = await this.store.alarms.find(receipt.alarmId);
      if (!row) throw new Error(`alarm ${receipt.alarmId} was admitted but cannot be read back`);
      alerts.push({
        identifier: alert.identifier,
        kind: 'alarm',
        ...receipt,
        status: row.status,
        notDispatchedReason: row.notDispatchedReason,
        relation: row.relation?.kind ?? null,
      });
    }
    return { envelope: parsed.envelope, alerts };
  }

  /**
   * Whether the alert opens, amends or ends a warning rather than an alarm: an Update or Cancel whose
   * references name a warning of this source, or a forecast or warning over this district.
   */
  private async asWarning(
    source: string,
    alert: CapAlert,
    district: District,
  ): Promise<{ read: CapWarning | null } | null> {
    const read = capWarningOf(alert, district);
    if (alert.msgType === 'Update' || alert.msgType === 'Cancel') {
      const references = alert.referenceList.map((r) => r.identifier);
      if (references.length && (await this.store.warnings.byIdentifier(source, references))) {
        return { read };
      }
      return alert.msgType === 'Update' && read ? { read } : null;
    }
    return alert.msgType === 'Alert' && read ? { read } : null;
  }
}
