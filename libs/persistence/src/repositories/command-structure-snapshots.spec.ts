import { EntityManager } from 'typeorm';
import {
  BAZHOU_COMMAND_STRUCTURE,
  BAZHOU_RESCUE_TEAMS,
  RescueTeam,
  StraightLineTerrainModel,
} from '@erp/domain';
import { CommandStructureRepository } from './command-structure.repository';
import { CommandStructureSnapshots } from './command-structure-snapshots';

describe('command structure snapshots', () => {
  let fingerprint: string;
  let teams: RescueTeam[];
  // The repository is replaced below: no query reaches this manager.
  const m = {} as EntityManager;

  beforeEach(() => {
    fingerprint = 'f1';
    teams = [...BAZHOU_RESCUE_TEAMS];
    jest.spyOn(CommandStructureRepository, 'fingerprint').mockImplementation(async () => fingerprint);
    jest
      .spyOn(CommandStructureRepository, 'load')
      .mockImplementation(async () => ({ registry: BAZHOU_COMMAND_STRUCTURE, teams, fingerprint }));
  });

  afterEach(() => jest.restoreAllMocks());

  it('builds the index once while the fingerprint stays, and again when it moves', async () => {
    const snapshots = new CommandStructureSnapshots(new StraightLineTerrainModel());
    const first = await snapshots.read(m);
    expect(await snapshots.read(m)).toBe(first);
    expect(CommandStructureRepository.load).toHaveBeenCalledTimes(1);

    const sole = first.coverage.report().townships.find((t) => t.covered)!;
    teams = teams.map((t) => (t.id === sole.teamId ? { ...t, status: 'dispatched' } : t));
    fingerprint = 'f2';
    const second = await snapshots.read(m);
    expect(second).not.toBe(first);
    expect(CommandStructureRepository.load).toHaveBeenCalledTimes(2);
    expect(second.coverage.report().townships.find((t) => t.code === sole.code)!.teamId).not.toBe(
      sole.teamId,
    );
  });
});
