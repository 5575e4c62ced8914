import { Query } from '@nestjs/cqrs';
import type { TimelineView } from '@erp/domain';

/** A warning's audited timeline, verified on the way out: a warning is readable by anyone signed in. */
export class WarningTimelineQuery extends Query<TimelineView> {
  constructor(readonly warningId: string) {
    super();
  }
}
