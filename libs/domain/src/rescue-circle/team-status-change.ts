import type { DomainEvent } from '@erp/contracts';
import { canTransitionTeam, TeamStatus } from './rescue-team';
import type { TaskMove } from '../task/task-lifecycle';

/** The one way a team's status change is recorded (RescueTeamStatusChanged). */
export function teamStatusChanged(
  teamId: string,
  from: TeamStatus,
  to: TeamStatus,
  incidentId: string | null,
  reason: string,
): DomainEvent {
  return { type: 'RescueTeamStatusChanged', payload: { teamId, from, to, incidentId, reason } };
}

/** A team's task moves its status with it (出发 → en route, 到达 → on scene, 完成 → returning, 拒绝 → back). */
const TEAM_STATUS_WITH_TASK: Partial<Record<TaskMove, { to: TeamStatus; reason: string }>> = {
  depart: { to: 'en_route', reason: '任务出发 the task departed' },
  arrive: { to: 'on_scene', reason: '任务到达 the task arrived' },
  complete: { to: 'returning', reason: '任务完成，返回驻地 the task is done' },
  decline: { to: 'available', reason: '任务被拒绝，队伍恢复待命 the task was declined' },
};

/** Where a team goes when its task makes `move` from `from`, or null when it stays (no move, or not legal). */
export function teamStatusWithTask(
  move: TaskMove,
  from: TeamStatus,
): { to: TeamStatus; reason: string } | null {
  const next = TEAM_STATUS_WITH_TASK[move];
  return next && canTransitionTeam(from, next.to) ? next : null;
}

/**
 * Where a team sent to an incident goes when the incident is cancelled or closed: not yet gone, available at
 * once; on the way or on scene, it turns back; returning, it is free again when the incident closes.
 */
export function teamStatusOnStandDown(from: TeamStatus, closing: boolean): TeamStatus | null {
  switch (from) {
    case 'dispatched':
      return 'available';
    case 'en_route':
    case 'on_scene':
      return 'returning';
    case 'returning':
      return closing ? 'available' : null;
    default:
      return null;
  }
}
