import { AuditModule, AuditReportsModule } from '@erp/audit';
import { DispatchModule } from '@erp/dispatch';
import { CommandModule } from '@erp/command';
import { ConsoleSiteModule } from '@erp/console-site';
import { DutyModule } from '@erp/duty';
import { EscalationModule } from '@erp/escalation';
import { IntakeModule } from '@erp/intake';
import { LiveModule } from '@erp/live';
import { NotifyModule, WebhooksApiModule } from '@erp/notify';
import { ServiceDefinition } from '@erp/platform';

/** Every context in one process: what `npm start` runs. */
export const SINGLE_NODE: ServiceDefinition = {
  service: 'single-node',
  contexts: [
    IntakeModule,
    DispatchModule,
    EscalationModule,
    DutyModule,
    CommandModule,
    AuditModule,
    AuditReportsModule,
    LiveModule,
    NotifyModule,
    WebhooksApiModule,
    ConsoleSiteModule,
  ],
  relay: true,
  timers: true,
};
