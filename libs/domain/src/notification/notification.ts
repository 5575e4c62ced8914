import type { EventType } from '@erp/contracts';
import { CommandUnit, onDutyAt } from '../command-structure/command-unit';
import { UnitIds } from '../district/district';
import type { HazardPointRecord } from '../hazard/hazard-point';
import { DEADLINE_NAMES_ZH as DEADLINE_ZH } from '../task/task-deadline';
import { WARNING_ACTION_NAMES } from '../warning/warning-clauses';

/** Who a notification reaches: a person on a unit's roster, or the unit's own line when nobody is rostered. */
export interface Recipient {
  unitId: string;
  name: string;
  phone: string | null;
  userName: string | null;
  /** head, deputy, duty_officer, liaison, or `unit_line`. */
  role: string;
}

/** An event told to people: the same for every channel, so a gateway and a console say the same thing. */
export interface Notification {
  /** The event told of: the idempotency key of every delivery of it. */
  id: string;
  event: NotifiableEvent;
  incidentId: string | null;
  /** The warning told of, when the event is a warning's. */
  warningId?: string;
  occurredAt: string;
  /** One line for an SMS, Chinese. */
  text: string;
  recipients: Recipient[];
  /** The event's own payload, for gateways that want the details. */
  facts: Record<string, unknown>;
  /** The chain the event belongs to (the alarm or request that started it), for the record. */
  correlationId?: string;
}

/** An event as the notifier sees it (decoded from the stream). */
export interface NotifiableFact {
  eventId: string;
  type: string;
  incidentId: string | null;
  occurredAt: string;
  payload: Record<string, unknown>;
  correlationId?: string;
}

/** What a rule may ask about people: the structure as stored, and the units holding a task in the incident. */
export interface RecipientDirectory {
  unit(unitId: string): CommandUnit | undefined;
  /** Units holding a task in the event's incident (for an incident-wide event such as a close). */
  incidentUnits: readonly string[];
  /** A hazard point as stored: its responsible persons are told of its warning tasks. */
  hazardPoint(id: string): HazardPointRecord | undefined;
  /** When the event happened: whose shift it is. */
  at: Date;
}

/** How one kind of event is told: its text and who hears it. New kinds (warnings) add a rule, nothing else. */
export interface NotificationRule {
  text(payload: Record<string, unknown>, unitName: (id: string) => string): string;
  recipients(payload: Record<string, unknown>, directory: RecipientDirectory): Recipient[];
}

/** The unit's people on duty now, or its own line when the roster names nobody (as the ladder renotifies). */
export function onDutyRecipients(unit: CommandUnit | undefined, unitId: string, at: Date): Recipient[] {
  if (!unit) return [];
  const duty = onDutyAt(unit, at);
  if (duty.source === 'contact') {
    return [
      { unitId, name: duty.contact.name, phone: duty.contact.phone, userName: null, role: 'unit_line' },
    ];
  }
  return duty.members.map((m) => memberRecipient(unit, unitId, m));
}

/** A member without a phone of their own is reached on the unit's duty line (值班电话), where they sit. */
function memberRecipient(unit: CommandUnit, unitId: string, m: CommandUnit['members'][number]): Recipient {
  return {
    unitId,
    name: m.displayName,
    phone: m.phone ?? unit.contact.phone,
    userName: m.userName,
    role: m.role,
  };
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * A responsible person of the task's hazard point, on their own phone (they answer to the point's township
 * office, whose officers see the notice); the office on duty when the point names them no more, so a
 * warning task is never told to nobody.
 */
function pointPerson(p: Record<string, unknown>, userName: string, d: RecipientDirectory): Recipient[] {
  const office = UnitIds.townshipOffice(str(p.townshipCode));
  const person = d.hazardPoint(str(p.hazardPointId))?.responsiblePersons.find((r) => r.userName === userName);
  if (!person) return onDutyRecipients(d.unit(office), office, d.at);
  return [
    { unitId: office, name: person.name, phone: person.phone, userName: person.userName, role: person.role },
  ];
}

/** A warning task's point and action, as an SMS names it: 某隐患点 巡查. */
const warningTask = (p: Record<string, unknown>) =>
  `${str(p.hazardPointName)} ${WARNING_ACTION_NAMES[str(p.action) as keyof typeof WARNING_ACTION_NAMES] ?? str(p.action)}`;

/**
 * The events people are told of, and how: the task's unit on duty for its dispatch and its missed
 * deadlines; whoever an escalation step names (the members it renotified or the leaders, or the unit it
 * tasked); every unit of the incident when it closes; a warning task's responsible person when it is
 * assigned, and whom each rung of its ladder names. Keyed by event type: a webhook subscribes to these names.
 */
export const NOTIFICATION_RULES: Partial<Record<EventType, NotificationRule>> = {
  TaskDispatched: {
    text: (p, name) =>
      `【应急任务】${name(str(p.unitId))}：请签收新任务（${str(p.role)}），签收时限 ${str(p.ackDeadlineAt)}`,
    recipients: (p, d) => onDutyRecipients(d.unit(str(p.unitId)), str(p.unitId), d.at),
  },
  TaskDeadlineMissed: {
    text: (p, name) =>
      `【任务超时】${name(str(p.unitId))} 未在 ${str(p.deadlineAt)} 前${DEADLINE_ZH[str(p.deadline)] ?? str(p.deadline)}，请立即处理`,
    recipients: (p, d) => onDutyRecipients(d.unit(str(p.unitId)), str(p.unitId), d.at),
  },
  TaskEscalated: {
    text: (p, name) => {
      const target = (p.target ?? {}) as { unitId?: string };
      const unit = name(str(p.unitId));
      const missed = `${DEADLINE_ZH[str(p.deadline)] ?? str(p.deadline)}超时`;
      switch (str(p.action)) {
        case 'renotify':
          return `【再次通知】${unit}：任务${missed}，请立即处理`;
        case 'notify_leader':
          return `【通知带班领导】${unit} 任务${missed}，请督促处理`;
        case 'task_unit':
          return `【上级督办】${name(target.unitId ?? '')}：请督办 ${unit} 的任务（${missed}）`;
        case 'dispatch_next_team':
          return `【增派队伍】${unit} 任务${missed}，正在增派队伍`;
        default:
          return `【逐级上报】第 ${String(p.step)} 步：${unit} 任务${missed}`;
      }
    },
    recipients: (p, d) => {
      const target = (p.target ?? {}) as { unitId?: string; userNames?: string[] };
      const unitId = target.unitId ?? str(p.unitId);
      const unit = d.unit(unitId);
      if (target.userNames?.length && unit) {
        const named = new Set(target.userNames);
        const members = unit.members.filter((m) => named.has(m.userName));
        if (members.length) return members.map((m) => memberRecipient(unit, unitId, m));
      }
      return onDutyRecipients(unit, unitId, d.at);
    },
  },
  WarningTaskAssigned: {
    text: (p) => `【预警任务】${warningTask(p)}：请签收并执行，签收时限 ${str(p.acknowledgeDueAt)}`,
    recipients: (p, d) => pointPerson(p, str(p.assigneeUserName), d),
  },
  WarningTaskEscalated: {
    text: (p) => {
      const missed = `${DEADLINE_ZH[str(p.deadline)] ?? str(p.deadline)}超时`;
      return str(p.ladderAction) === 'renotify_assignee'
        ? `【预警任务超时】${warningTask(p)}：任务${missed}，请立即处理`
        : `【预警任务督促】${warningTask(p)}（${str(p.assigneeUserName)}）任务${missed}，请督促处理`;
    },
    // The rung's target: the assignee, the point's person in charge, or the township office's officers.
    recipients: (p, d) => {
      const target = str(p.target);
      const unit = d.unit(target);
      return unit ? onDutyRecipients(unit, target, d.at) : pointPerson(p, target, d);
    },
  },
  IncidentClosed: {
    text: (p) => `【结案】事件已结案：${str(p.outcome)}${p.summary ? `。${str(p.summary)}` : ''}`,
    recipients: (_p, d) => d.incidentUnits.flatMap((id) => onDutyRecipients(d.unit(id), id, d.at)),
  },
};

export type NotifiableEvent = string;

/** The event names a webhook may subscribe to. */
export function notifiableEvents(): string[] {
  return Object.keys(NOTIFICATION_RULES).sort();
}

export function isNotifiable(type: string): boolean {
  return Object.prototype.hasOwnProperty.call(NOTIFICATION_RULES, type);
}

/** The notification an event makes, or null when nobody is told of it. Recipients come once each. */
export function notificationOf(fact: NotifiableFact, directory: RecipientDirectory): Notification | null {
  const rule = NOTIFICATION_RULES[fact.type as EventType];
  if (!rule) return null;
  const unitName = (id: string) => directory.unit(id)?.name ?? id;
  const seen = new Set<string>();
  const recipients = rule.recipients(fact.payload, directory).filter((r) => {
    const key = `${r.unitId}|${r.userName ?? ''}|${r.phone ?? ''}|${r.name}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
  return {
    id: fact.eventId,
    event: fact.type,
    incidentId: fact.incidentId,
    ...(typeof fact.payload.warningId === 'string' ? { warningId: fact.payload.warningId } : {}),
    occurredAt: fact.occurredAt,
    text: rule.text(fact.payload, unitName),
    recipients,
    facts: fact.payload,
    ...(fact.correlationId ? { correlationId: fact.correlationId } : {}),
  };
}
