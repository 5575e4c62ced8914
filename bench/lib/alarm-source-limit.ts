import { Client } from 'pg';

/** The demo source's rate limit would refuse the load: lifted for the run's database. */
export async function liftSourceRateLimit(databaseUrl: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl, application_name: 'bench-setup' });
  await client.connect();
  try {
    const updated = await client.query(`UPDATE alarm_sources SET rate_per_minute = 10000000`);
    if (!updated.rowCount) throw new Error('no alarm source to raise the rate limit of (demo seed missing?)');
  } finally {
    await client.end();
  }
}
