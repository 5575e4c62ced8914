import 'reflect-metadata';
import { AuditReportsModule } from '@erp/audit';
import { CommandModule } from '@erp/command';
import { ConsoleSiteModule } from '@erp/console-site';
import { DutyModule } from '@erp/duty';
import { LiveModule } from '@erp/live';
import { WebhooksApiModule } from '@erp/notify';
import { runMain, startService } from '@erp/platform';

/** Duty console (值班台): sign-in, tasks, incidents and timelines; the audit's reports and verification; webhooks. */
void runMain((config) =>
  startService(
    {
      service: 'duty-console',
      contexts: [
        DutyModule,
        CommandModule,
        AuditReportsModule,
        LiveModule,
        WebhooksApiModule,
        ConsoleSiteModule,
      ],
      relay: true,
      timers: false,
    },
    config,
  ),
);
