/**
 * `npm run rebuild -- timeline [--dry-run]` or `npm run rebuild -- reports` (after `npm run build`): rebuilds
 * the audit's projections from the event log on DATABASE_URL. Prints a JSON summary; exit 1 when a timeline
 * differs from what the log says, 2 on wrong use.
 */
import 'reflect-metadata';
import { createDataSource } from '@erp/persistence';
import { rebuildReports } from '../rebuild/rebuild-reports';
import { rebuildTimeline } from '../rebuild/rebuild-timeline';

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
  const dataSource = createDataSource({ url, poolSize: 1, applicationName: 'erp-rebuild' });
  await dataSource.initialize();
  // One session throughout: the rebuild's scratch table is temporary, and its transactions are its own.
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    if (what === 'reports') {
      const result = await rebuildReports(runner.manager);
      process.stdout.write(`${JSON.stringify({ rebuilt: 'reports', ...result })}\n`);
      return 0;
    }
    const result = await rebuildTimeline(runner.manager, { dryRun: flags.includes('--dry-run') });
    process.stdout.write(`${JSON.stringify({ rebuilt: 'timeline', ...result })}\n`);
    return result.differing.length ? 1 : 0;
  } finally {
    await runner.release();
    await dataSource.destroy();
  }
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
