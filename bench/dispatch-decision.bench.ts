/**
 * Benchmark of the rescue-team dispatch decision and of coverage recomputation, pure domain, one process.
 * District: syntheticDistrict(500 teams, 2,000 village points) + the 25 township centres, default
 * StraightLineTerrainModel, 15-minute circle.
 *   decisions   BENCH_DECISIONS (10,000) decisions at random incident points with random required
 *               capability sets (0–4 of the 14), each: ETAs of every available team, greedy cover with the
 *               near-equal tie-break against the coverage index, coverage effect. Target p99 < 5 ms.
 *   plan        the whole dispatch decision as the dispatcher makes it (`decideDispatch`): the sample plan
 *               resolved against the 1+18 structure plus the 500 teams, newly owed tasks, ETAs, team choice
 *               and coverage effect, breach escalation; random types, tiers and townships. Target p99 < 5 ms.
 *   recompute   BENCH_RECOMPUTES (1,000) legal status changes of random teams, each followed by the new
 *               coverage snapshot. Target < 50 ms (p99 and max reported).
 *   drain       the worst case for recomputation: every team sent out one by one, then all brought back.
 * Both phases stop after BENCH_SECONDS (60) in total, whatever is left.
 * Usage: node -r @swc-node/register bench/dispatch-decision.bench.ts
 */

import {
  BAZHOU_COMMAND_STRUCTURE,
  CAPABILITIES,
  Capability,
  CoverageIndex,
  INCIDENT_TYPES,
  SAMPLE_PLAN,
  StraightLineTerrainModel,
  TEAM_STATUS_TRANSITIONS,
  TIERS,
  chooseTeams,
  decideDispatch,
  mulberry32,
  rescueTeamUnit,
  syntheticDistrict,
} from '../libs/domain/src';

const DECISIONS = Number(process.env.BENCH_DECISIONS ?? 10_000);
const RECOMPUTES = Number(process.env.BENCH_RECOMPUTES ?? 1_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const TEAMS = 500;
const VILLAGES = 2_000;
const out = (line: string) => process.stdout.write(line + '\n');
const formatMs = (value: number) => value.toFixed(3).padStart(8);

function percentile(sorted: number[], percent: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((percent / 100) * sorted.length))];
}

function summary(label: string, samples: number[], targetMs: number, targetAt: 'p99' | 'max'): void {
  const sorted = [...samples].sort((a, b) => a - b);
  if (sorted.length === 0) {
    out(`${label}: no samples (time budget exhausted)`);
    return;
  }
  const figures = {
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1],
  };
  const verdict = figures[targetAt] < targetMs ? 'PASS' : 'FAIL';
  out(
    `${label} n=${sorted.length}  p50 ${formatMs(figures.p50)} ms  p95 ${formatMs(figures.p95)} ms  p99 ${formatMs(figures.p99)} ms  ` +
      `max ${formatMs(figures.max)} ms   target ${targetAt} < ${targetMs} ms: ${verdict}`,
  );
}

function main(): void {
  const deadline = performance.now() + SECONDS * 1000;
  const rnd = mulberry32(20_200_101);
  const caps = Object.keys(CAPABILITIES) as Capability[];
  const model = new StraightLineTerrainModel();

  let began = performance.now();
  const district = syntheticDistrict(TEAMS, VILLAGES, 2020);
  const generated = performance.now() - began;
  began = performance.now();
  let coverage = CoverageIndex.build({ teams: district.teams, model, villages: district.villages });
  const built = performance.now() - began;
  out(
    `dispatch-decision bench: ${TEAMS} teams, ${VILLAGES} village points + ${district.townships.length} townships`,
  );
  out(
    `  synthetic district ${generated.toFixed(1)} ms; coverage index built in ${built.toFixed(1)} ms; ` +
      `covered share ${(coverage.coveredShare * 100).toFixed(2)} %`,
  );

  // Warm-up (JIT), not measured.
  for (let i = 0; i < 200; i++) {
    chooseTeams({
      incidentPoint: { lat: 31.6 + rnd() * 0.42, lon: 106.55 + rnd() * 0.43 },
      requiredCapabilities: caps.filter(() => rnd() < 0.15),
      coverage,
    });
  }

  const decisions: number[] = [];
  let breaches = 0;
  let teamsSent = 0;
  for (let i = 0; i < DECISIONS && performance.now() < deadline; i++) {
    const incidentPoint = { lat: 31.6 + rnd() * 0.42, lon: 106.55 + rnd() * 0.43 };
    const want = Math.floor(rnd() * 5);
    const required = new Set<Capability>();
    while (required.size < want) required.add(caps[Math.floor(rnd() * caps.length)]);
    const start = performance.now();
    const choice = chooseTeams({ incidentPoint, requiredCapabilities: [...required], coverage });
    decisions.push(performance.now() - start);
    if (choice.breachPredicted) breaches++;
    teamsSent += choice.chosen.length;
  }

  // The dispatcher's whole decision: plan lookup and merge, newly owed tasks, then the team choice above.
  const registry = BAZHOU_COMMAND_STRUCTURE.with(district.teams.map((team) => rescueTeamUnit(team)));
  const types = Object.keys(INCIDENT_TYPES);
  const plans: number[] = [];
  let planTasks = 0;
  for (let i = 0; i < DECISIONS && performance.now() < deadline; i++) {
    const township = district.townships[Math.floor(rnd() * district.townships.length)];
    const incident = {
      id: `bench-${i}`,
      type: types[Math.floor(rnd() * types.length)],
      tier: TIERS[Math.floor(rnd() * TIERS.length)],
      townshipCode: township.code,
      point: {
        lat: township.approxPosition.lat + (rnd() - 0.5) * 0.02,
        lon: township.approxPosition.lon + (rnd() - 0.5) * 0.02,
      },
    };
    const start = performance.now();
    const decision = decideDispatch({ plan: SAMPLE_PLAN, registry, coverage, incident, alreadyTasked: [] });
    plans.push(performance.now() - start);
    planTasks += decision.tasks.length;
  }

  const recomputes: number[] = [];
  let report = 0;
  for (let i = 0; i < RECOMPUTES && performance.now() < deadline; i++) {
    const team = coverage.teams[Math.floor(rnd() * coverage.teamCount)];
    const next = TEAM_STATUS_TRANSITIONS[team.status];
    // A legal next status at random: teams go out, move along their missions and come back.
    const to = next[Math.floor(rnd() * next.length)];
    const start = performance.now();
    coverage = coverage.withStatusChange(team.id, to);
    recomputes.push(performance.now() - start);
    if (i === RECOMPUTES - 1) {
      const reportStart = performance.now();
      coverage.report();
      report = performance.now() - reportStart;
    }
  }

  // Worst case for the incremental path: from a fresh index, send every team out one by one (the last
  // ones leave whole regions uncovered, so their places need a scan of everyone left), then bring all back.
  const drain: number[] = [];
  let drained = CoverageIndex.build({ teams: district.teams, model, villages: district.villages });
  for (const to of ['dispatched', 'available'] as const) {
    for (const team of district.teams) {
      if (performance.now() >= deadline) break;
      const start = performance.now();
      drained = drained.withStatusChange(team.id, to);
      drain.push(performance.now() - start);
    }
  }

  began = performance.now();
  CoverageIndex.build({ teams: coverage.teams, model, villages: district.villages });
  const rebuilt = performance.now() - began;

  summary('decision ', decisions, 5, 'p99');
  summary('plan     ', plans, 5, 'p99');
  out(
    `  plan decisions: mean ${(planTasks / Math.max(1, plans.length)).toFixed(2)} tasks each (units and teams)`,
  );
  summary('recompute', recomputes, 50, 'max');
  summary('drain    ', drain, 50, 'max');
  out(
    `  decisions: mean ${(teamsSent / Math.max(1, decisions.length)).toFixed(2)} teams sent, ` +
      `${breaches} breaches predicted; after the status changes ${coverage.teams.filter((team) => team.status === 'available').length} ` +
      `teams available, covered share ${(coverage.coveredShare * 100).toFixed(2)} %`,
  );
  out(
    `  full rebuild of the index (for comparison) ${rebuilt.toFixed(1)} ms; report() ${report.toFixed(2)} ms`,
  );
  const mem = process.memoryUsage();
  out(`  RSS ${(mem.rss / 1048576).toFixed(1)} MiB, heap used ${(mem.heapUsed / 1048576).toFixed(1)} MiB`);
  out(
    `  wall ${((performance.now() - deadline + SECONDS * 1000) / 1000).toFixed(1)} s (budget ${SECONDS} s)`,
  );
}

main();
