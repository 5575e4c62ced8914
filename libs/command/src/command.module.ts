import { Module } from '@nestjs/common';

/**
 * The command structure at run time (指挥体系): units, rosters and rescue-team status, the tiered response
 * plan's versions, and the 15-minute rescue circle's coverage, read and changed through the admin API.
 */
@Module({
  controllers: [],
  providers: [],
})
export class CommandModule {}
