import { DomainError } from '../shared/domain-error';
import type { RoleHolder } from '../identity/user-roles';

/** Who asks for an audit read: the signed-in user's role and unit. */
export interface AuditReader {
  role: string;
  unitId: string | null;
}

const TOWNSHIP_OFFICE = /^township-office-(\d{9})$/;

/**
 * Commanders and auditors see every incident and every report. An administrator keeps the district's data
 * but is no party to its incidents: they see none.
 */
export function readsEverything(reader: RoleHolder): boolean {
  return reader.role === 'commander' || reader.role === 'auditor';
}

/**
 * The township a response-time report is restricted to: what was asked (null: the whole district) for a
 * commander or auditor; always their own for a township office's officer, who is refused another's; and
 * refused to anyone else.
 */
export function reportTownship(reader: AuditReader, requested: string | null): string | null {
  if (readsEverything(reader)) return requested;
  const own = reader.role === 'duty_officer' ? TOWNSHIP_OFFICE.exec(reader.unitId ?? '')?.[1] : undefined;
  if (!own) {
    throw new DomainError(
      'REPORT.NOT_ALLOWED',
      'forbidden',
      '响应时间报表仅限指挥长、审计员和乡镇应急办值班员 only commanders, auditors and township offices read response-time reports',
    );
  }
  if (requested !== null && requested !== own) {
    throw new DomainError(
      'REPORT.OTHER_TOWNSHIP',
      'forbidden',
      `只能查看本乡镇 ${own} 的报表 a township office reads its own township's report only`,
      { pointer: '/townshipCode' },
    );
  }
  return own;
}

/** Whether a reader may see an incident: everything for commanders and auditors, else a task of theirs in it. */
export function maySeeIncidentOf(
  reader: AuditReader,
  actingUnitIds: readonly string[],
  incidentUnitIds: readonly string[],
): boolean {
  return readsEverything(reader) || incidentUnitIds.some((id) => actingUnitIds.includes(id));
}
