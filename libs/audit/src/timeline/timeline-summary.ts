import { Actor, EventType } from '@erp/contracts';

/** A unit's name for people (区应急委, 东城街道应急管理办公室 …), or undefined when unknown. */
export type UnitNames = (unitId: string) => string | undefined;

/**
 * One readable line per event, Chinese first: what a duty officer or auditor reads in the timeline. Units are
 * named by their Chinese names where `names` knows them, with the id beside for the record.
 */
export function summarize(
  type: EventType,
  payload: Record<string, unknown>,
  actor: Actor,
  names: UnitNames = () => undefined,
): string {
  const p = payload as Record<string, string | number | boolean | null>;
  const unit = (id: unknown) => {
    const name = typeof id === 'string' ? names(id) : undefined;
    return name ? `${name}（${String(id)}）` : String(id);
  };
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
      return `派发任务：${unit(p.unitId)}（${p.role}），签收时限 ${p.ackDeadlineAt}${typeof p.etaSeconds === 'number' ? `，预计 ${Math.round(p.etaSeconds / 60)} 分钟到达` : ''}（预案 ${p.planVersion} 条款 ${p.clauseId}）`;
    case 'RescueCircleBreachPredicted':
      return `预警：无可用队伍能在 ${Math.round(Number(p.circleSeconds) / 60)} 分钟内到达${p.bestEtaSeconds !== null ? `，最快 ${Math.round(Number(p.bestEtaSeconds) / 60)} 分钟` : '，暂无可用队伍'}；已按条款 ${p.clauseId} 上报`;
    case 'CityReportRequired': {
      const q = payload as { clauseIds: string[] };
      return `上报市级：${p.tier}${p.level ? `（${p.level} 级）` : ''}，依据预案 ${p.planVersion} 条款 ${q.clauseIds.join('、')}`;
    }
    case 'RescueTeamStatusChanged':
      return `救援队伍 ${unit(p.teamId)}：${p.from} → ${p.to}`;
    case 'UnitChanged':
      return `单位信息变更：${unit(p.unitId)}`;
    case 'ResponsePlanPublished':
      return `发布预案版本 ${p.planVersion}`;
    case 'TaskAcknowledged':
      return `签收：${unit(p.unitId)}，由 ${who}${p.late ? '（超时签收）' : ''}`;
    case 'TaskEscalated':
      return `超时升级：${unit(p.unitId)} 未在 ${p.deadlineAt} 前签收，上报 ${unit(p.escalatedToUnitId)}`;
    case 'TaskDeadlineMissed':
      return `超时未签收：${unit(p.unitId)}（${p.reason}）`;
  }
}
