import { Actor, EventType } from '@erp/contracts';
import { DEADLINE_NAMES_ZH as DEADLINE_ZH, USER_ROLE_LABELS, UserRole } from '@erp/domain';

/** A unit's name for people (区应急委, 东城街道应急管理办公室 …), or undefined when unknown. */
export type UnitNames = (unitId: string) => string | undefined;

const ACTION_ZH: Record<string, string> = {
  renotify: '再次通知',
  notify_leader: '通知带班领导',
  task_unit: '上级单位督办',
  dispatch_next_team: '增派队伍',
  report_to_city: '上报市级',
};

function roleZh(role: unknown): string {
  return USER_ROLE_LABELS[role as UserRole] ?? String(role);
}

/** The classifier's reasons, when it gave any: why a grade is what it is. */
function because(payload: Record<string, unknown>): string {
  const reasons = Array.isArray(payload.reasons) ? payload.reasons.filter((r) => typeof r === 'string') : [];
  return reasons.length ? `；依据：${reasons.join('；')}` : '';
}

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
      return `接报：${p.source} 报警 ${p.type}${typeof p.externalId === 'string' ? `（${p.externalId}）` : ''}`;
    case 'IncidentOpened':
      return `立案：${p.type}，属地 ${p.townshipCode}，报警来源 ${p.alarmSource}`;
    case 'IncidentClassified':
      return `定级：${p.tier}${p.level ? `（${p.level} 级）` : ''}${because(payload)}`;
    case 'AlarmJoinedIncident':
      return `并案：${p.alarmSource} 的报警并入本事件${p.distanceMetres !== null ? `（相距 ${p.distanceMetres} 米）` : ''}`;
    case 'IncidentReclassified': {
      const q = payload as {
        from: { tier: string; level: string | null };
        to: { tier: string; level: string | null };
      };
      return `${p.confirmedBy ? `降级（${p.confirmedBy} 确认）` : '升级'}：${q.from.tier}/${q.from.level ?? '-'} → ${q.to.tier}/${q.to.level ?? '-'}${because(payload)}`;
    }
    case 'IncidentCancelled':
      return `撤销：${p.alarmSource} 撤回报警，事件取消（${p.reason}）`;
    case 'IncidentDowngradeProposed': {
      const q = payload as { to: { tier: string; level: string | null } };
      return `建议降级至 ${q.to.tier}/${q.to.level ?? '-'}，待值班员确认${because(payload)}`;
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
      return p.action === 'created'
        ? `新增单位：${unit(p.unitId)}`
        : p.action === 'retired'
          ? `撤销单位：${unit(p.unitId)}`
          : `单位信息变更：${unit(p.unitId)}`;
    case 'UserRoleChanged':
      return `账号角色变更：${p.userName} ${roleZh(p.from)} → ${roleZh(p.to)}`;
    case 'TownshipPointCorrected': {
      const q = payload as { to: { lat: number; lon: number } };
      return `更正乡镇位置：${p.townshipCode} → ${q.to.lat}, ${q.to.lon}`;
    }
    case 'ResponsePlanPublished':
      return `发布预案版本 ${p.planVersion}`;
    case 'TaskAcknowledged':
      return `签收：${unit(p.unitId)}，由 ${who}${p.late ? '（超时签收）' : ''}`;
    case 'TaskDeparted':
      return `出发：${unit(p.unitId)}，由 ${who}${p.late ? '（超时出发）' : ''}`;
    case 'TaskArrived':
      return `到达现场：${unit(p.unitId)}，派出后 ${Math.round(Number(p.secondsFromDispatch) / 60)} 分钟${p.late ? '（超时到达）' : ''}，由 ${who}`;
    case 'TaskReported':
      return `情况报告：${unit(p.unitId)}（${who}）：${p.text}${p.first && p.late ? '（首报超时）' : ''}`;
    case 'TaskCompleted':
      return `完成：${unit(p.unitId)}，由 ${who}${p.late ? '（超时完成）' : ''}`;
    case 'TaskDeclined':
      return `拒绝：${unit(p.unitId)}，由 ${who}，理由：${p.reason}`;
    case 'TaskCancelled':
      return `任务取消：${unit(p.unitId)}（${p.reason}）`;
    case 'TaskDeadlineMissed':
      return `超时：${unit(p.unitId)} 未在 ${p.deadlineAt} 前${DEADLINE_ZH[String(p.deadline)] ?? p.deadline}${p.late ? `（计时器迟 ${Math.round(Number(p.lateMs) / 1000)} 秒触发）` : ''}`;
    case 'TaskEscalated': {
      const e = (payload as { target: { unitId?: string; userNames?: string[]; note?: string } }).target;
      const target = [e.unitId ? unit(e.unitId) : '', e.userNames?.length ? e.userNames.join('、') : '']
        .filter(Boolean)
        .join(' ');
      return `逐级上报第 ${p.step} 步（${DEADLINE_ZH[String(p.deadline)] ?? p.deadline}超时）：${ACTION_ZH[String(p.action)] ?? p.action}${target ? ` → ${target}` : ''}${e.note ? `（${e.note}）` : ''}`;
    }
    case 'IncidentClosed':
      return `结案：${p.outcome}，由 ${who}${p.summary ? `。${p.summary}` : ''}`;
    case 'NotificationIssued': {
      const people = (payload.recipients as { name: string; phone: string | null }[]).map(
        (r) => `${r.name}${r.phone ? `（${r.phone}）` : ''}`,
      );
      return `通知（${p.event}）：${people.length ? people.join('、') : '无在岗人员 nobody on duty'}`;
    }
    case 'NotificationDelivered':
      return `通知已送达网关：${p.origin}（${p.event}，第 ${p.attempts} 次尝试，HTTP ${p.statusCode}）`;
    case 'NotificationDeliveryFailed':
      return `通知未能送达网关：${p.origin}（${p.event}，${p.attempts} 次尝试后放弃：${p.reason}）`;
    case 'WebhookRegistered':
      return `登记通知网关：${p.origin}（${(payload.events as string[]).join('、')}），由 ${who}`;
    case 'WebhookRemoved':
      return `移除通知网关：${p.origin}，由 ${who}`;
    case 'SensorThresholdExceeded':
      return `监测超阈值：${p.sensorId}（隐患点 ${p.hazardPointId}）${p.value} ${p.unit} > ${p.threshold} ${p.unit}`;
  }
}
