import {
  EventLogRepository,
  TimelineRebuildRepository,
  TimelineRepository,
  Transaction,
} from '@erp/persistence';
import { chainFacts, Heads } from '../project-events/timeline-chain';
import { AuditedEvent, timelineFacts } from '../project-events/timeline-facts';

type Manager = Transaction['manager'];

const PAGE = 5_000;

export interface TimelineRebuild {
  /** Events replayed from the log. */
  events: number;
  /** Incidents compared. */
  incidents: number;
  /** Stored exactly as rebuilt. */
  equal: number;
  /** Stored as a prefix of the rebuilt timeline: the missing entries were appended (or would be, in a dry run). */
  appended: { incidentId: string; from: number; to: number }[];
  /** Stored otherwise than the log says: left as they are, for an auditor to look at. */
  differing: {
    incidentId: string;
    firstDifferentSeq: number;
    storedLastSeq: number;
    rebuiltLastSeq: number;
  }[];
}

/**
 * Rebuilds every timeline from the event log into a scratch table (through one connection: `m` must be a
 * single session's manager) and compares it with the stored one. A timeline whose stored entries are a
 * prefix of the rebuilt one (a cut tail, an incident removed) gets the rest appended — the timeline stays
 * append-only — unless `dryRun`; one that differs is never touched: that is tampering to show, not to hide.
 * Incidents from before chain version 2 are rebuilt from their last version-1 entry on.
 */
export async function rebuildTimeline(m: Manager, options: { dryRun: boolean }): Promise<TimelineRebuild> {
  await TimelineRebuildRepository.createScratch(m);
  const heads: Heads = await TimelineRepository.legacyHeads(m);
  let events = 0;
  for (let after = 0; ;) {
    const page = await EventLogRepository.readAfter(m, after, PAGE);
    if (!page.length) break;
    events += page.length;
    after = page[page.length - 1].id;
    const facts = page.flatMap((row) =>
      timelineFacts(row.envelope as unknown as AuditedEvent).map((fact) => ({
        fact,
        unitNames: row.unitNames,
      })),
    );
    await TimelineRebuildRepository.insertScratch(m, chainFacts(facts, heads));
  }

  const result: TimelineRebuild = { events, incidents: 0, equal: 0, appended: [], differing: [] };
  for (const c of await TimelineRebuildRepository.compare(m)) {
    result.incidents++;
    if (c.firstDifferentSeq !== null) {
      result.differing.push({
        incidentId: c.incidentId,
        firstDifferentSeq: c.firstDifferentSeq,
        storedLastSeq: c.storedLastSeq,
        rebuiltLastSeq: c.rebuiltLastSeq,
      });
    } else if (c.storedLastSeq === c.rebuiltLastSeq) {
      result.equal++;
    } else {
      const appended = { incidentId: c.incidentId, from: c.storedLastSeq + 1, to: c.rebuiltLastSeq };
      if (options.dryRun) {
        result.appended.push(appended);
        continue;
      }
      await m.query('BEGIN');
      try {
        const done = await TimelineRebuildRepository.appendMissing(m, c.incidentId, c.storedLastSeq);
        await m.query('COMMIT');
        if (done) result.appended.push(appended);
      } catch (e) {
        await m.query('ROLLBACK');
        throw e;
      }
    }
  }
  return result;
}
