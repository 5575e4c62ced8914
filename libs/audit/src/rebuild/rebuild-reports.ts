import { EventLogRepository, ResponseTimesRepository, Transaction } from '@erp/persistence';
import { responseChanges } from '../project-events/response-changes';
import { AuditedEvent } from '../project-events/timeline-facts';

type Manager = Transaction['manager'];

const PAGE = 5_000;

/**
 * Rebuilds the response-time tables from the event log in one transaction: emptied (locked against the
 * live projector until it commits), then every logged event replayed in log order, a page at a time.
 */
export async function rebuildReports(m: Manager): Promise<{ events: number }> {
  let events = 0;
  await m.query('BEGIN');
  try {
    await ResponseTimesRepository.clear(m);
    for (let after = 0; ;) {
      const page = await EventLogRepository.readAfter(m, after, PAGE);
      if (!page.length) break;
      events += page.length;
      after = page[page.length - 1].id;
      await ResponseTimesRepository.apply(
        m,
        responseChanges(page.map((r) => r.envelope as unknown as AuditedEvent)),
      );
    }
    await m.query('COMMIT');
  } catch (e) {
    await m.query('ROLLBACK');
    throw e;
  }
  return { events };
}
