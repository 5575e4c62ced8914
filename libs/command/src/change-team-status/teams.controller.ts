import { Body, Controller, HttpCode, Inject, Param, Post, Req, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { z } from 'zod';
import { Clock, TEAM_STATUSES, UnitRecord } from '@erp/domain';
import { SignedInGuard, UserRequest } from '@erp/auth';
import { ApiDoc, CLOCK, parseBody } from '@erp/platform';
import { unitDetail, UnitDetailView } from '../units/unit-view';
import { ChangeTeamStatusCommand } from './change-team-status.command';

const TeamStatusRequestSchema = z.strictObject({
  status: z.enum(TEAM_STATUSES),
  incidentId: z.uuid().nullable().optional(),
  reason: z.string().trim().min(1).max(500).optional(),
});

@Controller('api/v1/teams')
@UseGuards(SignedInGuard)
export class TeamsController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Answers the team as `GET /api/v1/units/:id` does, with its new status. */
  @Post(':id/status')
  @HttpCode(200)
  @ApiDoc({
    summary: "队伍状态 set a rescue team's status",
    body: TeamStatusRequestSchema,
    success: { description: 'the team, as GET /api/v1/units/{id}' },
    errors: {
      403: 'not the commander, the team or the unit it answers to',
      404: 'no such team',
      409: 'an illegal move, with `allowed`',
    },
  })
  async changeStatus(
    @Req() req: UserRequest,
    @Param('id') id: string,
    @Body() body: unknown,
  ): Promise<UnitDetailView> {
    const { status, incidentId, reason } = parseBody(TeamStatusRequestSchema, body);
    const record: UnitRecord = await this.commands.execute(
      new ChangeTeamStatusCommand(
        id,
        status,
        incidentId ?? null,
        reason ?? `${req.user.username} 更新状态 status set by hand`,
        req.user,
      ),
    );
    return unitDetail(record, this.clock.now());
  }
}
