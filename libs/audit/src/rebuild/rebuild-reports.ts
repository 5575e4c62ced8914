import { Session } from '@erp/domain';
import { responseChanges } from '../project-events/response-changes';
import { AuditedEvent } from '../project-events/timeline-facts';

const PAGE = 5_000;

/**
 * Rebuilds the response-time tables from the event log in one transaction: emptied (locked against the
 * live projector until it commits), then every logged event replayed in log order, a page at a time.
 */
export async function rebuildReports(session: Session): Promise<{ events: number }> {
  let events = 0;
  await session.inTransaction(async () => {
    await session.responseTimes.clear();
    for (let after = 0; ;) {
      const page = await session.eventLog.readAfter(after, PAGE);
      if (!page.length) break;
      events += page.length;
      after = page[page.length - 1].id;
      await session.responseTimes.apply(
        responseChanges(page.map((r) => r.envelope as unknown as AuditedEvent)),
      );
    }
  });
  return { events };
}
