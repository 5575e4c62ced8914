/**
 * `npm run rebuild -- timeline [--dry-run]` or `npm run rebuild -- reports` (after `npm run build`): rebuilds
 * the audit's projections from the event log on DATABASE_URL. Prints a JSON summary; exit 1 when a timeline
 * differs from what the log says, 2 on wrong use.
 */
import 'reflect-metadata';
import { rebuildReports, rebuildTimeline } from '@erp/audit';
import { withSession } from '@erp/persistence';

const USAGE = 'usage: npm run rebuild -- timeline [--dry-run] | reports';

async function main(args: string[]): Promise<number> {
  const [what, ...flags] = args;
  if ((what !== 'timeline' && what !== 'reports') || flags.some((f) => f !== '--dry-run')) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const url = process.env.DATABASE_URL;
  if (!url) {
    process.stderr.write(`rebuild: DATABASE_URL must name the database to rebuild\n${USAGE}\n`);
    return 2;
  }
  // One session throughout: the rebuild's scratch table is temporary, and its transactions are its own.
  return withSession(url, 'erp-rebuild', async (session) => {
    if (what === 'reports') {
      const result = await rebuildReports(session);
      process.stdout.write(`${JSON.stringify({ rebuilt: 'reports', ...result })}\n`);
      return 0;
    }
    const result = await rebuildTimeline(session, { dryRun: flags.includes('--dry-run') });
    process.stdout.write(`${JSON.stringify({ rebuilt: 'timeline', ...result })}\n`);
    return result.differing.length ? 1 : 0;
  });
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: Error) => {
      process.stderr.write(`rebuild failed: ${error.message}\n`);
      process.exit(2);
    },
  );
}
