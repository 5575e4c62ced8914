import { DomainError } from '../shared/domain-error';
import { GeoPoint } from '../shared/geo';
import { CAPABILITIES, Capability, isCapability } from './capabilities';
import {
  CoverageIndex,
  CoverageLoss,
  RESCUE_CIRCLE_SECONDS,
  TownshipPlace,
  VillagePoint,
  DepartureLedger,
  capabilitiesOfMask,
  capabilityMask,
} from './coverage';
import { RescueTeam } from './rescue-team';
import { TravelTimeModel } from './travel-time-model';

/** Two ETAs this close (seconds) count as near-equal, and the tie-break may prefer the later one. */
export const NEAR_EQUAL_SECONDS = 60;

export interface ChosenTeam {
  teamId: string;
  teamName: string;
  /** Whole seconds, by the model: record it on the task (`etaSeconds`). */
  etaSeconds: number;
  /** The required capabilities this team is sent for; empty for a first responder sent only to arrive. */
  covers: Capability[];
  insideCircle: boolean;
}

export interface CoverageEffect {
  /** Townships whose centre would have no available team inside the circle once the chosen teams leave. */
  townshipsLosingCoverage: { code: string; name: string }[];
  villagesLosingCoverage: number;
  coveredShareBefore: number;
  coveredShareAfter: number;
}

export interface TeamChoice {
  /** In the order chosen: capability teams first (earliest needed first), then a first responder, if any. */
  chosen: ChosenTeam[];
  /** Required capabilities no available team has: escalate for them. */
  uncovered: Capability[];
  /** Required capabilities that no available team can bring inside the circle. */
  lateCapabilities: Capability[];
  /**
   * No chosen team arrives inside the circle (`RescueCircleBreachPredicted`). With the first-responder
   * rule on (the default) that is exactly "no available team can arrive inside the circle".
   */
  breachPredicted: boolean;
  /** Earliest arrival among the chosen teams; null when no team is available at all. */
  bestEtaSeconds: number | null;
  coverageEffect: CoverageEffect;
  /** Why each team was chosen, in plain words, for the task and the audit timeline. */
  reasons: string[];
}

interface ChoiceOptions {
  incidentPoint: GeoPoint;
  requiredCapabilities: readonly Capability[];
  /** See {@link NEAR_EQUAL_SECONDS}. */
  nearEqualSeconds?: number;
  /**
   * When none of the capability teams arrives inside the circle but another team can (or can arrive
   * earlier), send the nearest team as well, as first responder (先期处置). Default true.
   */
  ensureFirstResponder?: boolean;
}

/**
 * Either a live {@link CoverageIndex} (fast: its statuses, places, model and circle are used), or the
 * raw pieces (an index is built for this one call: fine for tests and one-offs, slow for a stream).
 */
export type ChooseTeamsInput = ChoiceOptions &
  (
    | { coverage: CoverageIndex }
    | {
        teams: readonly RescueTeam[];
        model: TravelTimeModel;
        townships: readonly TownshipPlace[];
        villagePoints?: readonly VillagePoint[];
        circleSeconds?: number;
      }
  );

interface Candidate {
  team: number;
  eta: number;
  loss: CoverageLoss;
  gain: number;
}

/** Negative when `a` is preferable to `b`: the tie-break order documented on {@link chooseTeams}. */
function rank(a: Candidate, b: Candidate): number {
  return (
    a.loss.townships - b.loss.townships ||
    a.loss.villages - b.loss.villages ||
    b.gain - a.gain ||
    a.eta - b.eta ||
    a.team - b.team
  );
}

function invalid(code: string, message: string, pointer: string): DomainError {
  return new DomainError(`RESCUE_CIRCLE.${code}`, 'invalid', message, { pointer });
}

function bitCount(mask: number): number {
  let n = 0;
  for (let m = mask; m; m &= m - 1) n++;
  return n;
}

/**
 * Chooses the rescue teams for an incident (调派救援队伍).
 *
 * 1. **ETAs.** Every available team's ETA from its base to the incident, by the model.
 * 2. **Capabilities, greedy by arrival.** Repeatedly take the earliest-arriving unchosen team that brings
 *    a still-missing required capability (T0), and send a team for the capabilities T0 would bring (K).
 *    So each required capability is brought by (nearly) the first team that could bring it, and the last
 *    capability arrives as early as any choice allows. Capabilities no available team has are
 *    `uncovered`; those nobody can bring inside the circle are `lateCapabilities`.
 * 3. **No capability required** (or none providable): the single nearest team.
 * 4. **First responder.** If no chosen team arrives inside the circle but another team arrives earlier,
 *    the nearest team is sent as well with `covers: []` (先期处置), so someone is on scene as early as
 *    possible. If no team at all can arrive inside the circle, `breachPredicted` is true and the best is
 *    still sent; the caller raises `RescueCircleBreachPredicted` and the escalation its clause names.
 *
 * **Tie-break: keep the circle whole (不留空白).** Among teams arriving within `nearEqualSeconds` of the
 * earliest and bringing as much, prefer the one whose departure leaves fewest township centres, then
 * village points, with no team inside the circle; then more missing capabilities, the earlier ETA, the
 * roster order (docs/decisions/2026-11-30-team-choice-keeps-circle-whole.md).
 */
export function chooseTeams(input: ChooseTeamsInput): TeamChoice {
  const coverage =
    'coverage' in input
      ? input.coverage
      : CoverageIndex.build({
          teams: input.teams,
          model: input.model,
          townships: input.townships,
          villages: input.villagePoints,
          circleSeconds: input.circleSeconds ?? RESCUE_CIRCLE_SECONDS,
        });
  const nearEqual = input.nearEqualSeconds ?? NEAR_EQUAL_SECONDS;
  if (!Number.isFinite(nearEqual) || nearEqual < 0)
    throw invalid('INVALID_NEAR_EQUAL', 'nearEqualSeconds must be ≥ 0', '/nearEqualSeconds');
  const { incidentPoint } = input;
  if (
    typeof incidentPoint !== 'object' ||
    incidentPoint === null ||
    !Number.isFinite(incidentPoint.lat) ||
    !Number.isFinite(incidentPoint.lon)
  )
    throw invalid('INVALID_POINT', 'incident point needs a finite lat and lon', '/incidentPoint');
  input.requiredCapabilities.forEach((c, i) => {
    if (!isCapability(c))
      throw invalid('UNKNOWN_CAPABILITY', `unknown capability ${String(c)}`, `/requiredCapabilities/${i}`);
  });
  const required = capabilityMask(input.requiredCapabilities);
  const ensureFirstResponder = input.ensureFirstResponder ?? true;
  const circle = coverage.circleSeconds;
  const n = coverage.teamCount;
  const teams = coverage.teams;

  // 1. ETAs of the available teams; the nearest; which required capabilities anyone available has.
  const eta = new Float64Array(n).fill(Infinity);
  let nearest = -1;
  let providable = 0;
  for (let i = 0; i < n; i++) {
    if (!coverage.isAvailableAt(i)) continue;
    const e = coverage.etaAt(i, incidentPoint);
    eta[i] = e;
    providable |= coverage.capabilityMaskAt(i) & required;
    if (nearest < 0 || e < eta[nearest]) nearest = i;
  }
  const uncovered = capabilitiesOfMask(required & ~providable);
  const reasons: string[] = [];
  const ledger = coverage.departures();
  const chosen: ChosenTeam[] = [];
  const taken = new Uint8Array(n);
  const label = (i: number) => `${teams[i].name} (${teams[i].id})`;

  if (nearest < 0) {
    reasons.push('no team is available: escalate for every required capability and for the circle');
    return {
      chosen,
      uncovered,
      lateCapabilities: [],
      breachPredicted: true,
      bestEtaSeconds: null,
      coverageEffect: effect(coverage, ledger),
      reasons,
    };
  }
  for (const c of uncovered) reasons.push(`no available team has ${c} (${CAPABILITIES[c]}): escalate for it`);

  /** Chooses among near-equal candidates; `need` is what a candidate must bring (0: anything). */
  const choose = (t0: number, need: number, want: number, before: number): Candidate => {
    const limit = Math.min(eta[t0] + nearEqual, eta[t0] <= circle ? circle : Infinity);
    const candidates: number[] = [];
    for (let i = 0; i < n; i++) {
      if (taken[i] || eta[i] > limit || eta[i] >= before) continue;
      if ((coverage.capabilityMaskAt(i) & need) !== need) continue;
      candidates.push(i);
    }
    let best: Candidate | undefined;
    for (const i of candidates) {
      const c: Candidate = {
        team: i,
        eta: eta[i],
        loss: candidates.length > 1 ? ledger.lossIf(i) : { townships: 0, villages: 0, townshipPlaces: [] },
        gain: bitCount(coverage.capabilityMaskAt(i) & want),
      };
      if (!best || rank(c, best) < 0) best = c;
    }
    const pick = best!;
    if (pick.team !== t0) {
      const passed: Candidate = {
        team: t0,
        eta: eta[t0],
        loss: ledger.lossIf(t0),
        gain: bitCount(coverage.capabilityMaskAt(t0) & want),
      };
      const places = (l: CoverageLoss) =>
        `${l.townships} township(s)` +
        (l.townshipPlaces.length
          ? ` (${l.townshipPlaces.map((p) => coverage.placeLabel(p).name).join('、')})`
          : '') +
        ` and ${l.villages} village point(s)`;
      const why =
        passed.loss.townships !== pick.loss.townships || passed.loss.villages !== pick.loss.villages
          ? `sending ${teams[t0].name} would leave ${places(passed.loss)} without any available team inside ` +
            `${circle} s; sending ${teams[pick.team].name} leaves ${places(pick.loss)}`
          : `it brings ${pick.gain} of the missing capabilities, ${teams[t0].name} ${passed.gain}`;
      reasons.push(
        `near-equal tie-break: ${label(pick.team)} (ETA ${pick.eta} s) preferred over ${label(t0)} ` +
          `(ETA ${eta[t0]} s, within ${nearEqual} s): ${why}`,
      );
    }
    return pick;
  };

  // 2. Capabilities, greedy by arrival.
  let missing = providable;
  let late = 0;
  while (missing) {
    let t0 = -1;
    for (let i = 0; i < n; i++) {
      if (taken[i] || !coverage.isAvailableAt(i) || !(coverage.capabilityMaskAt(i) & missing)) continue;
      if (t0 < 0 || eta[i] < eta[t0]) t0 = i;
    }
    const need = coverage.capabilityMaskAt(t0) & missing;
    if (eta[t0] > circle) late |= need;
    const pick = choose(t0, need, missing, Infinity);
    const covers = coverage.capabilityMaskAt(pick.team) & missing;
    missing &= ~covers;
    taken[pick.team] = 1;
    ledger.depart(pick.team);
    const caps = capabilitiesOfMask(covers);
    chosen.push({
      teamId: teams[pick.team].id,
      teamName: teams[pick.team].name,
      etaSeconds: pick.eta,
      covers: caps,
      insideCircle: pick.eta <= circle,
    });
    reasons.push(
      `${caps.join(', ')}: ${label(pick.team)}, ETA ${pick.eta} s` +
        (pick.team === t0 ? ', the earliest that brings it' : '') +
        (pick.eta > circle ? `, outside the ${circle} s circle` : ''),
    );
  }
  const lateCapabilities = capabilitiesOfMask(late);
  for (const c of lateCapabilities)
    reasons.push(`no available team can bring ${c} (${CAPABILITIES[c]}) inside ${circle} s: escalate for it`);

  // 3 and 4. The nearest team, when nothing else was chosen or nothing chosen arrives inside the circle.
  const firstChosen = chosen.reduce((m, c) => Math.min(m, c.etaSeconds), Infinity);
  if (chosen.length === 0 || (ensureFirstResponder && firstChosen > circle && eta[nearest] < firstChosen)) {
    const pick = choose(nearest, 0, 0, firstChosen);
    taken[pick.team] = 1;
    ledger.depart(pick.team);
    chosen.push({
      teamId: teams[pick.team].id,
      teamName: teams[pick.team].name,
      etaSeconds: pick.eta,
      covers: [],
      insideCircle: pick.eta <= circle,
    });
    reasons.push(
      required
        ? `first responder (先期处置): ${label(pick.team)}, ETA ${pick.eta} s, arrives before any capability team`
        : `no capability required: the nearest team, ${label(pick.team)}, ETA ${pick.eta} s`,
    );
  }

  const bestEtaSeconds = chosen.reduce((m, c) => Math.min(m, c.etaSeconds), Infinity);
  const breachPredicted = bestEtaSeconds > circle;
  if (breachPredicted) {
    reasons.push(
      `RescueCircleBreachPredicted: no chosen team arrives inside ${circle} s (earliest ${bestEtaSeconds} s); ` +
        'sent anyway, escalate as the clause names',
    );
  }
  return {
    chosen,
    uncovered,
    lateCapabilities,
    breachPredicted,
    bestEtaSeconds,
    coverageEffect: effect(coverage, ledger),
    reasons,
  };
}

function effect(coverage: CoverageIndex, ledger: DepartureLedger): CoverageEffect {
  const lost = ledger.lostPlaces();
  const townshipsLosingCoverage: { code: string; name: string }[] = [];
  let villages = 0;
  for (const p of lost) {
    const l = coverage.placeLabel(p);
    if (l.township) townshipsLosingCoverage.push({ code: l.key, name: l.name });
    else villages++;
  }
  return {
    townshipsLosingCoverage,
    villagesLosingCoverage: villages,
    coveredShareBefore: coverage.coveredShare,
    coveredShareAfter:
      coverage.placeCount === 0 ? 0 : (coverage.coveredPlaces - lost.length) / coverage.placeCount,
  };
}
