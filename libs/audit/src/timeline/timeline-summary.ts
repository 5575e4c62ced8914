import { Actor, EventType } from '@erp/contracts';
import {
  DEADLINE_NAMES_ZH as DEADLINE_ZH,
  HAZARD_RESPONSIBLE_ROLES,
  USER_ROLE_LABELS,
  UserRole,
  WARNING_ACTION_NAMES,
  WARNING_COLOUR_NAMES,
  WARNING_LADDER_ACTION_NAMES,
} from '@erp/domain';

/** A unit's name for people (区应急委, 东城街道应急管理办公室 …), or undefined when unknown. */
export type UnitNames = (unitId: string) => string | undefined;

const HAZARD_RESPONSIBLE_ROLES_ZH: Record<string, string> = Object.fromEntries(
  Object.entries(HAZARD_RESPONSIBLE_ROLES).map(([role, { nameZh }]) => [role, nameZh]),
);

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

/** A name from a table, or the code itself when the table does not know it (an older or newer value). */
function named(table: Readonly<Record<string, string>>, code: unknown): string {
  return Object.prototype.hasOwnProperty.call(table, String(code)) ? table[String(code)] : String(code);
}

/** A warning as one phrase: 暴雨橙色预警（区域，至 …）. */
function warningPhrase(p: Record<string, unknown>): string {
  const colour = p.colour ? named(WARNING_COLOUR_NAMES, p.colour) : '';
  const until = typeof p.expiresAt === 'string' ? `，至 ${p.expiresAt}` : '';
  return `${String(p.event)}${colour}预警（${String(p.areaDescription)}${until}）`;
}

/** A warning task as one phrase: 隐患点名（id）巡查. */
function warningTaskPhrase(p: Record<string, unknown>): string {
  return `${String(p.hazardPointName)}（${String(p.hazardPointId)}）${named(WARNING_ACTION_NAMES, p.action)}`;
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
    case 'UserPasswordChanged':
      return `修改密码：${p.userName}，由 ${p.changedBy}`;
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
    case 'WarningIssued':
      return `发布预警：${warningPhrase(payload)}，来源 ${p.sender}（${p.source}）`;
    case 'WarningAmended':
      return `预警变更（第 ${p.revision} 版）：${warningPhrase(payload)}`;
    case 'WarningEnded':
      return p.reason === 'expired' ? `预警到期解除（${p.endedAt}）` : `预警解除：发布方取消，由 ${who}`;
    case 'WarningTaskAssigned':
      return `预警任务：${warningTaskPhrase(payload)} → ${p.assigneeUserName}（${named(HAZARD_RESPONSIBLE_ROLES_ZH, p.assigneeRole)}），签收时限 ${p.acknowledgeDueAt}`;
    case 'WarningTaskAcknowledged':
      return `签收预警任务：${warningTaskPhrase(payload)}，由 ${who}${p.late ? '（超时签收）' : ''}`;
    case 'WarningTaskCompleted':
      return `完成预警任务：${warningTaskPhrase(payload)}，由 ${who}${p.late ? '（超时完成）' : ''}`;
    case 'WarningTaskStoodDown':
      return `预警任务撤回：${warningTaskPhrase(payload)}（${p.reason}）`;
    case 'WarningTaskEscalated':
      return `预警任务逐级上报第 ${Number(p.step) + 1} 步（${DEADLINE_ZH[String(p.deadline)] ?? p.deadline}超时）：${warningTaskPhrase(payload)}，${named(WARNING_LADDER_ACTION_NAMES, p.ladderAction)} → ${unit(p.target)}`;
    case 'SensorThresholdExceeded':
      return `监测超阈值：${p.sensorId}（隐患点 ${p.hazardPointId}）${p.value} ${p.unit} > ${p.threshold} ${p.unit}`;
  }
}
