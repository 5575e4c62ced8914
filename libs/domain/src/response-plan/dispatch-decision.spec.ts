import { BAZHOU_COMMAND_STRUCTURE } from '../command-structure/bazhou-command-structure';
import { rescueTeamUnit } from '../command-structure/command-unit';
import { BAZHOU } from '../district/district';
import { Tier } from '../incident/first-classification';
import { BAZHOU_RESCUE_TEAMS } from '../rescue-circle/bazhou-team-roster';
import { CoverageIndex, RESCUE_CIRCLE_SECONDS } from '../rescue-circle/coverage';
import { StraightLineTerrainModel } from '../rescue-circle/travel-time-model';
import { distanceMetres } from '../shared/geo';
import { decideDispatch, DispatchDecision, TaskOnIncident } from './dispatch-decision';
import { SAMPLE_PLAN } from './sample-plan';

const registry = BAZHOU_COMMAND_STRUCTURE.with(BAZHOU_RESCUE_TEAMS.map((t) => rescueTeamUnit(t)));
const model = new StraightLineTerrainModel();
const fullCoverage = CoverageIndex.build({ teams: BAZHOU_RESCUE_TEAMS, model });

function decide(
  type: string,
  tier: Tier,
  townshipCode: string,
  alreadyTasked: TaskOnIncident[] = [],
  coverage: CoverageIndex | null = fullCoverage,
): DispatchDecision {
  return decideDispatch({
    plan: SAMPLE_PLAN,
    registry,
    coverage,
    incident: {
      id: 'inc-1',
      type,
      tier,
      townshipCode,
      point: BAZHOU.requireTownship(townshipCode).approxPosition,
    },
    alreadyTasked,
  });
}

const asTasked = (d: DispatchDecision): TaskOnIncident[] =>
  d.tasks.map((t) => ({ unitId: t.unitId, role: t.role, capabilities: t.capabilities }));

describe('decideDispatch (分级响应 + 15分钟应急救援圈)', () => {
  it('T1 fire in 东城街道: the township office leads and the nearest team with fire suppression goes, with its ETA', () => {
    const d = decide('fire', 'T1_MINOR', '511902001');
    expect(d.planVersion).toBe('seed-2020/2');
    const [office, ...teams] = d.tasks;
    expect(office).toMatchObject({
      unitId: 'township-office-511902001',
      role: 'lead',
      clauseId: 't1-township-office-leads',
      capabilities: ['fire_suppression'],
      etaSeconds: null,
      kind: 'unit',
    });
    expect(teams.length).toBeGreaterThanOrEqual(1);
    expect(teams[0]).toMatchObject({
      role: 'support',
      clauseId: 't1-capabilities-fire',
      kind: 'rescue_team',
    });
    expect(teams[0].capabilities).toContain('fire_suppression');
    expect(teams[0].etaSeconds).toBeGreaterThan(0);
    expect(teams[0].etaSeconds).toBeLessThanOrEqual(RESCUE_CIRCLE_SECONDS);
    expect(d.teamIds).toEqual(teams.map((t) => t.unitId));
    expect(d.breach).toBeNull();
  });

  it('owes nothing more when the same decision is made again on what it created (redelivery, second dispatcher)', () => {
    const first = decide('landslide', 'T2_GENERAL', '511902105');
    const again = decide('landslide', 'T2_GENERAL', '511902105', asTasked(first));
    expect(again.tasks).toEqual([]);
    expect(again.teamIds).toEqual([]);
    expect(again.breach).toBeNull();
  });

  it('an upgrade to T3 adds the committee, the special HQ and the department, and teams only for the capabilities T3 adds', () => {
    const t1 = decide('landslide', 'T1_MINOR', '511902105');
    const out = t1.teamIds.reduce((c, id) => c.withStatusChange(id, 'dispatched'), fullCoverage);
    const t3 = decide('landslide', 'T3_MAJOR', '511902105', asTasked(t1), out);
    const units = t3.tasks.filter((t) => t.kind === 'unit').map((t) => `${t.unitId}:${t.role}`);
    expect(units).toEqual(
      expect.arrayContaining([
        'district-emergency-committee:lead',
        'special-hq-geological:support',
        'district-command-room:notify',
      ]),
    );
    // The township office keeps its lead task: T3's weaker support role is not issued again.
    expect(units.some((u) => u.startsWith('township-office-511902105'))).toBe(false);
    const brought = t3.tasks.filter((t) => t.kind === 'rescue_team').flatMap((t) => t.capabilities);
    expect(brought).toEqual(expect.arrayContaining(['heavy_machinery', 'satellite_phone']));
    expect(brought).not.toContain('life_detector'); // already asked for at T1
    expect(t3.reportUpClauseIds).toEqual(['t3-committee-leads']);
    expect(t1.reportUpClauseIds).toEqual([]);
  });

  it('predicts a breach when no available team can arrive inside 15 minutes, sends the best anyway and tasks the clause escalation', () => {
    // Only the district blue-sky team is available; the incident is in the township farthest from it.
    const blueSky = BAZHOU_RESCUE_TEAMS.find((t) => t.id === 'team-district-blue-sky')!;
    let coverage = fullCoverage;
    for (const t of BAZHOU_RESCUE_TEAMS)
      if (t.id !== blueSky.id) coverage = coverage.withStatusChange(t.id, 'out_of_service');
    const farthest = [...BAZHOU.townships].sort(
      (a, b) =>
        distanceMetres(b.approxPosition, blueSky.base) - distanceMetres(a.approxPosition, blueSky.base),
    )[0];
    const d = decide('flood', 'T1_MINOR', farthest.code, [], coverage);
    const team = d.tasks.find((t) => t.kind === 'rescue_team')!;
    expect(team.unitId).toBe(blueSky.id);
    expect(team.etaSeconds).toBeGreaterThan(RESCUE_CIRCLE_SECONDS);
    expect(d.breach).toMatchObject({
      circleSeconds: RESCUE_CIRCLE_SECONDS,
      bestEtaSeconds: team.etaSeconds,
      teamIds: [blueSky.id],
      clauseId: 't1-capabilities-flood',
      escalatedToUnitIds: ['district-command-room'],
    });
    expect(d.tasks.find((t) => t.kind === 'breach_escalation')).toMatchObject({
      unitId: 'district-command-room',
      role: 'support',
    });
  });

  it('with no team available at all, still tasks the units and the breach escalation', () => {
    let coverage = fullCoverage;
    for (const t of BAZHOU_RESCUE_TEAMS) coverage = coverage.withStatusChange(t.id, 'out_of_service');
    const d = decide('fire', 'T1_MINOR', '511902001', [], coverage);
    expect(d.teamIds).toEqual([]);
    expect(d.breach).toMatchObject({
      bestEtaSeconds: null,
      teamIds: [],
      uncoveredCapabilities: ['fire_suppression'],
    });
    expect(d.tasks.map((t) => `${t.unitId}:${t.kind}`)).toEqual([
      'township-office-511902001:unit',
      'district-command-room:breach_escalation',
    ]);
  });

  it('requires no team for a type whose clauses name no capability', () => {
    const d = decide('public_security', 'T1_MINOR', '511902203');
    expect(d.tasks.map((t) => t.unitId)).toEqual(['township-office-511902203']);
    expect(d.teamIds).toEqual([]);
  });

  it('never sends a team already tasked on the incident again', () => {
    const first = decide('fire', 'T1_MINOR', '511902001');
    const sent = first.teamIds[0];
    // The township office's task is gone from the record (say, the plan changed), the team is back at base.
    const d = decide('fire', 'T1_MINOR', '511902001', [{ unitId: sent, role: 'support', capabilities: [] }]);
    expect(d.teamIds).not.toContain(sent);
  });
});
