/**
 * A task's stages (闭环): dispatched → acknowledged → departed → arrived → completed, or declined (with a
 * reason) before it leaves, or cancelled when its incident is cancelled or closed (or its warning ends).
 */
export const TASK_STATUSES = [
  'dispatched',
  'acknowledged',
  'departed',
  'arrived',
  'completed',
  'declined',
  'cancelled',
] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export type TaskRole = 'lead' | 'support' | 'notify' | 'supervise';

/** What an officer can do to a task: the five moves, and a situation report (which keeps the status). */
export const TASK_MOVES = ['acknowledge', 'depart', 'arrive', 'report', 'complete', 'decline'] as const;
export type TaskMove = (typeof TASK_MOVES)[number];

export const TERMINAL_STATUSES: readonly TaskStatus[] = ['completed', 'declined', 'cancelled'];

export function isOpenStatus(status: TaskStatus): boolean {
  return !TERMINAL_STATUSES.includes(status);
}

/** Notify (知悉) and supervise (督办) tasks send nobody anywhere: no depart or arrive. */
export function sendsSomeone(role: TaskRole): boolean {
  return role === 'lead' || role === 'support';
}

/** The moves a task in `status` with `role` allows, in the order a console offers them. */
export function allowedMoves(status: TaskStatus, role: TaskRole): TaskMove[] {
  switch (status) {
    case 'dispatched':
      return ['acknowledge', 'decline'];
    case 'acknowledged':
      return sendsSomeone(role) ? ['depart', 'report', 'decline'] : ['report', 'complete', 'decline'];
    case 'departed':
      return ['arrive', 'report'];
    case 'arrived':
      return ['report', 'complete'];
    default:
      return [];
  }
}
