import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { BAZHOU_RESCUE_TEAMS, StraightLineTerrainModel } from '@erp/domain';
import {
  CommandStructureRepository,
  CommandStructureSnapshots,
  createDataSource,
  DEMO_SOURCE_ID,
  migrate,
  RescueTeamRepository,
  seedDemoDistrict,
} from '@erp/persistence';
import { createTestDatabase, TestDatabase } from '../support/services';

/**
 * The per-process snapshot of the command structure on real PostgreSQL: team statuses are always those
 * stored now (every dispatch changes them), while the registry and the index frame are rebuilt only when a
 * unit's content changes.
 */
describe('command structure snapshots', () => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase('erp_snapshots');
    ds = createDataSource({ url: db.url, poolSize: 4 });
    await ds.initialize();
    await migrate(ds);
    await seedDemoDistrict(ds, {
      sourceId: DEMO_SOURCE_ID,
      sourceKey: 'snapshot-source-key',
      password: 'pw-12345678',
    });
  });

  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });

  it('follows team statuses without rebuilding, and rebuilds when a unit is edited', async () => {
    const snapshots = new CommandStructureSnapshots(new StraightLineTerrainModel());
    const first = await snapshots.read(ds.manager);
    expect(first.coverage.teamCount).toBe(BAZHOU_RESCUE_TEAMS.length);
    const sole = first.coverage.report().townships.find((t) => t.covered && t.teamId)!;

    // A dispatcher elsewhere takes the team that covers this township best.
    expect(await RescueTeamRepository.claim(ds.manager, [sole.teamId!])).toEqual([sole.teamId]);
    const second = await snapshots.read(ds.manager);
    expect(second.registry).toBe(first.registry); // content unchanged: nothing reloaded
    expect(second.coverage.team(sole.teamId!)!.status).toBe('dispatched');
    expect(second.coverage.report().townships.find((t) => t.code === sole.code)!.teamId).not.toBe(
      sole.teamId,
    );

    // It comes back, by moves the snapshot never saw (dispatched → en route → … → available).
    await ds.query(`UPDATE units SET team_status = 'available' WHERE id = $1`, [sole.teamId]);
    const third = await snapshots.read(ds.manager);
    expect(third.coverage.report()).toEqual(first.coverage.report());

    // An edit of a unit's content (its revision moves) rebuilds the registry.
    const office = (await CommandStructureRepository.get(ds.manager, 'township-office-511902001'))!;
    await CommandStructureRepository.update(ds.manager, { ...office.unit, note: 'edited' }, null);
    const fourth = await snapshots.read(ds.manager);
    expect(fourth.registry).not.toBe(first.registry);
    expect(fourth.registry.byId('township-office-511902001')!.note).toBe('edited');
  });
});
