import {
  CommandUnit,
  GeoPoint,
  OnDuty,
  onDutyAt,
  RescueTeam,
  RosterWindow,
  UnitContact,
  UnitMember,
  UnitResponsibility,
} from '@erp/domain';
import type { UnitRecord } from '@erp/domain';

/** A rescue team's own fields, as the admin API shows them (its live status included). */
export interface TeamView {
  level: RescueTeam['level'];
  kind: RescueTeam['kind'];
  status: RescueTeam['status'];
  capabilities: readonly string[];
  equipment: readonly string[];
  base: GeoPoint;
  vehicleClass: RescueTeam['vehicleClass'];
  /** Head count. */
  members: number;
}

/** One unit in a list: who it is, where it sits, and who answers for it now. */
export interface UnitSummaryView {
  id: string;
  kind: CommandUnit['kind'];
  name: string;
  townshipCode: string | null;
  parentId: string | null;
  contact: UnitContact;
  /** Who answers now (值班): the rostered members, else the unit's own line. */
  onDuty: OnDuty;
  /** Rescue teams only. */
  team?: TeamView;
  /** When the unit was retired (kept for history, never tasked again), else null. */
  retiredAt: string | null;
}

/** One unit in full, with the revision an edit must name (If-Match). */
export interface UnitDetailView extends UnitSummaryView {
  members: UnitMember[];
  roster: RosterWindow[];
  responsibleFor: UnitResponsibility | null;
  note: string | null;
  revision: number;
  updatedAt: string;
}

export function teamView(team: RescueTeam): TeamView {
  return {
    level: team.level,
    kind: team.kind,
    status: team.status,
    capabilities: team.capabilities,
    equipment: team.equipment,
    base: team.base,
    vehicleClass: team.vehicleClass,
    members: team.members,
  };
}

export function unitSummary({ unit, team, retiredAt }: UnitRecord, at: Date): UnitSummaryView {
  return {
    id: unit.id,
    kind: unit.kind,
    name: unit.name,
    townshipCode: unit.townshipCode ?? null,
    parentId: unit.parentId ?? null,
    contact: unit.contact,
    onDuty: onDutyAt(unit, at),
    ...(team ? { team: teamView(team) } : {}),
    retiredAt: retiredAt ? retiredAt.toISOString() : null,
  };
}

export function unitDetail(record: UnitRecord, at: Date): UnitDetailView {
  const { unit, team } = record;
  const { team: _team, onDuty, ...summary } = unitSummary(record, at);
  return {
    ...summary,
    members: unit.members,
    roster: unit.roster,
    responsibleFor: unit.responsibleFor ?? null,
    note: unit.note ?? null,
    onDuty,
    ...(team ? { team: teamView(team) } : {}),
    revision: record.revision,
    updatedAt: record.updatedAt.toISOString(),
  };
}
