import { planMeta, PlanMetaView, planView } from './plan-view';
import { Body, Controller, Get, Headers, HttpCode, Param, Put, Req, Res, UseGuards } from '@nestjs/common';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import { CommandBus } from '@nestjs/cqrs';
import type { Response } from 'express';
import type { TieredResponsePlan } from '@erp/domain';
import { SignedInGuard, UserRequest } from '@erp/auth';
import { ApiDoc, RequestRejected } from '@erp/platform';
import { PublishedPlan, PublishPlanCommand } from '../publish-plan/publish-plan.command';
import { ReadStore, TieredResponsePlanSchema } from '@erp/domain';

/**
 * 分级响应预案: the current version, every version for audits, and publishing the next one. Versions contain
 * '/' (`seed-2020/2`): clients send them URL-encoded (`seed-2020%2F2`) and Express decodes the parameter.
 */
@Controller('api/v1/plan')
@UseGuards(SignedInGuard)
export class PlanController {
  constructor(
    private readonly store: ReadStore,
    private readonly commands: CommandBus,
  ) {}

  /** JSON with the version's facts; with `Accept: application/yaml`, the plan alone as a document to edit and PUT. */
  @Get()
  @ApiDoc({
    summary: '现行预案 the current tiered response plan',
    description: 'With `Accept: application/yaml`, the plan alone as a YAML document to edit and PUT back.',
    errors: { 404: 'PLAN.NONE: none published yet' },
  })
  async current(@Headers('accept') accept: string | undefined, @Res() res: Response): Promise<void> {
    const stored = await this.store.plans.current();
    if (!stored)
      throw new RequestRejected(404, 'PLAN.NONE', '尚未发布预案 no response plan has been published');
    if (wantsYaml(accept)) {
      res.type('application/yaml; charset=utf-8').send(toYaml(stored.plan, { lineWidth: 0 }));
      return;
    }
    res.json(planView(stored));
  }

  @Get('versions')
  @ApiDoc({ summary: '预案版本 every published version' })
  async versions(): Promise<{ versions: (PlanMetaView & { clauses: number })[] }> {
    const versions = await this.store.plans.list();
    return {
      versions: versions.map((v) => ({
        planVersion: v.planVersion,
        seq: v.seq,
        publishedAt: v.publishedAt.toISOString(),
        publishedBy: v.publishedBy,
        clauses: v.clauses,
      })),
    };
  }

  @Get('versions/:version')
  @ApiDoc({
    summary: '某一版本 one version of the plan',
    description: 'Versions contain `/`: send them URL-encoded (`seed-2020%2F2`).',
    errors: { 404: 'PLAN.UNKNOWN_VERSION' },
  })
  async version(@Param('version') version: string): Promise<PlanMetaView & { plan: TieredResponsePlan }> {
    const stored = await this.store.plans.byVersion(version);
    if (!stored) {
      throw new RequestRejected(
        404,
        'PLAN.UNKNOWN_VERSION',
        `无此预案版本 no plan version ${JSON.stringify(version)}`,
      );
    }
    return planView(stored);
  }

  /** The whole next version; 201 with what was stored, or 400 listing every error and nothing changed. */
  @Put()
  @HttpCode(201)
  @ApiDoc({
    summary: '发布预案 publish a whole new version',
    description:
      'Checked whole: 400 PLAN.INVALID lists every error and nothing changes. The same document may be sent as `application/yaml` (plain data: no custom tags, few aliases), checked exactly as JSON is.',
    body: TieredResponsePlanSchema,
    success: { description: 'the version stored; `Location` names it' },
    errors: { 403: 'PLAN.COMMANDER_ONLY: the commander or an administrator only' },
  })
  async publish(
    @Req() req: UserRequest,
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PlanMetaView & { previousVersion: string | null; clauses: number }> {
    // A YAML document arrives as text and is checked exactly as the JSON one is, once parsed.
    const document = typeof body === 'string' ? planFromYaml(body) : body;
    const { stored, previousVersion }: PublishedPlan = await this.commands.execute(
      new PublishPlanCommand(document ?? null, req.user),
    );
    res.setHeader('Location', `/api/v1/plan/versions/${encodeURIComponent(stored.plan.planVersion)}`);
    return { ...planMeta(stored), previousVersion, clauses: stored.plan.clauses.length };
  }
}

function wantsYaml(accept: string | undefined): boolean {
  return /\b(?:application\/(?:x-)?yaml|text\/yaml)\b/.test(accept ?? '');
}

/** Plain YAML data only: no custom tags, few aliases (a billion-laughs document is refused). */
function planFromYaml(text: string): unknown {
  try {
    return parseYaml(text, { maxAliasCount: 50, customTags: [], uniqueKeys: true });
  } catch (e) {
    throw new RequestRejected(
      400,
      'PLAN.INVALID_YAML',
      `预案不是有效的 YAML the plan is not valid YAML: ${(e as Error).message}`,
    );
  }
}
