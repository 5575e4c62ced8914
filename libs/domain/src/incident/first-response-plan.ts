import { UnitIds } from '../district/district';
import { EscalationLadder } from '../escalation/escalation-ladder';
import { TaskRole } from '../task/task';
import { IncidentState } from './incident';

export interface TaskClause {
  unitId: string;
  role: TaskRole;
  clauseId: string;
  planVersion: string;
}

export const FIRST_PLAN_VERSION = 'township-lead/1';

/**
 * 属地负责: the first response plan. Whatever the tier, the emergency office of the incident's township
 * leads. The versioned tiered plan (departments, committee, special HQs) replaces this.
 */
export function firstResponseClauses(incident: Pick<IncidentState, 'townshipCode'>): TaskClause[] {
  return [
    {
      unitId: UnitIds.townshipOffice(incident.townshipCode),
      role: 'lead',
      clauseId: 'township-office-leads',
      planVersion: FIRST_PLAN_VERSION,
    },
  ];
}

/** An unacknowledged task goes up to the district command room (区应急指挥中心). */
export const DISTRICT_ESCALATION = new EscalationLadder([
  { step: 1, unitId: UnitIds.districtCommandRoom, role: 'supervise', clauseId: 'ack-missed-to-command-room' },
]);
