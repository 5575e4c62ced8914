import { GeoPoint } from '../shared/geo';

/**
 * 风险分级管控, 隐患点: a registered place of known risk (a landslide slope, a flood-prone low spot, a
 * hazardous-chemicals site …) with its risk grade and the people answerable for it (责任清单: 到区域、到工地、
 * 到人头). An alarm at or near such a point reaches its responsible person and leader.
 */

export type HazardKind =
  | 'landslide'
  | 'collapse'
  | 'debris_flow'
  | 'ground_subsidence'
  | 'flood_point'
  | 'hazmat_site'
  | 'gas_facility'
  | 'forest_area';

export const HAZARD_KINDS: Readonly<Record<HazardKind, { nameZh: string }>> = {
  landslide: { nameZh: '滑坡' },
  collapse: { nameZh: '崩塌' },
  debris_flow: { nameZh: '泥石流' },
  ground_subsidence: { nameZh: '地面塌陷' },
  flood_point: { nameZh: '洪涝易涝点' },
  hazmat_site: { nameZh: '危险化学品场所' },
  gas_facility: { nameZh: '燃气设施' },
  forest_area: { nameZh: '森林防火重点区域' },
};

/** Risk grades of 风险分级管控: 重大 / 较大 / 一般 / 低. */
export type RiskGrade = 'major' | 'high' | 'general' | 'low';

/** Highest first. */
export const RISK_GRADES: Readonly<Record<RiskGrade, { nameZh: string; rank: number }>> = {
  major: { nameZh: '重大风险', rank: 4 },
  high: { nameZh: '较大风险', rank: 3 },
  general: { nameZh: '一般风险', rank: 2 },
  low: { nameZh: '低风险', rank: 1 },
};

export function isHazardKind(value: unknown): value is HazardKind {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(HAZARD_KINDS, value);
}

export function isRiskGrade(value: unknown): value is RiskGrade {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(RISK_GRADES, value);
}

export interface ResponsiblePerson {
  name: string;
  phone: string;
}

export interface HazardPoint {
  id: string;
  /** Chinese name. */
  name: string;
  kind: HazardKind;
  /** One of the district's township codes. */
  townshipCode: string;
  /** Approximate position, inside the district. */
  position: GeoPoint;
  riskGrade: RiskGrade;
  /** 责任人: who watches the point day to day (e.g. the village geo-hazard monitor). */
  responsiblePerson: ResponsiblePerson;
  /** 责任领导: the township or department leader answerable for it. */
  responsibleLeader: ResponsiblePerson;
  /** True for the fictional seed data. */
  sample: boolean;
}

/** Who an alarm near a hazard point must reach. */
export interface HazardContact extends ResponsiblePerson {
  role: 'responsible_person' | 'responsible_leader';
  roleZh: '责任人' | '责任领导';
  hazardPointId: string;
  hazardPointName: string;
}

export function hazardContacts(point: HazardPoint): HazardContact[] {
  const of = { hazardPointId: point.id, hazardPointName: point.name };
  return [
    { ...point.responsiblePerson, role: 'responsible_person', roleZh: '责任人', ...of },
    { ...point.responsibleLeader, role: 'responsible_leader', roleZh: '责任领导', ...of },
  ];
}

/** Who answers for a hazard point in the 责任清单: 监测员 watches it, 责任人 is in charge of it. */
export type HazardResponsibleRole = 'monitor' | 'person_in_charge';

export const HAZARD_RESPONSIBLE_ROLES: Readonly<Record<HazardResponsibleRole, { nameZh: string }>> = {
  monitor: { nameZh: '监测员' },
  person_in_charge: { nameZh: '责任人' },
};

/** A responsible person, who is also a user who can sign in and act on the point's tasks. */
export interface HazardResponsiblePerson {
  role: HazardResponsibleRole;
  name: string;
  phone: string;
  userName: string;
}

/** What an operator gives for a hazard point (the register's own fields). */
export interface HazardPointDraft {
  id: string;
  name: string;
  kind: HazardKind;
  townshipCode: string;
  position: GeoPoint;
  riskGrade: RiskGrade;
  /** 威胁人数, 威胁户数: whom an evacuation (转移避险) must move. */
  threatenedPersons: number;
  threatenedHouseholds: number;
  /** At least one monitor and one person in charge. */
  responsiblePersons: HazardResponsiblePerson[];
}

/** A hazard point as stored: the draft, whether it is fictional sample data, and its edit version. */
export interface HazardPointRecord extends HazardPointDraft {
  sample: boolean;
  revision: number;
}

/** The registry's view of a stored point: its first monitor as 责任人 on duty, its person in charge as leader. */
export function registryPointOf(record: HazardPointRecord): HazardPoint {
  const first = (role: HazardResponsibleRole): ResponsiblePerson => {
    const person = record.responsiblePersons.find((p) => p.role === role) ?? record.responsiblePersons[0];
    return { name: person?.name ?? '', phone: person?.phone ?? '' };
  };
  return {
    id: record.id,
    name: record.name,
    kind: record.kind,
    townshipCode: record.townshipCode,
    position: { ...record.position },
    riskGrade: record.riskGrade,
    responsiblePerson: first('monitor'),
    responsibleLeader: first('person_in_charge'),
    sample: record.sample,
  };
}
