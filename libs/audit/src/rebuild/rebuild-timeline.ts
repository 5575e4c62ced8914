import { Session } from '@erp/domain';
import { chainFacts, Heads } from '../project-events/timeline-chain';
import { AuditedEvent, timelineFacts } from '../project-events/timeline-facts';

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
 * Rebuilds every timeline from the event log into a scratch table (through one connection: a session's
 * stores) and compares it with the stored one. A timeline whose stored entries are a
 * prefix of the rebuilt one (a cut tail, an incident removed) gets the rest appended — the timeline stays
 * append-only — unless `dryRun`; one that differs is never touched: that is tampering to show, not to hide.
 * Incidents from before chain version 2 are rebuilt from their last version-1 entry on.
 */
export async function rebuildTimeline(
  session: Session,
  options: { dryRun: boolean },
): Promise<TimelineRebuild> {
  await session.timelineRebuild.createScratch();
  const heads: Heads = await session.auditTimeline.legacyHeads();
  let events = 0;
  for (let after = 0; ;) {
    const page = await session.eventLog.readAfter(after, PAGE);
    if (!page.length) break;
    events += page.length;
    after = page[page.length - 1].id;
    const facts = page.flatMap((row) =>
      timelineFacts(row.envelope as unknown as AuditedEvent).map((fact) => ({
        fact,
        unitNames: row.unitNames,
      })),
    );
    await session.timelineRebuild.insertScratch(chainFacts(facts, heads));
  }

  const result: TimelineRebuild = { events, incidents: 0, equal: 0, appended: [], differing: [] };
  for (const c of await session.timelineRebuild.compare()) {
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
      const done = await session.inTransaction(() =>
        session.timelineRebuild.appendMissing(c.incidentId, c.storedLastSeq),
      );
      if (done) result.appended.push(appended);
    }
  }
  return result;
}
