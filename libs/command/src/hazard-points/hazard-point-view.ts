import {
  HAZARD_KINDS,
  HAZARD_RESPONSIBLE_ROLES,
  HazardPointRecord,
  HazardResponsibleRole,
  RISK_GRADES,
} from '@erp/domain';

export interface HazardPointView extends HazardPointRecord {
  kindZh: string;
  riskGradeZh: string;
  responsiblePersons: (HazardPointRecord['responsiblePersons'][number] & { roleZh: string })[];
}

/** A stored point as consoles read it: the record, with the Chinese names of its kind, grade and roles. */
export function hazardPointView(record: HazardPointRecord): HazardPointView {
  return {
    ...record,
    kindZh: HAZARD_KINDS[record.kind].nameZh,
    riskGradeZh: RISK_GRADES[record.riskGrade].nameZh,
    responsiblePersons: record.responsiblePersons.map((p) => ({
      ...p,
      roleZh: HAZARD_RESPONSIBLE_ROLES[p.role as HazardResponsibleRole].nameZh,
    })),
  };
}
