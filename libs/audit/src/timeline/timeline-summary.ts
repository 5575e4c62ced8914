import { Actor, EventType } from '@erp/contracts';

/** One readable line per event, Chinese first: what a duty officer or auditor reads in the timeline. */
export function summarize(type: EventType, payload: Record<string, unknown>, actor: Actor): string {
  const p = payload as Record<string, string | number | boolean | null>;
  const who = actor.kind === 'user' ? (actor.name ?? actor.id) : actor.id;
  switch (type) {
    case 'AlarmReceived':
      return `接报：${p.source} 报警 ${p.type}（${p.externalId}）`;
    case 'IncidentOpened':
      return `立案：${p.type}，属地 ${p.townshipCode}，报警来源 ${p.alarmSource}`;
    case 'IncidentClassified':
      return `定级：${p.tier}${p.level ? `（${p.level} 级）` : ''}`;
    case 'AlarmJoinedIncident':
      return `并案：${p.alarmSource} 的报警并入本事件${p.distanceMetres !== null ? `（相距 ${p.distanceMetres} 米）` : ''}`;
    case 'IncidentReclassified': {
      const q = payload as {
        from: { tier: string; level: string | null };
        to: { tier: string; level: string | null };
      };
      return `${p.confirmedBy ? `降级（${p.confirmedBy} 确认）` : '升级'}：${q.from.tier}/${q.from.level ?? '-'} → ${q.to.tier}/${q.to.level ?? '-'}`;
    }
    case 'IncidentCancelled':
      return `撤销：${p.alarmSource} 撤回报警，事件取消（${p.reason}）`;
    case 'IncidentDowngradeProposed': {
      const q = payload as { to: { tier: string; level: string | null } };
      return `建议降级至 ${q.to.tier}/${q.to.level ?? '-'}，待值班员确认`;
    }
    case 'TaskDispatched':
      return `派发任务：${p.unitId}（${p.role}），签收时限 ${p.ackDeadlineAt}`;
    case 'TaskAcknowledged':
      return `签收：${p.unitId}，由 ${who}${p.late ? '（超时签收）' : ''}`;
    case 'TaskEscalated':
      return `超时升级：${p.unitId} 未在 ${p.deadlineAt} 前签收，上报 ${p.escalatedToUnitId}`;
    case 'TaskDeadlineMissed':
      return `超时未签收：${p.unitId}（${p.reason}）`;
  }
}
