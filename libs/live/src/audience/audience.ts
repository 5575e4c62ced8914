import { WARNING_EVENT_TYPES } from '@erp/contracts';
import { readsEverything, UserRole } from '@erp/domain';
import { LiveEvent } from '../live-event';

/** Who is listening: their role, and the units whose tasks are theirs (their unit and its teams). */
export interface Viewer {
  role: UserRole;
  unitIds: ReadonlySet<string>;
}

/**
 * The command structure (units, rosters, team status, plan versions) and the warnings with their tasks are
 * readable by anyone signed in through the API (GET /units, /plan, /coverage, /warnings): their changes go
 * to everyone. A warning is district-wide news. Account changes (UserRoleChanged, UserPasswordChanged) are
 * not: only those who read everything see them.
 */
const EVERYONES_EVENTS: ReadonlySet<string> = new Set([
  'UnitChanged',
  'RescueTeamStatusChanged',
  'ResponsePlanPublished',
  'TownshipPointCorrected',
  ...WARNING_EVENT_TYPES,
]);

/**
 * Each user sees their units (DESIGN §4), as the API decides for reads: the commander and the auditor
 * see everything; a duty officer sees the events of an incident in which one of their units holds a
 * task (as GET /incidents/{id} allows them), the command structure's changes that name no incident they may
 * not see, the warnings and their tasks, and the notices that told their units; nothing else.
 */
export function maySee(viewer: Viewer, event: LiveEvent): boolean {
  if (readsEverything(viewer)) return true;
  // A change tied to an incident (a team sent to it) follows the incident: its id is not theirs to see.
  if (event.incidentId !== null) return event.units.some((unit) => viewer.unitIds.has(unit));
  // A notice tied to no incident (a warning's, say) goes to the officers of the units it told.
  if (event.type === 'NotificationIssued') return event.units.some((unit) => viewer.unitIds.has(unit));
  return EVERYONES_EVENTS.has(event.type);
}
